// fact-ledger check: the core over files on disk, for terminals and CI.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { anchorAnnotation } from '../core/annotations';
import { decodeArticle, type ArticleEncoding } from '../core/decode';
import { LineIndex } from '../core/lineIndex';
import { emptyRegistry, parseRegistry, type Registry } from '../core/registry';
import type { RegistryProblem } from '../core/types';
import { WorkspaceIndex } from '../core/workspace';
import { reportGithub } from './github';
import * as l10n from './locale';
import { localeFromEnv, normalizeLocale, useLocale, type Locale } from './locale';
import { MergeError, runMerge } from './merge';
import { reportJson, reportText, type CheckReport, type FileReport, type RegistryReport, type Unreadable } from './report';
import { reportSarif } from './sarif';
import { changedFiles, parseShard, ScopeError, shardOf, type Shard } from './scope';

const ARTICLE_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const usage = (): string =>
  l10n.t(
    'Usage: {0}',
    'fact-ledger check [--registry FILE] [--format text|json|sarif|github] [--changed-since REV] [--shard I/N] [--locale en|zh-cn|zh-tw] PATH...\n       fact-ledger merge REPORT.json... | RESULTS.sarif...',
  ) +
  '\n\n' +
  l10n.t('Checks the figures in articles (.md, .markdown, .txt; directories recurse) against a fact registry (default: the nearest facts.yaml upward from the first PATH).') +
  '\n\n' +
  l10n.t('--format sarif writes SARIF 2.1.0 for code scanning; --format github writes GitHub Actions annotations.') +
  '\n\n' +
  l10n.t('--changed-since REV reports only the articles changed since the git revision REV (committed, staged, unstaged or untracked); every article is still read, for cross-article conflicts, and everything is reported when the registry itself changed.') +
  '\n\n' +
  l10n.t('--shard I/N reports only the I-th of N parts of the articles, split by a hash of each path; "fact-ledger merge" joins the parts\' JSON reports or SARIF logs into one.') +
  '\n\n' +
  l10n.t('Articles may be UTF-8, UTF-16 with a byte order mark, GBK or Big5.') +
  '\n\n' +
  l10n.t('Messages are in the language of --locale, else of LC_ALL, LC_MESSAGES or LANG (zh_CN: simplified Chinese; zh_TW, zh_HK: traditional Chinese; otherwise English).') +
  '\n\n' +
  l10n.t('Exit codes: 0 no conflicts, 1 conflicts found, 2 usage or registry errors.');

export interface CheckOptions {
  registry?: string;
  format: Format;
  paths: string[];
  /** The messages' language; English when not given. */
  locale?: Locale;
  /** Report only the articles changed since this git revision. */
  changedSince?: string;
  /** Report only this shard of the articles. */
  shard?: Shard;
}

