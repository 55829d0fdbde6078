// Which of the checked articles a run reports: those changed since a git revision (--changed-since)
// and/or those of one shard (--shard i/n). Every article is still indexed, so that cross-article
// conflicts see the whole archive; only the report is narrowed.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as l10n from './locale';

export class ScopeError extends Error {}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` with 1 ≤ i ≤ n; undefined when it is not one. */
export function parseShard(spec: string): Shard | undefined {
  const m = /^([1-9]\d{0,5})\/([1-9]\d{0,5})$/.exec(spec.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index <= count ? { index, count } : undefined;
}

/**
 * The shard (1-based) a file belongs to: the first 4 bytes of the SHA-256 of its path relative to
 * the working directory (with `/` separators, as the reports show it), big-endian, modulo n, plus 1.
 * A file's shard depends on its own path only: adding or removing other files moves nothing.
 */
export function shardOf(relativePath: string, count: number): number {
  const digest = createHash('sha256').update(relativePath, 'utf8').digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // No shell: the revision and paths are arguments, never parsed as a command line.
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: String(stderr) }));
      else resolve(stdout);
    });
  });
}

const nulSeparated = (out: string): string[] => out.split('\0').filter((p) => p !== '');

/**
 * Absolute paths of the files changed since `rev` in the repository that holds `cwd`: committed,
 * staged or unstaged changes (`git diff --name-only rev`, renames under their new name, deletions
 * left out) and untracked files that .gitignore does not exclude.
 */
export async function changedFiles(rev: string, cwd: string): Promise<Set<string>> {
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ScopeError(l10n.t('--changed-since needs git, which was not found'));
    throw new ScopeError(l10n.t('--changed-since: {0} is not inside a git repository', cwd));
  }
  // A revision starting with '-' would be read as an option; --end-of-options keeps it a revision.
  try {
    await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], top);
  } catch {
    throw new ScopeError(l10n.t('--changed-since: unknown revision "{0}"', rev));
  }
  const diff = await git(['-c', 'core.quotepath=off', 'diff', '--name-only', '-z', '--no-ext-diff', '--find-renames', '--diff-filter=d', '--end-of-options', rev, '--'], top);
  const untracked = await git(['ls-files', '-z', '--others', '--exclude-standard'], top);
  return new Set([...nulSeparated(diff), ...nulSeparated(untracked)].map((p) => path.resolve(top, p)));
}
