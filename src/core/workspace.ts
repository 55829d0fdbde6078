// WorkspaceIndex: every article's figures and links, kept current one document at a time, and the
// conflicts among them and against the registry. Shared by the extension and the CLI.
import { anchorAnnotation } from './annotations';
import { FactClaims, type IndexedClaim } from './claims';
import { FigureExtractor, LAST_MONTH_REACH, type LastMonth, lastMonthOf } from './extract';
import { foldText } from './fold';
import { formatFactValue, formatFigure } from './format';
import { factInterval, figureInterval, type Interval, overlaps, unitsCompatible } from './intervals';
import { LineIndex } from './lineIndex';
import { partitionPoint } from './sorted';
import { FactLinker } from './link';
import { excludedSpans, excludedSpansAfterEdit } from './mask';
import type { Registry } from './registry';
import { sentenceAround } from './sentences';
import type { DiagnosticCode, Fact, Figure, FigureDiagnostic, RelatedPlace, Severity, Span } from './types';

export interface AnalyzedFigure extends Figure {
  /** The linked fact's id, or null. */
  fact: string | null;
  /** Where the fact's match terms stand, when linked. */
  terms?: Span[];
  /** Silenced by an ignore marker or the registry's ignore list. */
  ignored?: boolean;
  /** Linked by hand: a registry annotation covers the figure, which overrides the automatic link. */
  linkedBy?: 'annotation';
}

export interface DocumentAnalysis {
  path: string;
  text: string;
  lines: LineIndex;
  figures: AnalyzedFigure[];
}

export interface Claim {
  path: string;
  figure: AnalyzedFigure;
}

export interface WorkspaceOptions {
  /** Path of the registry file, for diagnostics that point at an entry. */
  registryPath: string;
  /** The key a document has in the registry's ignore list (its path relative to the registry's folder). */
  ignoreKey?: (path: string) => string;
  severities?: Partial<Record<DiagnosticCode, Severity>>;
  /** How a document path reads in messages (the editor shows workspace-relative paths). */
  displayPath?: (path: string) => string;
  /**
   * Translates a message template with {0}, {1}… placeholders (the editor passes vscode.l10n.t,
   * the CLI @vscode/l10n's t). The default formats the English template.
   */
  t?: Translate;
}

export type Translate = (message: string, ...args: (string | number)[]) => string;

/** Fills {0}, {1}… in an English template: the translator used when none is given. */
export const formatMessage: Translate = (message, ...args) => {
  // A plain scan rather than a replace with a callback: every diagnostic's message passes here.
  // The pieces are joined once: concatenated one by one they stay a tree of string pieces, which
  // the index keeps for every conflict (80,000 in a large workspace) at twice the size of the text.
  const parts: string[] = [];
  let from = 0;
  for (let open = message.indexOf('{'); open >= 0; open = message.indexOf('{', open + 1)) {
    let close = open + 1;
    while (close < message.length && message.charCodeAt(close) >= 48 && message.charCodeAt(close) <= 57) close++;
    if (close === open + 1 || message.charCodeAt(close) !== 125) continue;
    const i = Number(message.slice(open + 1, close));
    if (i >= args.length) continue;
    parts.push(message.slice(from, open), String(args[i]));
    from = close + 1;
    open = close;
  }
  if (from === 0) return message;
  parts.push(message.slice(from));
  return parts.join('');
};

const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity> = { conflict: 'warning', 'cross-conflict': 'warning' };
const IGNORE_LINE = '<!-- fact-ledger-ignore -->';
const IGNORE_NEXT_LINE = '<!-- fact-ledger-ignore-next-line -->';
/** At most this many other articles are named in one cross-conflict. */
const MAX_RELATED = 5;
/** How many messages of conflicts with the registry are kept for reuse, across facts. */
const MAX_REMEMBERED_MESSAGES = 100_000;
/**
 * Articles at least this long are re-read only around an edit; shorter ones are read whole, which
 * costs less than keeping their folded text and masks between edits.
 */
const INCREMENTAL_MIN_CHARS = 32_768;
/** Re-read from this far before an edit: beyond any figure's context and a sentence's reach (600). */
const READ_BEFORE_EDIT = 700;
/** And to this far after it: a date the edit changes gives its month to bare days this far on. */
const READ_AFTER_EDIT = LAST_MONTH_REACH + 100;

/** Context read around the window: figures look back a dozen characters and ahead a few words. */
const CONTEXT_BEFORE = 64;
const CONTEXT_AFTER = 256;

/** What a long article's last read keeps for the next, partial one: its masks. */
interface ReadState {
  excluded: Span[];
}

