// Nothing in Fact Ledger evaluates code or reaches the network: no eval, no new Function, no
// fetch/XMLHttpRequest/WebSocket, no http/https/net modules; child processes only in the CLI, only
// git, without a shell (--changed-since). Checked on the sources, and on the bundles as
// shipped when they are built (npm test builds them first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const FORBIDDEN: [string, RegExp][] = [
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\s*\(/],
  ['fetch', /\bfetch\s*\(/],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['WebSocket', /\bWebSocket\b/],
  ['a network module', /\bfrom\s+['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns)['"]|require\(\s*['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns)['"]\s*\)/],
  ['setTimeout with a string', /\bsetTimeout\(\s*['"`]/],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function offences(text: string): string[] {
  return FORBIDDEN.filter(([, re]) => re.test(text)).map(([name]) => name);
}

describe('no code evaluation, no network', () => {
  const files = sources(path.join(root, 'src'));

  it('reads the sources', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files.map((file) => [path.relative(root, file), file]))('%s', (_name, file) => {
    expect(offences(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('starts child processes only in the CLI, only git, without a shell', () => {
    const users = files.filter((file) => /child_process/.test(readFileSync(file, 'utf8'))).map((file) => path.relative(root, file));
    for (const file of users) expect(file.startsWith(`src${path.sep}cli${path.sep}`), file).toBe(true);
    for (const file of users) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text, file).not.toMatch(/(?<![.\w])(?:exec|execSync|spawnSync|spawn)\(/);
      const calls = [...text.matchAll(/execFile(?:Sync)?\(\s*([^,]+),/g)];
      expect(calls.length, file).toBeGreaterThan(0);
      // execFile runs the program itself with an argument array: no shell parses a revision.
      for (const call of calls) expect(call[1]!.trim(), `${file}: the program`).toBe("'git'");
      expect(text, `${file}: no shell`).not.toMatch(/shell\s*:\s*true/);
    }
  });

  const bundles = ['dist/extension.js', 'dist/web/extension.js'].filter((file) => existsSync(path.join(root, file)));
  it.skipIf(bundles.length === 0)('the shipped bundles (with their dependencies) evaluate no code and open no connection', () => {
    for (const file of bundles) expect(offences(readFileSync(path.join(root, file), 'utf8')), file).toEqual([]);
  });
});
