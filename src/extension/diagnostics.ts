// Problems: conflicts in articles, registry errors in facts.yaml. Recomputed when the model
// changes; the model already debounces edits and drops stale reads.
import * as vscode from 'vscode';
import { sameItems } from '../core/arrays';
import type { DiagnosticCode, FigureDiagnostic, Span } from '../core/types';
import { MovedRanges, problemBlocks } from '../core/movedRanges';
import { isKeptRegistry, type FactLedgerModel, type RegistryState } from './model';
import { toVscodeSeverity, type Settings } from './settings';
import { docsUri } from './docs';
import { LineIndex } from '../core/lineIndex';

export const DIAGNOSTIC_SOURCE = 'Fact Ledger';
/** At most this many blocks of lines per file, each in a collection of its own. */
const MAX_BLOCKS = 64;

interface MadeEntries {
  entries: vscode.Diagnostic[];
  /** Each entry's offsets in the text analysed, to follow edits over them; undefined: not followed. */
  spans: readonly Span[] | undefined;
  lineCount: number;
}

interface Published {
  from: readonly unknown[];
  version: number | undefined;
  uri: vscode.Uri;
  /** What was sent in each block's collection (a hole: nothing). */
  blocks: readonly (readonly vscode.Diagnostic[] | undefined)[];
  linesPerBlock: number;
  /** Where the ranges sent are after the edits since, while every change event was followed. */
  moved: MovedRanges | undefined;
  /** The document version `moved` is up to. */
  movedVersion: number | undefined;
}