/** Lines silenced by inline markers: the marker's own line, or the line after a -next-line marker. */
function ignoredLines(text: string, lines: LineIndex): Set<number> {
  const result = new Set<number>();
  if (!text.includes('fact-ledger-ignore')) return result;
  for (const [marker, shift] of [[IGNORE_LINE, 0], [IGNORE_NEXT_LINE, 1]] as const) {
    let at = text.indexOf(marker);
    while (at >= 0) {
      result.add(lines.positionAt(at).line + shift);
      at = text.indexOf(marker, at + marker.length);
    }
  }
  return result;
}

export class WorkspaceIndex {
  private registry: Registry;
  private linker: FactLinker;
  private readonly extractor = new FigureExtractor();
  private readonly documents = new Map<string, DocumentAnalysis>();
  /** fact id → the claims articles make about it. */
  private readonly claims = new Map<string, FactClaims<AnalyzedFigure>>();
  /** The registry's ignore list: document key → silenced figure texts. */
  private ignores: Map<string, Set<string>>;
  /** Each figure's value as messages show it: a claim is named in the messages of many others. */
  private readonly formatted = new WeakMap<Figure, string>();
  /** Each fact's registry value as messages show it, once per registry. */
  private readonly factValues = new Map<Fact, string>();
  /**
   * The related place of each fact's registry entry and of each claim, made once and shared by
   * every diagnostic that points there: 10,000 articles have ~80,000 conflicts, each pointing at
   * up to six places (100 MB of copies before they were shared).
   */
  private readonly registryPlaces = new Map<Fact, RelatedPlace>();
  /** The related places of a conflict with the registry: one array per fact, shared (read-only). */
  private readonly registryRelated = new Map<Fact, readonly RelatedPlace[]>();
  /**
   * Messages of conflicts with the registry, per fact, by the claim's text and value: the same
   * claim repeats across an archive (and within an article), and its message is the same string.
   */
  private registryMessages = new Map<Fact, Map<string, string>>();
  private registryMessageCount = 0;
  private readonly claimPlaces = new WeakMap<Figure, RelatedPlace>();
  /** Each fact's registry interval, computed once per registry. */
  private readonly factIntervals = new Map<Fact, Interval | undefined>();
  /**
   * Each document's conflicts until the next change of anything (a cross-conflict depends on every
   * other document): the editor asks for them many times per edit — Problems, decorations, status
   * bar, language status, Facts view, code actions.
   */
  private readonly conflictsByPath = new Map<string, FigureDiagnostic[]>();
  /** The facts each document's claims are about: an edit to one article changes the conflicts of those sharing a fact. */
  private readonly factsByPath = new Map<string, Set<string>>();
  /** Long articles' masks, for re-reading only around the next edit. */
  private readonly readStates = new Map<string, ReadState>();
  /** How the last update() went: 'whole', 'part' (around the edit only) or 'unchanged'. For tests and benchmarks. */
  lastUpdate: { kind: 'whole' | 'part' | 'unchanged'; from: number; to: number } = { kind: 'whole', from: 0, to: 0 };

  constructor(registry: Registry, private options: WorkspaceOptions) {
    this.registry = registry;
    this.linker = new FactLinker(registry.facts);
    this.ignores = ignoresByFile(registry);
  }

  get registryPath(): string {
    return this.options.registryPath;
  }

  get facts(): readonly Fact[] {
    return this.registry.facts;
  }

  fact(id: string): Fact | undefined {
    return this.registry.byId.get(id);
  }

  setOptions(options: Partial<WorkspaceOptions>): void {
    this.options = { ...this.options, ...options };
    this.conflictsByPath.clear();
    this.forgetRegistryPlaces();
  }

  /** Forgets what points at the registry or quotes it: its path, facts or the messages' language changed. */
  private forgetRegistryPlaces(): void {
    this.registryPlaces.clear();
    this.registryRelated.clear();
    this.registryMessages = new Map();
    this.registryMessageCount = 0;
  }

  /** A new registry: every document is linked again (extraction is kept). */
  setRegistry(registry: Registry, registryPath = this.options.registryPath): void {
    this.registry = registry;
    this.options = { ...this.options, registryPath };
    this.linker = new FactLinker(registry.facts);
    this.ignores = ignoresByFile(registry);
    this.factIntervals.clear();
    this.factValues.clear();
    this.forgetRegistryPlaces();
    this.claims.clear();
    this.conflictsByPath.clear();
    this.factsByPath.clear();
    for (const doc of this.documents.values()) {
      // The figures already carry links: copy them rather than change what callers may hold.
      const state = this.readStates.get(doc.path);
      this.linkDocument(doc, doc.figures.map(unlinked), state?.excluded ?? excludedSpans(doc.text), foldText(doc.text));
      this.indexClaims(doc);
    }
  }

  paths(): string[] {
    return [...this.documents.keys()];
  }

  get(path: string): DocumentAnalysis | undefined {
    return this.documents.get(path);
  }

