// Path containment for paths the workspace's own files name: an annotation's `file:` (relative to
// its registry's folder) and the registry glob setting. Files of an untrusted repository may point
// anywhere; what they name must stay inside the folder they belong to. Pure: no `vscode`, no `fs`.

export type PathProblem = 'empty' | 'absolute' | 'escapes' | 'backslash' | 'control';

export type Contained = { path: string; problem?: undefined } | { path?: undefined; problem: PathProblem };

/**
 * `relative` (forward slashes) resolved inside its base folder: `.` and empty segments dropped,
 * `..` taken back within the folder. Refused: absolute paths (`/x`, `C:/x`, `\\server\x`, `file:…`),
 * backslashes (Windows separators would escape on Windows), control characters, and any `..` that
 * leaves the folder, even one that comes back (`../base/x`).
 */
export function containedPath(relative: string): Contained {
  if (relative.trim() === '') return { problem: 'empty' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(relative)) return { problem: 'control' };
  if (relative.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(relative)) return { problem: 'absolute' };
  if (relative.includes('\\')) return { problem: relative.startsWith('\\') ? 'absolute' : 'backslash' };
  if (relative.startsWith('~')) return { problem: 'absolute' };
  const parts: string[] = [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return { problem: 'escapes' };
      parts.pop();
    } else parts.push(part);
  }
  if (parts.length === 0) return { problem: 'empty' };
  return { path: parts.join('/') };
}

/** Whether `target` (a URI path) is `dir` or inside it; both normalised, `dir` with or without a trailing '/'. */
export function isInside(dir: string, target: string): boolean {
  const base = normalize(dir);
  const path = normalize(target);
  if (base === undefined || path === undefined) return false;
  if (base === '/') return path.startsWith('/');
  return path === base || path.startsWith(base + '/');
}

/** A POSIX path with `.`/`..` resolved and no trailing '/'; undefined when `..` climbs above '/'. */
function normalize(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return '/' + parts.join('/');
}

/**
 * What is wrong with a workspace-relative glob setting (e.g. factLedger.registry.glob), or
 * undefined: it may not be absolute or climb out with `..` — findFiles searches the workspace
 * folders only, and a glob that seems to point elsewhere is a mistake or a trap worth saying so.
 */
export function globProblem(glob: string): PathProblem | undefined {
  if (glob.trim() === '') return 'empty';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(glob)) return 'control';
  if (glob.startsWith('/') || glob.startsWith('\\') || glob.startsWith('~') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(glob)) return 'absolute';
  if (glob.split(/[\\/]/).some((part) => part === '..')) return 'escapes';
  return undefined;
}
