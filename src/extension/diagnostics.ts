// Problems: conflicts in articles, registry errors in facts.yaml. Recomputed when the model
// changes; the model already debounces edits and drops stale reads.
import * as vscode from 'vscode';
import { sameItems } from '../core/arrays';
import type { DiagnosticCode, FigureDiagnostic } from '../core/types';
import { isKeptRegistry, type FactLedgerModel, type RegistryState } from './model';
import { toVscodeSeverity, type Settings } from './settings';
import { docsUri } from './docs';
import { LineIndex } from '../core/lineIndex';

export const DIAGNOSTIC_SOURCE = 'Fact Ledger';

function spanRange(lines: LineIndex, span: { start: number; end: number }): vscode.Range {
  const r = lines.rangeOf(span);
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function registerDiagnostics(context: vscode.ExtensionContext, model: FactLedgerModel, settings: Settings): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('factLedger');
  const lineCache = new Map<string, { text: string; lines: LineIndex }>();
  const uriCache = new Map<string, vscode.Uri>();
  /**
   * A conflict's Problems entry, by the core's diagnostic object. The core keeps those objects for
   * the parts of an article an edit did not touch (and their positions with them), so converting
   * them again — and sending every file's diagnostics to VS Code again — is work a keystroke need
   * not do. Replaced when the severity settings change.
   */
  let converted = new WeakMap<FigureDiagnostic, vscode.Diagnostic | null>();
  /** What each file's Problems entries were made from, to send only the files that changed. */
  const published = new Map<string, { from: readonly unknown[]; version: number | undefined; uri: vscode.Uri; sent: readonly vscode.Diagnostic[] }>();

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

  const registryDiagnostics = (state: RegistryState): vscode.Diagnostic[] => {
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
    return diagnostics;
  };

  /**
   * Sends a file's entries unless they are made from the same things as the last ones sent, for
   * the same version of its open document. After an edit they are sent again even when equal:
   * VS Code moved the old ranges with the edit, and an edit undone before its analysis (a cut,
   * then undo) leaves them collapsed where the text was cut.
   */
  const publish = (seen: Set<string>, uri: vscode.Uri, from: readonly unknown[], make: () => vscode.Diagnostic[]): void => {
    const key = uri.toString();
    seen.add(key);
    const version = model.analysedVersion(uri);
    const last = published.get(key);
    if (last && last.version === version && sameItems(last.from, from)) return;
    const diagnostics = make();
    published.set(key, { from, version, uri, sent: diagnostics });
    // Conflicts recomputed because another article changed are often the same as before.
    if (last && last.version === version && sameDiagnostics(last.sent, diagnostics)) return;
    collection.set(uri, diagnostics);
  };

  const refresh = (): void => {
    const seen = new Set<string>();
    for (const uri of model.articleUris()) {
      const doc = model.analysis(uri);
      if (!doc) continue;
      const conflicts = model.diagnostics(uri);
      publish(seen, uri, conflicts, () => conflicts.flatMap((d) => toDiagnostic(d, doc.lines) ?? []));
    }
    for (const state of model.registryStates) {
      // A registry's entries depend on its text (their positions), its problems and the facts it keeps.
      publish(seen, state.uri, [state, state.text, state.problems, state.registry], () => registryDiagnostics(state));
    }
    for (const [key, { uri }] of published) {
      if (seen.has(key)) continue;
      published.delete(key);
      collection.delete(uri);
    }
    for (const path of lineCache.keys()) if (!seen.has(path)) lineCache.delete(path);
    for (const path of uriCache.keys()) if (!seen.has(path)) uriCache.delete(path);
  };

  const refreshAll = (): void => {
    converted = new WeakMap();
    published.clear();
    collection.clear();
    refresh();
  };

  return vscode.Disposable.from(collection, model.onDidChange(refresh), settings.onDidChange(refreshAll));
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