  /**
   * Analyses (or re-analyses) one document. A long article already analysed is re-read only
   * around what changed (see updateInPart); the result is the same as a whole read.
   */
  update(path: string, text: string): DocumentAnalysis {
    const previous = this.documents.get(path);
    if (previous && previous.text === text) {
      this.lastUpdate = { kind: 'unchanged', from: 0, to: 0 };
      return previous;
    }
    const state = previous && text.length >= INCREMENTAL_MIN_CHARS ? this.readStates.get(path) : undefined;
    const inPart = previous && state && this.updateInPart(previous, state, text);
    if (inPart) return inPart;
    const touched = this.factsByPath.get(path);
    this.unindexClaims(path);
    const doc: DocumentAnalysis = { path, text, lines: new LineIndex(text), figures: [] };
    // One mask and one folding for both: no figure is read, and no term counts, inside a URL or code.
    const excluded = excludedSpans(text);
    const folded = foldText(text);
    this.linkDocument(doc, this.extractor.extract(text, { excluded, folded }), excluded, folded);
    this.documents.set(path, doc);
    this.indexClaims(doc);
    if (text.length >= INCREMENTAL_MIN_CHARS) this.readStates.set(path, { excluded });
    else this.readStates.delete(path);
    this.conflictsByPath.delete(path);
    this.forgetConflictsAbout(path, touched, this.factsByPath.get(path));
    this.lastUpdate = { kind: 'whole', from: 0, to: text.length };
    return doc;
  }

  remove(path: string): void {
    const touched = this.factsByPath.get(path);
    this.unindexClaims(path);
    this.documents.delete(path);
    this.readStates.delete(path);
    this.factsByPath.delete(path);
    this.conflictsByPath.delete(path);
    this.forgetConflictsAbout(path, touched);
  }

  /**
   * Forgets the remembered conflicts of the other documents that make claims about these facts:
   * they may name the changed document's claims (a cross-conflict, its line, its count).
   */
  private forgetConflictsAbout(path: string, ...factSets: (ReadonlySet<string> | undefined)[]): void {
    const facts = factSets.filter((set): set is ReadonlySet<string> => set !== undefined && set.size > 0);
    if (facts.length === 0) return;
    for (const other of this.conflictsByPath.keys()) {
      if (other === path) continue;
      const theirs = this.factsByPath.get(other);
      if (theirs && facts.some((set) => [...set].some((id) => theirs.has(id)))) this.conflictsByPath.delete(other);
    }
  }

  /**
   * Re-reads a long article only around an edit: from a line start READ_BEFORE_EDIT before it to
   * one READ_AFTER_EDIT after it. Figures before that keep their objects; figures after it are
   * shifted copies, with their links, claims and conflicts. Returns undefined (read it whole) when
   * the edit may reach further: it changes a mask (code, comment, URL) beyond the window, touches
   * an ignore marker or moves lines under one, or the article has registry annotations.
   */
  private updateInPart(previous: DocumentAnalysis, state: ReadState, text: string): DocumentAnalysis | undefined {
    const old = previous.text;
    // The edit: what lies between the longest common prefix and suffix.
    const start = commonPrefix(old, text);
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - start);
    const oldEnd = old.length - suffix;
    const newEnd = text.length - suffix;
    const delta = text.length - old.length;

    const key = this.options.ignoreKey?.(previous.path) ?? previous.path;
    if (this.registry.annotations?.some((a) => a.file === key)) return undefined;
    const linesMoved = countLineBreaks(old, start, oldEnd) !== countLineBreaks(text, start, newEnd);
    if (old.includes('fact-ledger-ignore') || text.includes('fact-ledger-ignore')) {
      const near = (t: string, end: number): boolean => t.slice(Math.max(0, start - 64), end + 64).includes('fact-ledger-ignore');
      if (linesMoved || near(old, oldEnd) || near(text, newEnd)) return undefined;
    }

    // Masks: those away from the edit must be the same (shifted after it); the window covers the rest.
    const excluded = excludedSpansAfterEdit(state.excluded, text, old, start, oldEnd, newEnd);
    const changedMasks = maskChange(state.excluded, excluded, start, oldEnd, newEnd, delta);
    if (!changedMasks) return undefined;
    const low = Math.min(start, changedMasks.start);
    const high = Math.max(newEnd, changedMasks.end);

    const figures = previous.figures;
    // Window [from, to) in the new text; [from, toOld) in the old one.
    let from = lineStartAtOrBefore(text, Math.max(0, low - READ_BEFORE_EDIT));
    let before = countEndingBy(figures, from);
    // A figure across the window's start (only if one ever spans a line break): start before it.
    while (before < figures.length && figures[before].span.start < from) {
      from = lineStartAtOrBefore(text, figures[before].span.start);
      before = countEndingBy(figures, from);
    }
    const to = lineStartAtOrAfter(text, high + READ_AFTER_EDIT);
    const toOld = to - delta;
    const after = countStartingBefore(figures, toOld);
    if (after < figures.length && after > 0 && figures[after - 1].span.end > toOld) return undefined;

