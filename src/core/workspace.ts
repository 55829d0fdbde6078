// WorkspaceIndex: every article's figures and links, kept current one document at a time, and the
// conflicts among them and against the registry. Shared by the extension and the CLI.
import { anchorAnnotation } from './annotations';
import { FactClaims } from './claims';
import { FigureExtractor } from './extract';
import { foldText } from './fold';
import { formatFactValue, formatFigure } from './format';
import { factInterval, figureInterval, type Interval, overlaps, unitsCompatible } from './intervals';
import { LineIndex } from './lineIndex';
import { FactLinker } from './link';
import { excludedSpans } from './mask';
import type { Registry } from './registry';
import { sentenceAround } from './sentences';
import type { DiagnosticCode, Fact, Figure, FigureDiagnostic, Severity, Span } from './types';

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
  let out = '';
  let from = 0;
  for (let open = message.indexOf('{'); open >= 0; open = message.indexOf('{', open + 1)) {
    let close = open + 1;
    while (close < message.length && message.charCodeAt(close) >= 48 && message.charCodeAt(close) <= 57) close++;
    if (close === open + 1 || message.charCodeAt(close) !== 125) continue;
    const i = Number(message.slice(open + 1, close));
    if (i >= args.length) continue;
    out += message.slice(from, open) + String(args[i]);
    from = close + 1;
    open = close;
  }
  return from === 0 ? message : out + message.slice(from);
};

const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity> = { conflict: 'warning', 'cross-conflict': 'warning' };
const IGNORE_LINE = '<!-- fact-ledger-ignore -->';
const IGNORE_NEXT_LINE = '<!-- fact-ledger-ignore-next-line -->';
/** At most this many other articles are named in one cross-conflict. */
const MAX_RELATED = 5;

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
  /** Each fact's registry interval, computed once per registry. */
  private readonly factIntervals = new Map<Fact, Interval | undefined>();
  /**
   * Each document's conflicts until the next change of anything (a cross-conflict depends on every
   * other document): the editor asks for them many times per edit — Problems, decorations, status
   * bar, language status, Facts view, code actions.
   */
  private readonly conflictsByPath = new Map<string, FigureDiagnostic[]>();

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
  }

  /** A new registry: every document is linked again (extraction is kept). */
  setRegistry(registry: Registry, registryPath = this.options.registryPath): void {
    this.registry = registry;
    this.options = { ...this.options, registryPath };
    this.linker = new FactLinker(registry.facts);
    this.ignores = ignoresByFile(registry);
    this.factIntervals.clear();
    this.factValues.clear();
    this.claims.clear();
    this.conflictsByPath.clear();
    for (const doc of this.documents.values()) {
      // The figures already carry links: copy them rather than change what callers may hold.
      this.linkDocument(doc, doc.figures.map(unlinked), excludedSpans(doc.text), foldText(doc.text));
      this.indexClaims(doc);
    }
  }

  paths(): string[] {
    return [...this.documents.keys()];
  }

  get(path: string): DocumentAnalysis | undefined {
    return this.documents.get(path);
  }

  /** Analyses (or re-analyses) one document. */
  update(path: string, text: string): DocumentAnalysis {
    this.conflictsByPath.clear();
    this.unindexClaims(path);
    const doc: DocumentAnalysis = { path, text, lines: new LineIndex(text), figures: [] };
    // One mask and one folding for both: no figure is read, and no term counts, inside a URL or code.
    const excluded = excludedSpans(text);
    const folded = foldText(text);
    this.linkDocument(doc, this.extractor.extract(text, { excluded, folded }), excluded, folded);
    this.documents.set(path, doc);
    this.indexClaims(doc);
    return doc;
  }

  remove(path: string): void {
    this.conflictsByPath.clear();
    this.unindexClaims(path);
    this.documents.delete(path);
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
    if (!doc) return [];
    const result: FigureDiagnostic[] = [];
    for (const figure of doc.figures) {
      if (!figure.fact || figure.ignored) continue;
      const fact = this.registry.byId.get(figure.fact);
      if (!fact) continue;
      const interval = figureInterval(figure, fact.unit, fact);
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
    const l10n = { t: this.options.t ?? formatMessage };
    const source = fact.sources[0]?.title ? l10n.t(' (source: {0})', fact.sources[0].title) : '';
    let message: string | undefined;
    if (fact.status === 'false') {
      // The registry records this claim as false: repeating it is the conflict.
      if (agrees === false) return undefined;
      message = l10n.t('"{0}" repeats a claim the registry marks false: {1}', figure.text, fact.id) + (fact.claim ? ` — ${fact.claim}` : '') + source;
    } else if (agrees === false) {
      message = l10n.t('"{0}" ({1}) conflicts with {2}: the registry has {3}', figure.text, this.format(figure), fact.id, this.factValue(fact)) + source;
    }
    if (!message) return undefined;
    return {
      span: figure.span,
      severity: this.severity('conflict', fact),
      code: 'conflict',
      message,
      fact: fact.id,
      related: [{ path: this.options.registryPath, span: fact.location, message: `${fact.id}: ${this.factValue(fact)}` }],
    };
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
      related: [
        ...others.map((o) => ({
          path: o.path,
          span: o.figure.span,
          message: `${o.figure.text} (${this.format(o.figure)})`,
        })),
        { path: this.options.registryPath, span: fact.location, message: `${fact.id}: ${this.factValue(fact)}` },
      ],
    };
  }

  /** Links fresh figures (unlinked, owned by this document) in place. */
  private linkDocument(doc: DocumentAnalysis, figures: Figure[], excluded: readonly Span[], folded: string): void {
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
      // Figures of one sentence share one term search.
      if (!sentence || figure.span.start < sentence.start || figure.span.end > sentence.end) {
        sentence = sentenceAround(folded, figure.span);
        hits = this.linker.termsIn(folded, sentence, excluded);
      }
      if (hits.length === 0) continue;
      const link = this.linker.link(folded, figure, sentence, hits);
      if (link) {
        figure.fact = link.fact.id;
        figure.terms = link.terms;
      }
    }
    doc.figures = analyzed;
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
    for (const figure of doc.figures) {
      if (!figure.fact || figure.ignored) continue;
      const fact = this.registry.byId.get(figure.fact);
      let claims = this.claims.get(figure.fact);
      if (!claims) this.claims.set(figure.fact, (claims = new FactClaims()));
      claims.add({ path: doc.path, figure, interval: fact && figureInterval(figure, fact.unit, fact) });
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

/** A copy of a figure without its link, to be linked again. */
function unlinked(figure: AnalyzedFigure): Figure {
  const copy: AnalyzedFigure = { ...figure, fact: null };
  delete copy.terms;
  delete copy.ignored;
  delete copy.linkedBy;
  return copy;
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
