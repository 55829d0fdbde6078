import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, runCheck } from '../../src/cli/main';

const REGISTRY = `# The registry of this test
facts:
  deepseek-v3.training-cost:
    value: 5576000
    unit: USD
    bound: about
    tolerance: 0.02
    match:
      - [DeepSeek, V3]
      - [训练, training]
      - [成本, cost]
  amodei.essay-date:
    value: "2025-01-29"
    unit: date
    match:
      - [Amodei, 达里奥, Dario]
      - [发文, 博客, essay]
`;

let dir: string;

function write(rel: string, content: string | Buffer): void {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fact-ledger-cli-'));
  write('facts.yaml', REGISTRY);
  write('articles/a.md', '# 报道\n\nDeepSeek V3 的训练成本约为560万美元。\n');
  write('articles/b.txt', '1 月 30 日,Anthropic CEO Dario Amodei 发文。\n');
  write('articles/notes.json', '{"cost": "900万美元"}');
});

describe('fact-ledger check', () => {
  it('finds the nearest facts.yaml upward and reports conflicts like eslint, exit 1', async () => {
    const { output, exitCode } = await runCheck({ format: 'text', paths: ['articles'] }, dir);
    expect(exitCode).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(/^articles\/b\.txt:1:1  warning  "1 月 30 日" .*amodei\.essay-date.*  conflict$/);
    expect(output).not.toContain('a.md:');
    expect(output).not.toContain('notes.json');
    expect(lines.at(-1)).toContain('2 files, 2 figures, 2 linked');
  });

  it('exits 0 when nothing conflicts', async () => {
    write('articles/b.txt', '1 月 29 日,Dario Amodei 发文。\n');
    const { exitCode, output } = await runCheck({ format: 'text', paths: ['articles'] }, dir);
    expect(exitCode).toBe(0);
    expect(output).toContain('no conflicts');
  });

  it('writes the JSON contract: 0-based UTF-16 ranges, values, intervals, links', async () => {
    write('articles/a.md', '🚀DeepSeek V3 的训练成本约为560万美元。\n');
    const { output } = await runCheck({ format: 'json', paths: ['articles'] }, dir);
    const json = JSON.parse(output);
    const a = json.files.find((f: { path: string }) => f.path === 'articles/a.md');
    expect(a.figures).toEqual([
      {
        range: { start: { line: 0, character: 19 }, end: { line: 0, character: 27 } }, // 🚀 counts as 2 code units
        text: '约为560万美元',
        unit: 'USD',
        value: 5600000,
        min: 5040000,
        max: 6160000,
        bound: 'about',
        qualifier: '约为',
        fact: 'deepseek-v3.training-cost',
      },
    ]);
    const b = json.files.find((f: { path: string }) => f.path === 'articles/b.txt');
    expect(b.figures[0]).toMatchObject({ value: '--01-30', min: '--01-30', max: '--01-30', fact: 'amodei.essay-date' });
    expect(b.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'conflict', fact: 'amodei.essay-date', range: { start: { line: 0, character: 0 } } });
  });

  it('gives null ends for open intervals and null value for ranges', async () => {
    write('articles/c.md', '至少5万块芯片,数千万美元。\n');
    const { output } = await runCheck({ format: 'json', paths: ['articles/c.md'] }, dir);
    const [c] = JSON.parse(output).files;
    expect(c.figures.map((f: Record<string, unknown>) => [f.value, f.min, f.max])).toEqual([
      [50000, 50000, null],
      [null, 20000000, 90000000],
    ]);
  });

  it('exits 2 on registry errors and reports them with line and column', async () => {
    write('facts.yaml', REGISTRY + '  broken:\n    value: 3\n    unit: dollars\n');
    const { output, exitCode } = await runCheck({ format: 'text', paths: ['articles'] }, dir);
    expect(exitCode).toBe(2);
    expect(output).toMatch(/^facts\.yaml:20:11  error  .*dollars.*  unknown-unit$/m);
    // The valid facts still work.
    expect(output).toContain('amodei.essay-date');
  });

  it('takes everything after -- as a path', async () => {
    write('-odd.md', 'DeepSeek V3 的训练成本为900万美元。\n');
    const { exitCode, output } = await runCheck({ format: 'text', paths: ['-odd.md'] }, dir);
    expect(exitCode).toBe(1);
    expect(output).toContain('-odd.md:1:');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await main(['check', '--', '-odd.md'])).toBe(1);
    } finally {
      process.chdir(cwd);
      vi.restoreAllMocks();
    }
  });

  it('uses --registry when given', async () => {
    write('other/registry.yaml', 'facts: {}\n');
    const { exitCode, output } = await runCheck({ format: 'text', paths: ['articles'], registry: 'other/registry.yaml' }, dir);
    expect(exitCode).toBe(0);
    expect(output).toContain('linked to 0 facts in other/registry.yaml');
  });

  it('reads GBK, skips binary files and unknown encodings with a message', async () => {
    write('articles/image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    write('articles/gbk.txt', Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x35, 0x25])); // 你好5% in GBK
    write('articles/latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x20, 0xe9, 0x74, 0xe9])); // café, été
    const { output } = await runCheck({ format: 'text', paths: ['articles'] }, dir);
    expect(output).toContain('articles/image.txt  warning  binary file (NUL bytes or control characters); skipped  unreadable');
    expect(output).toContain('articles/latin1.txt  warning  unknown encoding');
    expect(output).toContain('articles/gbk.txt  read as GBK');
    expect(output).not.toContain('articles/gbk.txt  warning');
  });

  describe('usage', () => {
    let stderr: string;
    beforeEach(() => {
      stderr = '';
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stderr += String(chunk);
        return true;
      });
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    });
    afterEach(() => vi.restoreAllMocks());

    it.each([
      [['lint', 'x'], 'unknown command'],
      [['check'], 'no PATH given'],
      [['check', '--format', 'xml', 'x'], '--format must be text, json, sarif or github'],
      [['check', '--bogus', 'x'], 'unknown option --bogus'],
      [['check', '/no/such/path'], 'no such file or directory'],
    ])('%j exits 2: %s', async (argv, message) => {
      expect(await main(argv)).toBe(2);
      expect(stderr).toContain(message);
    });
  });
});