    // Only the window is folded and read, with some context either side (offsets relative to `base`).
    const base = Math.max(0, from - CONTEXT_BEFORE);
    const slice = text.slice(base, Math.min(text.length, to + CONTEXT_AFTER));
    const folded = foldText(slice);
    const masks = clipSpans(excluded, base, base + slice.length);
    const kept = figures.slice(0, before);
    const lastBefore = lastMonthOf(figures, before);
    const read = this.extractor.extract(slice, {
      excluded: masks,
      folded,
      baseOffset: base,
      range: {
        from: from - base,
        to: to - base,
        lastMonth: lastBefore && { ...lastBefore, at: lastBefore.at - base },
        floor: before > 0 ? Math.max(0, figures[before - 1].span.end - base) : 0,
      },
    });
    if (read.length > 0 && read[read.length - 1].span.end > to) return undefined;
    // The last date before the window's end decides bare days after it: it must be the same one.
    const lastNew = lastMonthOf(read) ?? lastMonthOf(kept);
    const lastOld = lastMonthOf(figures, after);
    if (!sameLastMonth(lastNew, lastOld, delta, to)) return undefined;

    const doc: DocumentAnalysis = { path: previous.path, text, lines: LineIndex.afterEdit(previous.lines, text, start, oldEnd, newEnd), figures: [] };
    const linked = this.linkFigures(doc, read, masks, folded, base);
    const removed = new Set(figures.slice(before, after));
    const moved = new Map<AnalyzedFigure, AnalyzedFigure>();
    const shifted: AnalyzedFigure[] = [];
    for (let i = after; i < figures.length; i++) {
      const figure = figures[i];
      if (delta === 0) {
        shifted.push(figure);
        continue;
      }
      const copy = shiftedFigure(figure, delta);
      shifted.push(copy);
      moved.set(figure, copy);
    }
    doc.figures = kept.concat(linked, shifted);

    // Claims: out with the window's old figures, in with its new ones; the shifted ones move.
    const touched = new Set<string>();
    for (const figure of removed) if (figure.fact) touched.add(figure.fact);
    // Other articles' conflicts name these claims by line and span: moved lines are a change for them too.
    if (delta !== 0 || linesMoved) for (const figure of moved.size > 0 ? moved.keys() : shifted) if (figure.fact && !figure.ignored) touched.add(figure.fact);
    for (const id of touched) {
      const claims = this.claims.get(id);
      if (!claims) continue;
      claims.updatePath(doc.path, removed, moved);
      if (claims.empty) this.claims.delete(id);
    }
    this.indexFigures(doc.path, linked);
    for (const figure of linked) if (figure.fact && !figure.ignored) touched.add(figure.fact);
    this.documents.set(doc.path, doc);
    this.readStates.set(doc.path, { excluded });
    this.factsByPath.set(doc.path, factsOf(doc.figures));

