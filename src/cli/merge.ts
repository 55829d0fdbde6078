// `fact-ledger merge`: joins the outputs of `check --shard i/n` runs (or of any runs over disjoint
// files) into one: JSON reports by concatenating their `files` (sorted by path) and `unreadable`
// lists and the registry's problems; SARIF logs by concatenating the results of their runs.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as l10n from './locale';

export class MergeError extends Error {}

interface Position {
  line: number;
  character: number;
}
interface RangeJson {
  start: Position;
  end: Position;
}
interface ProblemJson {
  range: RangeJson;
  severity: string;
  code: string;
  message: string;
}
interface FileJson {
  path: string;
  diagnostics: unknown[];
  [key: string]: unknown;
}
interface ReportJson {
  files: FileJson[];
  registry: { path: string; facts: number; problems: ProblemJson[] } | null;
  unreadable: { path: string }[];
  scope?: { changedSince: string | null; shard: { index: number; count: number } | null; indexed: number };
}
interface SarifRule {
  id: string;
  [key: string]: unknown;
}
interface SarifResult {
  ruleId: string;
  level?: string;
  ruleIndex?: number;
  [key: string]: unknown;
}
interface SarifRun {
  tool: { driver: { rules?: SarifRule[]; [key: string]: unknown } };
  results?: SarifResult[];
  [key: string]: unknown;
}
interface SarifLog {
  version: string;
  runs: SarifRun[];
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isReport(v: unknown): v is ReportJson {
  return isObject(v) && Array.isArray(v.files) && Array.isArray(v.unreadable) && (v.registry === null || isObject(v.registry));
}

function isSarif(v: unknown): v is SarifLog {
  return isObject(v) && v.version === '2.1.0' && Array.isArray(v.runs) && v.runs.length === 1 && isObject(v.runs[0]) && isObject((v.runs[0] as SarifRun).tool);
}

const byPosition = (a: RangeJson, b: RangeJson): number => a.start.line - b.start.line || a.start.character - b.start.character || a.end.line - b.end.line || a.end.character - b.end.character;
const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Joins JSON reports; the warnings say which shards of a split are missing. */
export function mergeReports(reports: ReportJson[], names: string[]): { merged: ReportJson; warnings: string[] } {
  const seen = new Map<string, string>();
  const files: FileJson[] = [];
  for (const [i, report] of reports.entries()) {
    for (const file of report.files) {
      const other = seen.get(file.path);
      if (other !== undefined) throw new MergeError(l10n.t('merge: {0} is reported by both {1} and {2}', file.path, other, names[i]));
      seen.set(file.path, names[i]);
      files.push(file);
    }
  }
  const unreadable = reports.flatMap((r) => r.unreadable);
  const registry = reports.find((r) => r.registry)?.registry ?? null;
  // Registry problems: each once (runs that all report the registry's problems give one copy).
  const problems = new Map<string, ProblemJson>();
  for (const r of reports) for (const p of r.registry?.problems ?? []) problems.set(JSON.stringify(p), p);

  const warnings: string[] = [];
  const shards = reports.map((r) => r.scope?.shard).filter((s): s is { index: number; count: number } => !!s);
  const counts = new Set(shards.map((s) => s.count));
  if (counts.size > 1) throw new MergeError(l10n.t('merge: the inputs are shards of different splits ({0})', [...counts].map((n) => `/${n}`).join(', ')));
  if (shards.length > 0) {
    const count = shards[0].count;
    for (let i = 1; i <= count; i++) if (!shards.some((s) => s.index === i)) warnings.push(l10n.t('merge: shard {0}/{1} is missing', i, count));
  }
  const changedSince = reports[0].scope?.changedSince ?? null;
  const merged: ReportJson = {
    files: files.sort(byPath),
    registry: registry ? { ...registry, problems: [...problems.values()].sort((a, b) => byPosition(a.range, b.range)) } : null,
    unreadable: unreadable.sort(byPath),
    scope: { changedSince: reports.every((r) => (r.scope?.changedSince ?? null) === changedSince) ? changedSince : null, shard: null, indexed: Math.max(0, ...reports.map((r) => r.scope?.indexed ?? 0)) },
  };
  return { merged, warnings };
}

/** Joins SARIF logs of one tool: the first run's tool and settings, every run's results, the union of the rules. */
export function mergeSarif(logs: SarifLog[]): SarifLog {
  const rules = new Map<string, SarifRule>();
  for (const log of logs) for (const rule of log.runs[0].tool.driver.rules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const ids = [...rules.keys()].sort();
  const results = logs.flatMap((log) => log.runs[0].results ?? []).map((r) => ({ ...r, ruleIndex: ids.indexOf(r.ruleId) }));
  const [first] = logs;
  return {
    ...first,
    runs: [{ ...first.runs[0], tool: { ...first.runs[0].tool, driver: { ...first.runs[0].tool.driver, rules: ids.map((id) => rules.get(id)!) } }, results }],
  };
}

const CONFLICT_CODES = new Set(['conflict', 'cross-conflict']);

export async function runMerge(inputs: string[], cwd: string): Promise<{ output: string; exitCode: number; warnings: string[] }> {
  const parsed: unknown[] = [];
  for (const input of inputs) {
    let text: string;
    try {
      text = await fs.readFile(path.resolve(cwd, input), 'utf8');
    } catch (error) {
      throw new MergeError(l10n.t('cannot read {0}: {1}', input, (error as Error).message));
    }
    try {
      parsed.push(JSON.parse(text));
    } catch {
      parsed.push(undefined);
    }
    const value = parsed[parsed.length - 1];
    if (!isReport(value) && !isSarif(value)) throw new MergeError(l10n.t('merge: {0} is neither a JSON report of fact-ledger check nor a SARIF log', input));
  }
  if (parsed.every(isReport)) {
    const { merged, warnings } = mergeReports(parsed, inputs);
    const registryErrors = merged.registry?.problems.some((p) => p.severity === 'error') ?? false;
    const conflicts = merged.files.some((f) => f.diagnostics.length > 0);
    return { output: JSON.stringify(merged, null, 2) + '\n', exitCode: registryErrors ? 2 : conflicts ? 1 : 0, warnings };
  }
  if (parsed.every(isSarif)) {
    const merged = mergeSarif(parsed);
    const results = merged.runs[0].results ?? [];
    const registryErrors = results.some((r) => r.level === 'error' && !CONFLICT_CODES.has(r.ruleId));
    const conflicts = results.some((r) => CONFLICT_CODES.has(r.ruleId));
    return { output: JSON.stringify(merged, null, 2) + '\n', exitCode: registryErrors ? 2 : conflicts ? 1 : 0, warnings: [] };
  }
  throw new MergeError(l10n.t('merge: cannot mix JSON reports and SARIF logs'));
}
