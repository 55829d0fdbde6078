// Output of `fact-ledger check`: eslint-like text, or the stable JSON contract (docs/cli.md).
import type { DocumentAnalysis, AnalyzedFigure } from '../core/workspace';
import { LineIndex } from '../core/lineIndex';
import type { FigureDiagnostic, Range, RegistryProblem, Severity } from '../core/types';
import * as l10n from './locale';

export interface FileReport {
  path: string;
  doc: DocumentAnalysis;
  diagnostics: FigureDiagnostic[];
}

export interface RegistryReport {
  path: string;
  text: string;
  problems: RegistryProblem[];
  factCount: number;
}

export interface Unreadable {
  path: string;
  problem: string;
}

function dateBound(d: { year: number | null; month: number; day: number | null } | undefined): string | null {
  if (!d) return null;
  const year = d.year === null ? '-' : String(d.year);
  if (d.month === 0) return year;
  const mm = String(d.month).padStart(2, '0');
  return d.day === null ? `${year}-${mm}` : `${year}-${mm}-${String(d.day).padStart(2, '0')}`;
}

export interface FigureJson {
  range: Range;
  text: string;
  unit: string;
  value: number | string | null;
  min: number | string | null;
  max: number | string | null;
  bound: string;
  qualifier: string | null;
  fact: string | null;
  ignored?: true;
}

export function figureJson(figure: AnalyzedFigure, lines: LineIndex): FigureJson {
  const isDate = figure.unit === 'date';
  const json: FigureJson = {
    range: lines.rangeOf(figure.span),
    text: figure.text,
    unit: figure.unit,
    value: figure.value,
    // Dates give their first and last day as ISO strings; open ends are null.
    min: isDate ? dateBound(figure.date) : figure.min === null || !Number.isFinite(figure.min) ? null : figure.min,
    max: isDate ? dateBound(figure.dateEnd ?? figure.date) : figure.max === null || !Number.isFinite(figure.max) ? null : figure.max,
    bound: figure.bound,
    qualifier: figure.qualifier,
    fact: figure.fact,
  };
  if (figure.ignored) json.ignored = true;
  return json;
}

export function reportJson(files: FileReport[], registry: RegistryReport | undefined, unreadable: Unreadable[]): string {
  const registryLines = registry ? new LineIndex(registry.text) : undefined;
  const out = {
    files: files.map(({ path, doc, diagnostics }) => ({
      path,
      figures: doc.figures.map((f) => figureJson(f, doc.lines)),
      diagnostics: diagnostics.map((d) => ({
        range: doc.lines.rangeOf(d.span),
        severity: d.severity,
        code: d.code,
        message: d.message,
        fact: d.fact,
      })),
    })),
    registry: registry
      ? {
          path: registry.path,
          facts: registry.factCount,
          problems: registry.problems.map((p) => ({
            range: registryLines!.rangeOf(p.span),
            severity: p.severity,
            code: p.code,
            message: p.message,
          })),
        }
      : null,
    unreadable,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

const ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];

export function reportText(files: FileReport[], registry: RegistryReport | undefined, unreadable: Unreadable[]): string {
  const rows: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const row = (where: string, severity: Severity, message: string, code: string): void => {
    counts[severity]++;
    rows.push(`${where}  ${severity}  ${message}  ${code}`);
  };
  if (registry) {
    const lines = new LineIndex(registry.text);
    for (const p of registry.problems) {
      const at = lines.positionAt(p.span.start);
      row(`${registry.path}:${at.line + 1}:${at.character + 1}`, p.severity, p.message, p.code);
    }
  }
  for (const u of unreadable) row(u.path, 'warning', u.problem, 'unreadable');
  let figureCount = 0;
  let linked = 0;
  for (const { path, doc, diagnostics } of files) {
    figureCount += doc.figures.length;
    linked += doc.figures.filter((f) => f.fact).length;
    const sorted = [...diagnostics].sort((a, b) => a.span.start - b.span.start || ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
    for (const d of sorted) {
      const at = doc.lines.positionAt(d.span.start);
      row(`${path}:${at.line + 1}:${at.character + 1}`, d.severity, d.message, d.code);
    }
  }
  const problems = counts.error + counts.warning + counts.information + counts.hint;
  const summary =
    (files.length === 1 ? l10n.t('{0} file, {1} figures, {2} linked', files.length, figureCount, linked) : l10n.t('{0} files, {1} figures, {2} linked', files.length, figureCount, linked)) +
    (registry ? l10n.t(' to {0} facts in {1}', registry.factCount, registry.path) : l10n.t(' (no registry found)')) +
    (problems === 0
      ? l10n.t('; no conflicts')
      : (problems === 1 ? l10n.t('; {0} problem', problems) : l10n.t('; {0} problems', problems)) +
        (counts.hint
          ? l10n.t(' ({0} errors, {1} warnings, {2} info, {3} hints)', counts.error, counts.warning, counts.information, counts.hint)
          : l10n.t(' ({0} errors, {1} warnings, {2} info)', counts.error, counts.warning, counts.information)));
  return (rows.length ? rows.join('\n') + '\n\n' : '') + summary + '\n';
}