    // This article's conflicts: the window's anew, the others as they were (shifted). Its own
    // claims never conflict with each other, so the edit changes no conflict outside the window.
    const remembered = this.conflictsByPath.get(doc.path);
    this.conflictsByPath.delete(doc.path);
    this.forgetConflictsAbout(doc.path, touched);
    if (remembered) {
      const result: FigureDiagnostic[] = [];
      let i = 0;
      for (; i < remembered.length && remembered[i].span.start < from; i++) result.push(remembered[i]);
      result.push(...this.diagnosticsOf(doc.path, linked));
      while (i < remembered.length && remembered[i].span.start < toOld) i++;
      // A conflict that moved to another line is a new object even when its offsets stay (a
      // space replaced by a line break): callers may keep what they made of it by identity.
      for (; i < remembered.length; i++) result.push(delta === 0 && !linesMoved ? remembered[i] : movedDiagnostic(remembered[i], delta));
      this.conflictsByPath.set(doc.path, result);
    }
    this.lastUpdate = { kind: 'part', from, to };
    return doc;
  }

  /** Every figure linked to a fact, across the workspace. */
  claimsOf(factId: string): Claim[] {
    const result: Claim[] = [];
    for (const { path, figure } of this.claims.get(factId) ?? []) result.push({ path, figure });
    return result;
  }

  /** Conflicts in one document: against the registry, and against other documents. */
  diagnostics(path: string): FigureDiagnostic[] {
    let result = this.conflictsByPath.get(path);
    if (!result) {
      result = this.computeDiagnostics(path);
      this.conflictsByPath.set(path, result);
    }
    return result.slice(); // the caller's own array; the diagnostics themselves are shared
  }

  private computeDiagnostics(path: string): FigureDiagnostic[] {
    const doc = this.documents.get(path);
    return doc ? this.diagnosticsOf(path, doc.figures) : [];
  }

  private diagnosticsOf(path: string, figures: readonly AnalyzedFigure[]): FigureDiagnostic[] {
    const result: FigureDiagnostic[] = [];
    // The claims index has each figure's interval, in the same order for each fact: take it from
    // there rather than work it out again (a date's interval parses it).
    const claimed = new Map<string, { list: readonly IndexedClaim<AnalyzedFigure>[] | undefined; next: number }>();
    for (const figure of figures) {
      if (!figure.fact || figure.ignored) continue;
      const fact = this.registry.byId.get(figure.fact);
      if (!fact) continue;
      let cursor = claimed.get(fact.id);
      if (!cursor) claimed.set(fact.id, (cursor = { list: this.claims.get(fact.id)?.claimsIn(path), next: 0 }));
      const claim = cursor.list?.[cursor.next];
      let interval: Interval | undefined;
      if (claim?.figure === figure) {
        interval = claim.interval;
        cursor.next++;
      } else interval = figureInterval(figure, fact.unit, fact);
      const registryConflict = this.registryConflict(figure, fact, interval);
      if (registryConflict) result.push(registryConflict);
      const cross = this.crossConflict(path, figure, fact, registryConflict !== undefined, interval);
      if (cross) result.push(cross);
    }
    return result;
  }

  /** Whether a linked figure agrees with its fact's registry value (undefined when there is none). */
  agreesWithRegistry(figure: Figure, fact: Fact): boolean | undefined {
    return this.agrees(figureInterval(figure, fact.unit, fact), fact);
  }

  /** Whether a figure's interval (in the fact's unit) agrees with the fact's registry value. */
  private agrees(figureRange: Interval | undefined, fact: Fact): boolean | undefined {
    let factRange = this.factIntervals.get(fact);
    if (factRange === undefined && !this.factIntervals.has(fact)) this.factIntervals.set(fact, (factRange = factInterval(fact)));
    if (!factRange || !figureRange) return undefined;
    return overlaps(figureRange, factRange);
  }

  private factValue(fact: Fact): string {
    let text = this.factValues.get(fact);
    if (text === undefined) this.factValues.set(fact, (text = formatFactValue(fact)));
    return text;
  }

  private format(figure: Figure): string {
    let text = this.formatted.get(figure);
    if (text === undefined) this.formatted.set(figure, (text = formatFigure(figure)));
    return text;
  }

  private severity(code: DiagnosticCode, fact: Fact): Severity {
    if (fact.status === 'disputed') return 'information';
    return this.options.severities?.[code] ?? DEFAULT_SEVERITY[code];
  }

  private registryConflict(figure: AnalyzedFigure, fact: Fact, interval: Interval | undefined): FigureDiagnostic | undefined {
    const agrees = this.agrees(interval, fact);
    // The registry records a false claim: repeating it is the conflict.
    if (fact.status === 'false' ? agrees === false : agrees !== false) return undefined;
    return {
      span: figure.span,
      severity: this.severity('conflict', fact),
      code: 'conflict',
      message: this.registryMessage(figure, fact),
      fact: fact.id,
      related: this.registryRelatedOf(fact),
    };
  }

  private registryMessage(figure: AnalyzedFigure, fact: Fact): string {
    const isFalse = fact.status === 'false';
    const value = isFalse ? '' : this.format(figure);
    let byClaim = this.registryMessages.get(fact);
    if (!byClaim) this.registryMessages.set(fact, (byClaim = new Map()));
    const key = isFalse ? figure.text : `${figure.text}\u0000${value}`;
    let message = byClaim.get(key);
    if (message !== undefined) return message;
    const t = this.options.t ?? formatMessage;
    const source = fact.sources[0]?.title ? t(' (source: {0})', fact.sources[0].title) : '';
    message = isFalse
      ? t('"{0}" repeats a claim the registry marks false: {1}', figure.text, fact.id) + (fact.claim ? ` — ${fact.claim}` : '') + source
      : t('"{0}" ({1}) conflicts with {2}: the registry has {3}', figure.text, value, fact.id, this.factValue(fact)) + source;
    // Claims typed and retyped while editing must not make this grow without end.
    if (++this.registryMessageCount > MAX_REMEMBERED_MESSAGES) {
      this.registryMessages = new Map([[fact, (byClaim = new Map())]]);
      this.registryMessageCount = 1;
    }
    byClaim.set(key, message);
    return message;
  }

  private registryRelatedOf(fact: Fact): readonly RelatedPlace[] {
    let related = this.registryRelated.get(fact);
    if (!related) this.registryRelated.set(fact, (related = Object.freeze([this.registryPlace(fact)])));
    return related;
  }

  private crossConflict(path: string, figure: AnalyzedFigure, fact: Fact, conflictsWithRegistry: boolean, interval: Interval | undefined): FigureDiagnostic | undefined {
    // When the registry has a value and this figure agrees with it, the registry settles the
    // question: the disagreeing article gets the conflict, not this one.
    if (fact.value !== undefined && !conflictsWithRegistry && fact.status !== 'false') return undefined;
    const disagreement = interval && this.claims.get(fact.id)?.disagreeing(path, interval, MAX_RELATED);
    if (!disagreement || disagreement.claims.length === 0) return undefined;
    const others = disagreement.claims;
    const first = others[0];
    const firstDoc = this.documents.get(first.path);
    const line = firstDoc ? firstDoc.lines.positionAt(first.figure.span.start).line + 1 : 0;
    const l10n = { t: this.options.t ?? formatMessage };
    const where = `${this.options.displayPath?.(first.path) ?? first.path}:${line}`;
    return {
      span: figure.span,
      severity: this.severity('cross-conflict', fact),
      code: 'cross-conflict',
      message:
        disagreement.count > 1
          ? l10n.t('"{0}" ({1}) disagrees with "{2}" ({3}) in {4} and {5} more, about {6}', figure.text, this.format(figure), first.figure.text, this.format(first.figure), where, disagreement.count - 1, fact.id)
          : l10n.t('"{0}" ({1}) disagrees with "{2}" ({3}) in {4}, about {5}', figure.text, this.format(figure), first.figure.text, this.format(first.figure), where, fact.id),
      fact: fact.id,
      related: [...others.map((o) => this.claimPlace(o.path, o.figure)), this.registryPlace(fact)],
    };
  }

  private registryPlace(fact: Fact): RelatedPlace {
    let place = this.registryPlaces.get(fact);
    if (!place) this.registryPlaces.set(fact, (place = { path: this.options.registryPath, span: fact.location, message: `${fact.id}: ${this.factValue(fact)}` }));
    return place;
  }

  /** A figure belongs to one article, and a moved figure is a new object: the figure is the key. */
  private claimPlace(path: string, figure: Figure): RelatedPlace {
    let place = this.claimPlaces.get(figure);
    if (!place) this.claimPlaces.set(figure, (place = { path, span: figure.span, message: `${figure.text} (${this.format(figure)})` }));
    return place;
  }

  /** Links fresh figures (unlinked, owned by this document) in place. */
  private linkDocument(doc: DocumentAnalysis, figures: Figure[], excluded: readonly Span[], folded: string): void {
    doc.figures = this.linkFigures(doc, figures, excluded, folded);
  }

  /**
   * Links fresh figures of a document (its text and lines set) in place. `folded` and `excluded`
   * may be of a part of the text that starts at `offset` (sentences never cross a line break).
   */
  private linkFigures(doc: DocumentAnalysis, figures: Figure[], excluded: readonly Span[], folded: string, offset = 0): AnalyzedFigure[] {
    const silenced = ignoredLines(doc.text, doc.lines);
    const key = this.options.ignoreKey?.(doc.path) ?? doc.path;
    const listed = this.ignores.get(key);
    const manual = this.annotationLinks(doc.text, key);
    let sentence: Span | undefined;
    let hits: ReturnType<FactLinker['termsIn']> = [];
    const analyzed = figures as AnalyzedFigure[];
    for (const figure of analyzed) {
      figure.fact = null;
      if ((silenced.size > 0 && silenced.has(doc.lines.positionAt(figure.span.start).line)) || listed?.has(figure.text)) {
        figure.ignored = true;
        continue;
      }
      const byHand = manual.length > 0 ? manual.find((m) => m.span.start <= figure.span.start && figure.span.end <= m.span.end && unitsCompatible(figure.unit, m.fact.unit)) : undefined;
      if (byHand) {
        figure.fact = byHand.fact.id;
        figure.linkedBy = 'annotation';
        continue;
      }
      const span = offset === 0 ? figure.span : shiftSpan(figure.span, -offset);
      // Figures of one sentence share one term search.
      if (!sentence || span.start < sentence.start || span.end > sentence.end) {
        sentence = sentenceAround(folded, span);
        hits = this.linker.termsIn(folded, sentence, excluded);
      }
      if (hits.length === 0) continue;
      const link = this.linker.link(folded, offset === 0 ? figure : { ...figure, span }, sentence, hits);
      if (link) {
        figure.fact = link.fact.id;
        figure.terms = offset === 0 ? link.terms : link.terms.map((t) => shiftSpan(t, offset));
      }
    }
    return analyzed;
  }

  /** The passages of a document that registry annotations tie to a loaded fact, where they are now. */
  private annotationLinks(text: string, key: string): { span: Span; fact: Fact }[] {
    const links: { span: Span; fact: Fact }[] = [];
    for (const annotation of this.registry.annotations ?? []) {
      const fact = annotation.file === key ? this.registry.byId.get(annotation.fact) : undefined;
      const found = fact && anchorAnnotation(text, annotation.selector);
      if (fact && found) links.push({ span: found.span, fact });
    }
    return links;
  }

  private indexClaims(doc: DocumentAnalysis): void {
    this.indexFigures(doc.path, doc.figures);
    const facts = factsOf(doc.figures);
    if (facts.size > 0) this.factsByPath.set(doc.path, facts);
    else this.factsByPath.delete(doc.path);
  }

  private indexFigures(path: string, figures: readonly AnalyzedFigure[]): void {
    for (const figure of figures) {
      if (!figure.fact || figure.ignored) continue;
      const fact = this.registry.byId.get(figure.fact);
      let claims = this.claims.get(figure.fact);
      if (!claims) this.claims.set(figure.fact, (claims = new FactClaims()));
      claims.add({ path, figure, interval: fact && figureInterval(figure, fact.unit, fact) });
    }
  }

  private unindexClaims(path: string): void {
    const doc = this.documents.get(path);
    if (!doc) return;
    for (const figure of doc.figures) {
      if (!figure.fact) continue;
      const claims = this.claims.get(figure.fact);
      claims?.deletePath(path);
      if (claims?.empty) this.claims.delete(figure.fact);
    }
  }
}

