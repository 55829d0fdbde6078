// Output of `fact-ledger check`: eslint-like text, or the stable JSON contract (docs/cli.md).
// SARIF and GitHub workflow commands are in sarif.ts and github.ts.
import type { ArticleEncoding } from '../core/decode';
import type { DocumentAnalysis, AnalyzedFigure } from '../core/workspace';
import { LineIndex } from '../core/lineIndex';
import type { FigureDiagnostic, Range, RegistryProblem, Severity } from '../core/types';
import * as l10n from './locale';
import type { Shard } from './scope';

export interface FileReport {
  path: string;
  doc: DocumentAnalysis;
  diagnostics: FigureDiagnostic[];
  /** How the file's bytes were decoded. */
  encoding: ArticleEncoding;
}

export interface RegistryReport {
  path: string;
  text: string;
  problems: RegistryProblem[];
  factCount: number;
}

export interface Unreadable {
  path: string;
  /** Why, in the messages' language. */
  problem: string;
  /** binary, unknown-encoding, or read-error (the file system refused). */
  error: 'binary' | 'unknown-encoding' | 'read-error';
  /** Why, in English: the decoder's or the file system's own words. */
  detail: string;
}

/** What a run reported of what it indexed. */
export interface Scope {
  changedSince: string | null;
  shard: Shard | null;
  /** Articles read and indexed (cross-article conflicts look at all of them). */
  indexed: number;
}

/** Everything a report is made from. */
export interface CheckReport {
  files: FileReport[];
  registry: RegistryReport | undefined;
  unreadable: Unreadable[];
  scope: Scope;
  /** Line index of an article or the registry by its display path (for related locations). */
  linesOf(path: string): LineIndex | undefined;
}

export const ENCODING_NAMES: Record<ArticleEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  gbk: 'GBK',
  big5: 'Big5',
};

/** Registry problems sorted by where they stand, for every format. */
export function sortedProblems(problems: readonly RegistryProblem[]): RegistryProblem[] {
  return [...problems].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];

/** A file's diagnostics in reading order; at one place, the most severe first. */
export function sortedDiagnostics(diagnostics: readonly FigureDiagnostic[]): FigureDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.start - b.span.start || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
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

export function reportJson({ files, registry, unreadable, scope }: CheckReport): string {
  const registryLines = registry ? new LineIndex(registry.text) : undefined;
  const out = {
    files: files.map(({ path, doc, diagnostics, encoding }) => ({
      path,
      encoding,
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
          problems: sortedProblems(registry.problems).map((p) => ({
            range: registryLines!.rangeOf(p.span),
            severity: p.severity,
            code: p.code,
            message: p.message,
          })),
        }
      : null,
    unreadable,
    scope: { changedSince: scope.changedSince, shard: scope.shard, indexed: scope.indexed },
  };
  return JSON.stringify(out, null, 2) + '\n';
}

/** The summary line of the text and GitHub formats. */
export function summaryLine({ files, registry, unreadable, scope }: CheckReport): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const p of registry?.problems ?? []) counts[p.severity]++;
  counts.warning += unreadable.length;
  let figureCount = 0;
  let linked = 0;
  for (const { doc, diagnostics } of files) {
    figureCount += doc.figures.length;
    linked += doc.figures.filter((f) => f.fact).length;
    for (const d of diagnostics) counts[d.severity]++;
  }
  const problems = counts.error + counts.warning + counts.information + counts.hint;
  const others = scope.indexed - files.length;
  return (
    (files.length === 1 ? l10n.t('{0} file, {1} figures, {2} linked', files.length, figureCount, linked) : l10n.t('{0} files, {1} figures, {2} linked', files.length, figureCount, linked)) +
    (registry ? l10n.t(' to {0} facts in {1}', registry.factCount, registry.path) : l10n.t(' (no registry found)')) +
    (problems === 0
      ? l10n.t('; no conflicts')
      : (problems === 1 ? l10n.t('; {0} problem', problems) : l10n.t('; {0} problems', problems)) +
        (counts.hint
          ? l10n.t(' ({0} errors, {1} warnings, {2} info, {3} hints)', counts.error, counts.warning, counts.information, counts.hint)
          : l10n.t(' ({0} errors, {1} warnings, {2} info)', counts.error, counts.warning, counts.information))) +
    (others > 0 ? l10n.t('; {0} more articles read for cross-article conflicts, not reported', others) : '')
  );
}

export function reportText(report: CheckReport): string {
  const { files, registry, unreadable } = report;
  const rows: string[] = [];
  const row = (where: string, severity: Severity, message: string, code: string): void => {
    rows.push(`${where}  ${severity}  ${message}  ${code}`);
  };
  if (registry) {
    const lines = new LineIndex(registry.text);
    for (const p of sortedProblems(registry.problems)) {
      const at = lines.positionAt(p.span.start);
      row(`${registry.path}:${at.line + 1}:${at.character + 1}`, p.severity, p.message, p.code);
    }
  }
  for (const u of unreadable) row(u.path, 'warning', u.problem, 'unreadable');
  for (const { path, doc, diagnostics } of files) {
    for (const d of sortedDiagnostics(diagnostics)) {
      const at = doc.lines.positionAt(d.span.start);
      row(`${path}:${at.line + 1}:${at.character + 1}`, d.severity, d.message, d.code);
    }
  }
  // Not problems: which files were not UTF-8, so that nobody wonders why a GBK file reads fine.
  const notes = files.filter((f) => f.encoding !== 'utf-8' && f.encoding !== 'utf-8-bom').map((f) => `${f.path}  ${l10n.t('read as {0}', ENCODING_NAMES[f.encoding])}`);
  return (rows.length ? rows.join('\n') + '\n\n' : '') + (notes.length ? notes.join('\n') + '\n\n' : '') + summaryLine(report) + '\n';
}
