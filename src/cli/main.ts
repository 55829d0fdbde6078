// fact-ledger check: the core over files on disk, for terminals and CI.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseRegistry, type Registry } from '../core/registry';
import { WorkspaceIndex } from '../core/workspace';
import * as l10n from './locale';
import { localeFromEnv, normalizeLocale, useLocale, type Locale } from './locale';
import { reportJson, reportText, type FileReport, type RegistryReport } from './report';

const ARTICLE_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

const usage = (): string =>
  l10n.t('Usage: {0}', 'fact-ledger check [--registry FILE] [--format text|json] [--locale en|zh-cn|zh-tw] PATH...') +
  '\n\n' +
  l10n.t('Checks the figures in articles (.md, .markdown, .txt; directories recurse) against a fact registry (default: the nearest facts.yaml upward from the first PATH).') +
  '\n\n' +
  l10n.t('Messages are in the language of --locale, else of LC_ALL, LC_MESSAGES or LANG (zh_CN: simplified Chinese; zh_TW, zh_HK: traditional Chinese; otherwise English).') +
  '\n\n' +
  l10n.t('Exit codes: 0 no conflicts, 1 conflicts found, 2 usage or registry errors.');

interface CheckOptions {
  registry?: string;
  format: 'text' | 'json';
  paths: string[];
  /** The messages' language; English when not given. */
  locale?: Locale;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): CheckOptions | 'help' {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') return 'help';
  const [command, ...rest] = argv;
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
      if (f !== 'text' && f !== 'json') throw new UsageError(l10n.t('--format must be text or json, not "{0}"', f));
      options.format = f;
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

/** Text of an article, or why it cannot be read as one. */
async function readArticle(file: string): Promise<{ text: string } | { problem: string }> {
  const bytes = await fs.readFile(file);
  if (bytes.includes(0)) return { problem: l10n.t('binary file (contains NUL bytes); skipped') };
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { problem: l10n.t('not valid UTF-8; skipped (convert it to UTF-8 first)') };
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
    registry = parseRegistry(registryText);
  } else {
    registry = parseRegistry('facts: {}\n');
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
  const unreadable: { path: string; problem: string }[] = [];
  for (const file of files) {
    const read = await readArticle(file);
    if ('problem' in read) unreadable.push({ path: display(file), problem: read.problem });
    else index.update(display(file), read.text);
  }

  const reports: FileReport[] = index.paths().map((p) => {
    const doc = index.get(p)!;
    return { path: p, doc, diagnostics: index.diagnostics(p) };
  });
  const registryReport: RegistryReport | undefined = registryFile
    ? { path: display(registryFile), text: registryText, problems: registry.problems, factCount: registry.facts.length }
    : undefined;
  const registryErrors = registry.problems.some((p) => p.severity === 'error');
  const conflicts = reports.some((r) => r.diagnostics.length > 0);
  const output = options.format === 'json' ? reportJson(reports, registryReport, unreadable) : reportText(reports, registryReport, unreadable);
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
  let options: CheckOptions | 'help';
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
  options.locale ??= locale;
  try {
    const { output, exitCode } = await runCheck(options);
    process.stdout.write(output);
    return exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fact-ledger: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