/** A copy of a figure without its link, to be linked again (the same fields, in the same order: see figureOf). */
function unlinked(figure: AnalyzedFigure): Figure {
  return copyFigure(figure, figure.span, null, undefined, undefined, undefined);
}

function ignoresByFile(registry: Registry): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const { file, text } of registry.ignores) {
    let texts = result.get(file);
    if (!texts) result.set(file, (texts = new Set()));
    texts.add(text);
  }
  return result;
}

/** The facts a document's figures are linked to (ignored ones included: unindexing goes by link). */
function factsOf(figures: readonly AnalyzedFigure[]): Set<string> {
  const facts = new Set<string>();
  for (const figure of figures) if (figure.fact) facts.add(figure.fact);
  return facts;
}

/** Chunk for comparing texts: equal slices compare as whole strings, some twenty times faster than code unit by code unit. */
const COMPARE_CHUNK = 4096;

/** Length of the longest common prefix of two texts. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p + COMPARE_CHUNK <= n && a.slice(p, p + COMPARE_CHUNK) === b.slice(p, p + COMPARE_CHUNK)) p += COMPARE_CHUNK;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** Length of the longest common suffix of two texts, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let s = 0;
  while (s + COMPARE_CHUNK <= limit && a.slice(a.length - s - COMPARE_CHUNK, a.length - s) === b.slice(b.length - s - COMPARE_CHUNK, b.length - s)) s += COMPARE_CHUNK;
  while (s < limit && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/** A figure moved by an edit before it, with its link. */