interface MergeOptions {
  command: 'merge';
  inputs: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): CheckOptions | MergeOptions | 'help' {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') return 'help';
  const [command, ...rest] = argv;
  if (command === 'merge') {
    if (rest.includes('--help') || rest.includes('-h')) return 'help';
    const inputs = rest.filter((a) => a !== '--');
    const option = rest.find((a) => a.startsWith('-') && a !== '--' && a !== '-');
    if (option) throw new UsageError(l10n.t('unknown option {0}', option));
    if (inputs.length === 0) throw new UsageError(l10n.t('merge: no input files'));
    return { command: 'merge', inputs };
  }
  if (command !== 'check') throw new UsageError(l10n.t('unknown command "{0}"', command));
  const options: CheckOptions = { format: 'text', paths: [] };
  let onlyPaths = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    // After --, everything is a path, even a name that starts with '-'.
    if (onlyPaths) {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(l10n.t('{0} needs a value', flag));
      return v;
    };
    if (flag === '--registry') options.registry = value();
    else if (flag === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(l10n.t('--format must be text, json, sarif or github, not "{0}"', f));
      options.format = f as Format;
    } else if (flag === '--changed-since') {
      const rev = value();
      if (rev.trim() === '') throw new UsageError(l10n.t('{0} needs a value', flag));
      options.changedSince = rev;
    } else if (flag === '--shard') {
      const spec = value();
      const shard = parseShard(spec);
      if (!shard) throw new UsageError(l10n.t('--shard must be I/N with 1 ≤ I ≤ N, such as 2/4; not "{0}"', spec));
      options.shard = shard;
    } else if (flag === '--locale') {
      const v = value();
      const locale = normalizeLocale(v);
      if (!locale) throw new UsageError(l10n.t('--locale must be en, zh-cn or zh-tw, not "{0}"', v));
      options.locale = locale;
    } else if (flag === '--help' || flag === '-h') return 'help';
    else if (flag.startsWith('-')) throw new UsageError(l10n.t('unknown option {0}', flag));
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError(l10n.t('no PATH given'));
  return options;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function findRegistryUpward(start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  try {
    if (!(await fs.stat(dir)).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    const candidate = path.join(dir, 'facts.yaml');
    if (await exists(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function collectArticles(target: string, out: string[]): Promise<void> {
  const stat = await fs.stat(target);
  if (stat.isFile()) {
    out.push(target);
    return;
  }
  if (!stat.isDirectory()) return;
  const entries = await fs.readdir(target, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await collectArticles(full, out);
    } else if (entry.isFile() && ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
}

type ReadResult = { text: string; encoding: ArticleEncoding } | Omit<Unreadable, 'path'>;

/** Text of an article (decoded from UTF-8, UTF-16, GBK or Big5), or why it cannot be read as one. */
async function readArticle(file: string): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const detail = (error as Error).message;
    return { error: 'read-error', detail, problem: l10n.t('cannot be read: {0}', detail) };
  }
  const decoded = decodeArticle(bytes);
  if ('text' in decoded) return decoded;
  return {
    error: decoded.error,
    detail: decoded.detail,
    problem:
      decoded.error === 'binary'
        ? l10n.t('binary file (NUL bytes or control characters); skipped')
        : l10n.t('unknown encoding (not UTF-8, UTF-16 with a byte order mark, GBK or Big5); skipped: convert it to UTF-8 first'),
  };
}

function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The real path, for comparing with git's paths (symlinked folders such as macOS's /tmp); the path itself when it has none. */
async function realPath(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch {
    return file;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export async function runCheck(options: CheckOptions, cwd = process.cwd()): Promise<{ output: string; exitCode: number }> {
  useLocale(options.locale ?? 'en');
  const registryFile = options.registry ? path.resolve(cwd, options.registry) : await findRegistryUpward(path.resolve(cwd, options.paths[0]));
  let registry: Registry;
  let registryText = '';
  if (registryFile) {
    try {
      registryText = await fs.readFile(registryFile, 'utf8');
    } catch (error) {
      throw new UsageError(l10n.t('cannot read registry {0}: {1}', registryFile, (error as Error).message));
    }
    registry = parseRegistry(registryText, { t: l10n.t });
  } else {
    registry = emptyRegistry();
  }
  const display = (file: string): string => toPosix(path.relative(cwd, file) || file);
  const registryDir = registryFile ? path.dirname(registryFile) : cwd;
  const index = new WorkspaceIndex(registry, {
    registryPath: registryFile ? display(registryFile) : l10n.t('(no registry)'),
    t: l10n.t,
    ignoreKey: (p) => toPosix(path.relative(registryDir, path.resolve(cwd, p))),
  });

  const files: string[] = [];
  for (const p of options.paths) {
    const full = path.resolve(cwd, p);
    if (!(await exists(full))) throw new UsageError(l10n.t('no such file or directory: {0}', p));
    await collectArticles(full, files);
  }

  // What to report: files changed since a revision, of one shard, or everything.
  let changed: Set<string> | undefined;
  if (options.changedSince !== undefined) {
    try {
      changed = await changedFiles(options.changedSince, cwd);
    } catch (error) {
      if (error instanceof ScopeError) throw new UsageError(error.message);
      throw error;
    }
  }
  const registryChanged = registryFile !== undefined && changed !== undefined && changed.has(await realPath(registryFile));
  const reported = async (displayPath: string, absolute: string): Promise<boolean> =>
    (!options.shard || shardOf(displayPath, options.shard.count) === options.shard.index) && (!changed || registryChanged || changed.has(await realPath(absolute)));

  const unreadable: Unreadable[] = [];
  const encodings = new Map<string, ArticleEncoding>();
  const inScope = new Set<string>();
  for (const file of files) {
    const shown = display(file);
    const read = await readArticle(file);
    const report = await reported(shown, file);
    if ('text' in read) {
      index.update(shown, read.text);
      encodings.set(shown, read.encoding);
      if (report) inScope.add(shown);
    } else if (report) unreadable.push({ path: shown, ...read });
  }

  // Annotations whose passage is gone: reported on their registry entry, with their article's scope.
  const orphaned: RegistryProblem[] = [];
  const diskTexts = new Map<string, string | undefined>();
  for (const annotation of registryFile ? registry.annotations : []) {
    const absolute = path.resolve(registryDir, ...annotation.file.split('/').filter((part) => part !== ''));
    const shown = display(absolute);
    if (!(await reported(shown, absolute))) continue;
    let text = index.get(shown)?.text;
    if (text === undefined) {
      if (!diskTexts.has(absolute)) {
        const read = await readArticle(absolute);
        diskTexts.set(absolute, 'text' in read ? read.text : undefined);
      }
      text = diskTexts.get(absolute);
    }
    const why =
      text === undefined ? l10n.t('{0} cannot be read', annotation.file) : anchorAnnotation(text, annotation.selector) ? undefined : l10n.t('the passage is no longer in {0}', annotation.file);
    if (why) {
      orphaned.push({
        span: annotation.span,
        severity: 'warning',
        code: 'orphaned-annotation',
        message: l10n.t('Orphaned annotation of {0}: {1}: "{2}"', annotation.fact, why, shorten(annotation.selector.exact)),
      });
    }
  }

  const reports: FileReport[] = index
    .paths()
    .filter((p) => inScope.has(p))
    .map((p) => ({ path: p, doc: index.get(p)!, diagnostics: index.diagnostics(p), encoding: encodings.get(p) ?? 'utf-8' }));
  // The registry's own problems belong to the first shard, and to a --changed-since run only when the registry changed.
  const registryProblemsReported = (!options.shard || options.shard.index === 1) && (!changed || registryChanged);
  const registryReport: RegistryReport | undefined = registryFile
    ? { path: display(registryFile), text: registryText, problems: [...(registryProblemsReported ? registry.problems : []), ...orphaned], factCount: registry.facts.length }
    : undefined;
  const registryLines = registryFile ? new LineIndex(registryText) : undefined;
  const report: CheckReport = {
    files: reports,
    registry: registryReport,
    unreadable,
    scope: { changedSince: options.changedSince ?? null, shard: options.shard ?? null, indexed: index.paths().length },
    linesOf: (p) => (registryReport && p === registryReport.path ? registryLines : index.get(p)?.lines),
  };
  const registryErrors = registryReport?.problems.some((p) => p.severity === 'error') ?? false;
  const conflicts = reports.some((r) => r.diagnostics.length > 0);
  const output =
    options.format === 'json' ? reportJson(report) : options.format === 'sarif' ? reportSarif(report, cwd) : options.format === 'github' ? reportGithub(report) : reportText(report);
  return { output, exitCode: registryErrors ? 2 : conflicts ? 1 : 0 };
}

/** --locale's value in argv, read before the rest so that usage errors are in that language too. */
function localeArg(argv: string[]): Locale | undefined {
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--locale') return normalizeLocale(argv[i + 1]);
    if (argv[i].startsWith('--locale=')) return normalizeLocale(argv[i].slice('--locale='.length));
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  const locale = localeArg(argv) ?? localeFromEnv(process.env);
  useLocale(locale);
  let options: CheckOptions | MergeOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fact-ledger: ${error.message}\n\n${usage()}\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  try {
    const { output, exitCode, warnings } =
      'command' in options ? await runMerge(options.inputs, process.cwd()) : { ...(await runCheck({ ...options, locale: options.locale ?? locale })), warnings: [] as string[] };
    for (const w of warnings) process.stderr.write(`fact-ledger: ${w}\n`);
    process.stdout.write(output);
    return exitCode;
  } catch (error) {
    if (error instanceof UsageError || error instanceof MergeError) {
      process.stderr.write(`fact-ledger: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
