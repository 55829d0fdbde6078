// The CLI never writes: `fact-ledger check`, in every output format and with registry errors,
// GBK articles, orphaned annotations and conflicts, leaves every file of the tree byte for byte and
// untouched on disk (no rewrite with the same content either: mtimes are compared too), and
// creates nothing.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Snapshot {
  bytes: string;
  mtimeMs: number;
}

function snapshot(dir: string): Map<string, Snapshot> {
  const files = new Map<string, Snapshot>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), { bytes: readFileSync(full).toString('base64'), mtimeMs: statSync(full).mtimeMs });
    }
  };
  walk(dir);
  return files;
}

describe('fact-ledger check is read-only', () => {
  afterEach(() => vi.restoreAllMocks());

  it('leaves the example tree as it was, whatever the format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fact-ledger-readonly-'));
    cpSync(path.join(root, 'examples', 'deepseek-2025'), dir, { recursive: true });
    // Odd inputs too: a GBK article, a binary file, an annotation whose article is gone.
    writeFileSync(path.join(dir, 'articles', 'gbk.txt'), Buffer.from('c9eeb6c8c7f3cbf7d1b5c1b7b3c9b1be353630cdf2c3c0d4aaa1a3', 'hex'));
    writeFileSync(path.join(dir, 'articles', 'binary.md'), Buffer.from([0, 1, 2, 3, 0, 255]));
    const registry = readFileSync(path.join(dir, 'facts.yaml'), 'utf8');
    writeFileSync(
      path.join(dir, 'facts.yaml'),
      `${registry.trimEnd()}\nannotations:\n  - fact: amodei.essay-date\n    file: articles/gone.md\n    verdict: mentions\n    selector:\n      exact: 这段话已经不在了\n`,
    );
    const before = snapshot(dir);
    expect(before.size).toBeGreaterThan(5);

    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      for (const format of ['text', 'json', 'sarif', 'github']) {
        const code = await main(['check', '--format', format, '.']);
        expect(code, `exit code of --format ${format}`).toBeGreaterThan(0); // there are conflicts
      }
      expect(await main(['check', '--shard', '1/2', '.'])).toBeGreaterThanOrEqual(0);
    } finally {
      process.chdir(cwd);
    }

    const after = snapshot(dir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, was] of before) {
      expect(after.get(file)?.bytes, `${file} unchanged`).toBe(was.bytes);
      expect(after.get(file)?.mtimeMs, `${file} not rewritten`).toBe(was.mtimeMs);
    }
  });
});
