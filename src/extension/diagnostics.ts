// Problems: conflicts in articles, registry errors in facts.yaml. Recomputed when the model
// changes; the model already debounces edits and drops stale reads.
import * as vscode from 'vscode';
import type { DiagnosticCode, FigureDiagnostic, RegistryProblem } from '../core/types';
import { isKeptRegistry, type FactLedgerModel } from './model';
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

  /** Line index of a file the diagnostics point into (a registry or another article). */
  const linesOf = (path: string): LineIndex | undefined => {
    const uri = vscode.Uri.parse(path);
    const text = model.registryState(uri)?.text ?? model.indexFor(uri).get(path)?.text;
    if (text === undefined) return undefined;
    const cached = lineCache.get(path);
    if (cached && cached.text === text) return cached.lines;
    const lines = new LineIndex(text);
    lineCache.set(path, { text, lines });
    return lines;
  };

  const toDiagnostic = (d: FigureDiagnostic, lines: LineIndex): vscode.Diagnostic | undefined => {
    const configured = settings.value.severity[d.code];
    if (configured === 'off') return undefined;
    // A disputed fact's diagnostics stay informational whatever the setting.
    const severity = d.severity === 'information' ? 'information' : configured;
    const diagnostic = new vscode.Diagnostic(spanRange(lines, d.span), d.message, toVscodeSeverity(severity));
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: d.code, target: docsUri(context, d.code) };
    diagnostic.relatedInformation = d.related.flatMap((r) => {
      const relatedLines = linesOf(r.path);
      if (!relatedLines) return [];
      return [new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.path), spanRange(relatedLines, r.span)), r.message)];
    });
    return diagnostic;
  };

  const registryDiagnostic = (p: RegistryProblem, lines: LineIndex): vscode.Diagnostic => {
    const diagnostic = new vscode.Diagnostic(spanRange(lines, p.span), p.message, toVscodeSeverity(p.severity));
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: p.code, target: docsUri(context, 'registry-errors') };
    return diagnostic;
  };

  const refresh = (): void => {
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const uri of model.articleUris()) {
      const doc = model.analysis(uri);
      if (!doc) continue;
      entries.push([uri, model.diagnostics(uri).flatMap((d) => toDiagnostic(d, doc.lines) ?? [])]);
    }
    for (const state of model.registryStates) {
      const lines = new LineIndex(state.text);
      const diagnostics = state.problems.map((p) => registryDiagnostic(p, lines));
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
      entries.push([state.uri, diagnostics]);
    }
    collection.clear();
    collection.set(entries);
  };

  return vscode.Disposable.from(collection, model.onDidChange(refresh), settings.onDidChange(refresh));
}

export type { DiagnosticCode };