function spanRange(lines: LineIndex, span: { start: number; end: number }): vscode.Range {
  const r = lines.rangeOf(span);
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Each block of Problems entries sent to VS Code: what the user's Problems change by (for tests). */
export class SentProblems {
  private readonly emitter = new vscode.EventEmitter<{ uri: string; block: number; entries: number }>();
  /** Fires after a block of a file's entries was set (`entries` 0: removed). */
  readonly onDidSend = this.emitter.event;

  sent(uri: string, block: number, entries: number): void {
    this.emitter.fire({ uri, block, entries });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerDiagnostics(context: vscode.ExtensionContext, model: FactLedgerModel, settings: Settings, sentProblems?: SentProblems): vscode.Disposable {
  /** Collection i holds block i of each file's entries (see problemBlocks); made when first needed. */
  const collections: vscode.DiagnosticCollection[] = [];
  const collectionFor = (block: number): vscode.DiagnosticCollection =>
    (collections[block] ??= vscode.languages.createDiagnosticCollection(block === 0 ? 'factLedger' : `factLedger.block${block}`));
  const lineCache = new Map<string, { text: string; lines: LineIndex }>();
  const uriCache = new Map<string, vscode.Uri>();
  /**
   * A conflict's Problems entry, by the core's diagnostic object. The core keeps those objects for
   * the parts of an article an edit did not touch (and their positions with them), so converting
   * them again — and sending every file's diagnostics to VS Code again — is work a keystroke need
   * not do. Replaced when the severity settings change.
   */
  let converted = new WeakMap<FigureDiagnostic, vscode.Diagnostic | null>();
  /** What each file's Problems entries were made from and what was sent, to send only what changed. */
  const published = new Map<string, Published>();
  /** The version of each open document's last change event. */
  const latestVersion = new Map<string, number>();

  const uriOf = (path: string): vscode.Uri => {
    let uri = uriCache.get(path);
    if (!uri) uriCache.set(path, (uri = vscode.Uri.parse(path)));
    return uri;
  };

  /** Line index of a file the diagnostics point into (a registry or another article). */
  const linesOf = (path: string): LineIndex | undefined => {
    const uri = uriOf(path);
    const text = model.registryState(uri)?.text ?? model.indexFor(uri).get(path)?.text;
    if (text === undefined) return undefined;
    const cached = lineCache.get(path);
    if (cached && cached.text === text) return cached.lines;
    const lines = new LineIndex(text);
    lineCache.set(path, { text, lines });
    return lines;
  };

  const toDiagnostic = (d: FigureDiagnostic, lines: LineIndex): vscode.Diagnostic | undefined => {
    const known = converted.get(d);
    if (known !== undefined) return known ?? undefined;
    const configured = settings.value.severity[d.code];
    if (configured === 'off') {
      converted.set(d, null);
      return undefined;
    }
    // A disputed fact's diagnostics stay informational whatever the setting.
    const severity = d.severity === 'information' ? 'information' : configured;
    const diagnostic = new vscode.Diagnostic(spanRange(lines, d.span), d.message, toVscodeSeverity(severity));
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: d.code, target: docsUri(context, d.code) };
    diagnostic.relatedInformation = d.related.flatMap((r) => {
      const relatedLines = linesOf(r.path);
      if (!relatedLines) return [];
      return [new vscode.DiagnosticRelatedInformation(new vscode.Location(uriOf(r.path), spanRange(relatedLines, r.span)), r.message)];
    });
    converted.set(d, diagnostic);
    return diagnostic;
  };

  const registryDiagnostics = (state: RegistryState): MadeEntries => {
    const lines = new LineIndex(state.text);
    const diagnostics = state.problems.map((p) => {
      const diagnostic = new vscode.Diagnostic(spanRange(lines, p.span), p.message, toVscodeSeverity(p.severity));
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = { value: p.code, target: docsUri(context, 'registry-errors') };
      return diagnostic;
    });
    if (isKeptRegistry(state)) {
      // Say at the top what the articles are checked against meanwhile.
      const kept = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        vscode.l10n.t('This file is not readable YAML: articles are checked against the {0} facts of its last readable version until it is fixed.', state.registry.facts.length),
        vscode.DiagnosticSeverity.Information,
      );
      kept.source = DIAGNOSTIC_SOURCE;
      kept.code = { value: 'kept-last-readable', target: docsUri(context, 'kept-last-readable') };
      diagnostics.unshift(kept);
    }
    return { entries: diagnostics, spans: undefined, lineCount: lines.lineCount };
  };

  /**
   * Sends a file's entries, block by block (see problemBlocks), skipping a block that holds what
   * VS Code already shows: the same entries as last sent, for the same version of the file — or,
   * for an open document edited since, the same entries where the squiggles VS Code moved with the
   * text lie exactly on the new entries' spans, none touched by an edit (an edit into one may have
   * grown or collapsed it, even one undone before its analysis).
   */
  const publish = (seen: Set<string>, uri: vscode.Uri, from: readonly unknown[], make: () => MadeEntries): void => {
    const key = uri.toString();
    seen.add(key);
    const version = model.analysedVersion(uri);
    const last = published.get(key);
    if (last && last.version === version && sameItems(last.from, from)) return;
    const { entries, spans, lineCount } = make();
    const plan = problemBlocks(entries.length, lineCount, MAX_BLOCKS);
    const blocks: vscode.Diagnostic[][] = [];
    const blockSpans: Span[][] = [];
    const blockOf = entries.map((d) => plan.blockOf(d.range.start.line));
    entries.forEach((d, i) => {
      (blocks[blockOf[i]] ??= []).push(d);
      if (spans) (blockSpans[blockOf[i]] ??= []).push(spans[i]);
    });
    const edited = last !== undefined && last.version !== version;
    const inStep = last !== undefined && last.linesPerBlock === plan.linesPerBlock && (!edited || (version !== undefined && last.moved !== undefined && last.movedVersion === version));
    const count = Math.max(blocks.length, last?.blocks.length ?? 0);
    for (let b = 0; b < count; b++) {
      const now = blocks[b] ?? [];
      // After an edit, the ranges VS Code moved must be where the new entries are, not only at
      // the same lines and columns (those are what the Problems view shows).
      if (inStep && (!edited || last.moved?.holdsExactly(b, blockSpans[b] ?? [])) && sameDiagnostics(last.blocks[b] ?? [], now)) continue;
      if (now.length === 0) collectionFor(b).delete(uri);
      else collectionFor(b).set(uri, now);
      sentProblems?.sent(key, b, now.length);
    }
    // Follow the edits from here only if none came after the version analysed (they would be missed).
    const latest = latestVersion.get(key);
    const follow = version !== undefined && spans !== undefined && (latest === undefined || latest <= version);
    published.set(key, {
      from,
      version,
      uri,
      blocks,
      linesPerBlock: plan.linesPerBlock,
      moved: follow ? new MovedRanges(spans.map((s, i) => ({ start: s.start, end: s.end, group: blockOf[i] }))) : undefined,
      movedVersion: follow ? version : undefined,
    });
  };

  const forget = (entry: Published): void => {
    entry.blocks.forEach((_, b) => collectionFor(b).delete(entry.uri));
  };

  const refresh = (): void => {
    const seen = new Set<string>();
    for (const uri of model.articleUris()) {
      const doc = model.analysis(uri);
      if (!doc) continue;
      const conflicts = model.diagnostics(uri);
      publish(seen, uri, conflicts, () => {
        const entries: vscode.Diagnostic[] = [];
        const spans: Span[] = [];
        for (const d of conflicts) {
          const diagnostic = toDiagnostic(d, doc.lines);
          if (!diagnostic) continue;
          entries.push(diagnostic);
          spans.push(d.span);
        }
        return { entries, spans, lineCount: doc.lines.lineCount };
      });
    }
    for (const state of model.registryStates) {
      // A registry's entries depend on its text (their positions), its problems and the facts it keeps.
      publish(seen, state.uri, [state, state.text, state.problems, state.registry], () => registryDiagnostics(state));
    }
    for (const [key, entry] of published) {
      if (seen.has(key)) continue;
      published.delete(key);
      forget(entry);
    }
    for (const path of lineCache.keys()) if (!seen.has(path)) lineCache.delete(path);
    for (const path of uriCache.keys()) if (!seen.has(path)) uriCache.delete(path);
  };

  /** Follows each open document's edits over the ranges last sent for it. */
  const onEdit = (event: vscode.TextDocumentChangeEvent): void => {
    const key = event.document.uri.toString();
    const version = event.document.version;
    latestVersion.set(key, version);
    const entry = published.get(key);
    if (!entry?.moved || entry.movedVersion === version) return;
    if (entry.movedVersion === undefined || version !== entry.movedVersion + 1) {
      // A version skipped: where the ranges are is not known; the next analysis sends them all.
      entry.moved = undefined;
      return;
    }
    for (const change of event.contentChanges) entry.moved.applyEdit(change.rangeOffset, change.rangeLength, change.text.length);
    entry.movedVersion = version;
  };

  /** The severity settings the entries were converted with: other settings do not change them. */
  let severities = JSON.stringify(settings.value.severity);
  const onSettings = (): void => {
    const now = JSON.stringify(settings.value.severity);
    if (now === severities) return;
    severities = now;
    refreshAll();
  };

  const refreshAll = (): void => {
    converted = new WeakMap();
    published.clear();
    // forEach: blocks never used have no collection (holes in the array).
    collections.forEach((collection) => collection.clear());
    refresh();
  };

  return vscode.Disposable.from(
    { dispose: () => collections.forEach((c) => c.dispose()) },
    model.onDidChange(refresh),
    settings.onDidChange(onSettings),
    vscode.workspace.onDidChangeTextDocument(onEdit),
    vscode.workspace.onDidCloseTextDocument((document) => latestVersion.delete(document.uri.toString())),
  );
}

/** Whether two lists of Problems entries show the same thing (what VS Code would be sent). */
function sameDiagnostics(a: readonly vscode.Diagnostic[], b: readonly vscode.Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.message !== y.message || x.severity !== y.severity || x.source !== y.source || !x.range.isEqual(y.range)) return false;
    if (codeValue(x) !== codeValue(y)) return false;
    const xr = x.relatedInformation ?? [];
    const yr = y.relatedInformation ?? [];
    if (xr.length !== yr.length) return false;
    for (let j = 0; j < xr.length; j++) {
      if (xr[j].message !== yr[j].message || xr[j].location.uri.toString() !== yr[j].location.uri.toString() || !xr[j].location.range.isEqual(yr[j].location.range)) return false;
    }
  }
  return true;
}

function codeValue(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? `${d.code.value} ${d.code.target.toString()}` : d.code;
}

export type { DiagnosticCode };