function shiftedFigure(figure: AnalyzedFigure, delta: number): AnalyzedFigure {
  const terms = figure.terms === undefined ? undefined : figure.terms.map((t) => shiftSpan(t, delta));
  return copyFigure(figure, shiftSpan(figure.span, delta), figure.fact, terms, figure.ignored, figure.linkedBy);
}

/**
 * A copy of a figure, field by field in the order the extractor gives them (figureOf in
 * extract.ts), so that copies share the figures' one hidden class: a spread or a delete would make
 * new shapes, and the code reading figures slower (thousands move at every keystroke).
 */
function copyFigure(figure: AnalyzedFigure, span: Span, fact: string | null, terms: Span[] | undefined, ignored: boolean | undefined, linkedBy: 'annotation' | undefined): AnalyzedFigure {
  return {
    span,
    text: figure.text,
    unit: figure.unit,
    value: figure.value,
    min: figure.min,
    max: figure.max,
    bound: figure.bound,
    qualifier: figure.qualifier,
    qualifierKind: figure.qualifierKind,
    noun: figure.noun,
    minOpen: figure.minOpen,
    maxOpen: figure.maxOpen,
    step: figure.step,
    date: figure.date,
    dateEnd: figure.dateEnd,
    fact,
    terms,
    ignored,
    linkedBy,
  };
}

/** Every field of an analysed figure: one added to the types but not copied above fails to compile here. */
const COPIED_FIELDS: Record<keyof AnalyzedFigure, true> = {
  span: true, text: true, unit: true, value: true, min: true, max: true, bound: true, qualifier: true, qualifierKind: true,
  fact: true, noun: true, minOpen: true, maxOpen: true, step: true, date: true, dateEnd: true, terms: true, ignored: true, linkedBy: true,
};
void COPIED_FIELDS;

/** A conflict moved with its figure: its fields in the order the index makes them (one shape). */
function movedDiagnostic(d: FigureDiagnostic, delta: number): FigureDiagnostic {
  return { span: shiftSpan(d.span, delta), severity: d.severity, code: d.code, message: d.message, fact: d.fact, related: d.related };
}
/** A field added to FigureDiagnostic but not copied above fails to compile here. */
const MOVED_DIAGNOSTIC_FIELDS: Record<keyof FigureDiagnostic, true> = { span: true, severity: true, code: true, message: true, fact: true, related: true };
void MOVED_DIAGNOSTIC_FIELDS;

function shiftSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) count++;
  }
  return count;
}

/** The start of the line holding `at` (lines break at \n, \r\n and \r). */
function lineStartAtOrBefore(text: string, at: number): number {
  if (at <= 0) return 0;
  return Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
}

/** The first line start at or after `at`, or the text's end. */
function lineStartAtOrAfter(text: string, at: number): number {
  if (at >= text.length) return text.length;
  if (at > 0 && (text.charCodeAt(at - 1) === 10 || (text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) !== 10))) return at;
  const lf = text.indexOf('\n', at);
  const cr = text.indexOf('\r', at);
  if (lf < 0 && cr < 0) return text.length;
  // A \r\n breaks the line once, after the \n.
  const next = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  return next + (text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1);
}

/** The spans that overlap [from, to), cut to it and made relative to `from`. */
function clipSpans(spans: readonly Span[], from: number, to: number): Span[] {
  const result: Span[] = [];
  for (let i = countEnding(spans, from + 1); i < spans.length && spans[i].start < to; i++) {
    result.push({ start: Math.max(spans[i].start, from) - from, end: Math.min(spans[i].end, to) - from });
  }
  return result;
}

/** How many of the figures (sorted by start, not overlapping) end at or before `at`. */
function countEndingBy(figures: readonly Figure[], at: number): number {
  return partitionPoint(figures, (f) => f.span.end <= at);
}

/** How many of the figures start before `at`. */
function countStartingBefore(figures: readonly Figure[], at: number): number {
  return partitionPoint(figures, (f) => f.span.start < at);
}

/**
 * Where the masks changed by an edit at [start, oldEnd) → [start, newEnd) lie in the new text, or
 * undefined when masks away from the edit changed too (an opened fence or comment): then every
 * figure after it may change, and the article is read whole.
 */
function maskChange(oldSpans: readonly Span[], newSpans: readonly Span[], start: number, oldEnd: number, newEnd: number, delta: number): Span | undefined {
  // Masks ending more than a character before the edit, and starting more than one after it, are
  // the ones a regex scan cannot have read differently (its look-arounds reach one character).
  const oldBefore = countEnding(oldSpans, start - 1);
  const newBefore = countEnding(newSpans, start - 1);
  const oldAfter = countStarting(oldSpans, oldEnd + 1);
  const newAfter = countStarting(newSpans, newEnd + 1);
  if (oldBefore !== newBefore || oldSpans.length - oldAfter !== newSpans.length - newAfter) return undefined;
  for (let i = 0; i < newBefore; i++) if (oldSpans[i].start !== newSpans[i].start || oldSpans[i].end !== newSpans[i].end) return undefined;
  for (let i = oldAfter, j = newAfter; j < newSpans.length; i++, j++) {
    if (oldSpans[i].start + delta !== newSpans[j].start || oldSpans[i].end + delta !== newSpans[j].end) return undefined;
  }
  let low = start;
  let high = newEnd;
  for (let j = newBefore; j < newAfter; j++) {
    low = Math.min(low, newSpans[j].start);
    high = Math.max(high, newSpans[j].end);
  }
  for (let i = oldBefore; i < oldAfter; i++) {
    low = Math.min(low, oldSpans[i].start < start ? oldSpans[i].start : oldSpans[i].start + delta);
    high = Math.max(high, oldSpans[i].end <= start ? oldSpans[i].end : oldSpans[i].end + delta);
  }
  return { start: Math.max(0, low), end: high };
}

/** How many of the sorted spans end before `at`. */
function countEnding(spans: readonly Span[], at: number): number {
  return partitionPoint(spans, (s) => s.end < at);
}

/** How many of the sorted spans start at or before `at`. */
function countStarting(spans: readonly Span[], at: number): number {
  return partitionPoint(spans, (s) => s.start <= at);
}

/**
 * Whether the last date before a window's end is the same in the new read and the old one
 * (shifted by the edit), or both are out of reach of every bare day after the window.
 */
function sameLastMonth(fresh: LastMonth | undefined, old: LastMonth | undefined, delta: number, to: number): boolean {
  const expired = (m: LastMonth | undefined, end: number): boolean => !m || m.at + LAST_MONTH_REACH <= end;
  if (expired(fresh, to) && expired(old, to - delta)) return true;
  return fresh !== undefined && old !== undefined && fresh.month === old.month && fresh.year === old.year && fresh.at === old.at + delta;
}
