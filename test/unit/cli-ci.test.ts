// The CLI in CI: --changed-since, --shard and merge, SARIF (validated against the SARIF 2.1.0
// schema), GitHub workflow commands, legacy encodings and orphaned annotations.
//
// Two copies of the SARIF 2.1.0 JSON schema, from npm packages (no other network), each output is
// validated against both:
// - test/fixtures/sarif-schema-2.1.0.json: as shipped in @microsoft/sarif-multitool-linux@5.7.0
//   (file package/sarif-2.1.0.json, MIT licence, © Microsoft; sha256 1c49a0f2b604…ed798c), unmodified;
//   it declares draft 2020-12 and is the SARIF SDK's later revision (GUIDs as format uuid, edited descriptions).
// - test/fixtures/sarif-schema-2.1.0.oasis.json: the OASIS schema (draft-07, $id in oasis-tcs/sarif-spec),
//   which @datadog/datadog-ci-plugin-sarif@5.25.0 (Apache-2.0) bundles into dist/bundle.js from its
//   src/json-schema/sarif-schema-2.1.0.json; taken out of the bundle by evaluating that object literal and
//   writing it back as JSON (content unchanged, formatting JSON.stringify's; sha256 038791a8fe88…b9c9f8).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { escapeData, escapeProperty, workflowCommand } from '../../src/cli/github';
import { main, runCheck, type CheckOptions } from '../../src/cli/main';
import { parseShard, shardOf } from '../../src/cli/scope';

const REGISTRY = `facts:
  deepseek-v3.training-cost:
    value: 5576000
    unit: USD
    bound: about
    tolerance: 0.02
    match:
      - [DeepSeek, V3]
      - [训练, 訓練, training]
      - [成本, cost]
  amodei.essay-date:
    value: "2025-01-29"
    unit: date
    match:
      - [Amodei, 达里奥, Dario]
      - [发文, 博客, essay]
  r1.users:
    unit: count
    match:
      - [R1]
      - [用户, users]
`;

/** A fact with an unknown unit: an `unknown-unit` error at line 24, column 11 (facts.yaml:24:11). */
const BROKEN = '  broken:\n    value: 3\n    unit: dollars\n    match:\n      - [broken]\n';

let dir: string;

function write(rel: string, content: string | Buffer): void {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

const check = (options: Partial<CheckOptions> & { paths?: string[] }) => runCheck({ format: 'json', paths: ['articles'], ...options }, dir);
const json = async (options: Partial<CheckOptions> = {}) => JSON.parse((await check({ ...options, format: 'json' })).output);

interface FileJson {
  path: string;
  encoding: string;
  figures: { text: string; range: { start: { line: number; character: number } }; fact: string | null }[];
  diagnostics: { code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fact-ledger-ci-'));
  write('facts.yaml', REGISTRY);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** Runs main() in `dir`, capturing stdout and stderr. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process, 'cwd').mockReturnValue(dir);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('encodings', () => {
  const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '../fixtures/encodings', name));

  it('reads GBK, Big5 and UTF-16 articles, with positions in the decoded text, and says which encoding it assumed', async () => {
    write('articles/gbk.md', fixture('gbk.md'));
    write('articles/big5.md', fixture('big5.md'));
    write('articles/utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('🚀 DeepSeek V3 的训练成本为900万美元。\n', 'utf16le')]));
    write('articles/plain.md', 'DeepSeek V3 的训练成本约为560万美元。\n');
    const out = await json();
    const byPath = new Map<string, FileJson>(out.files.map((f: FileJson) => [f.path, f]));
    expect([...byPath.keys()].sort()).toEqual(['articles/big5.md', 'articles/gbk.md', 'articles/plain.md', 'articles/utf16.txt']);
    expect(byPath.get('articles/gbk.md')!.encoding).toBe('gbk');
    expect(byPath.get('articles/big5.md')!.encoding).toBe('big5');
    expect(byPath.get('articles/utf16.txt')!.encoding).toBe('utf-16le');
    expect(byPath.get('articles/plain.md')!.encoding).toBe('utf-8');
    // "# 报道", "", then "DeepSeek V3 的训练成本约为560万美元。…": the figure starts at character 17 of line 2.
    expect(byPath.get('articles/gbk.md')!.figures[0]).toMatchObject({ text: '约为560万美元', fact: 'deepseek-v3.training-cost', range: { start: { line: 2, character: 17 } } });
    expect(byPath.get('articles/big5.md')!.figures[0]).toMatchObject({ text: '約為560萬美元', fact: 'deepseek-v3.training-cost', range: { start: { line: 2, character: 17 } } });
    // 🚀 is two UTF-16 code units: "🚀 DeepSeek V3 的训练成本为" is 21 of them before the figure.
    expect(byPath.get('articles/utf16.txt')!.diagnostics[0]).toMatchObject({ code: 'conflict', range: { start: { line: 0, character: 21 } } });

    const text = (await check({ format: 'text' })).output;
    expect(text).toContain('articles/gbk.md  read as GBK');
    expect(text).toContain('articles/big5.md  read as Big5');
    expect(text).toContain('articles/utf16.txt  read as UTF-16LE');
    expect(text).not.toContain('articles/plain.md  read as');
  });

  it('skips binary files and unknown encodings, in JSON with the decoder\'s reason', async () => {
    write('articles/shift-jis.txt', fixture('shift-jis.txt'));
    write('articles/image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const out = await json();
    expect(out.files).toEqual([]);
    expect(out.unreadable).toEqual([
      { path: 'articles/image.md', error: 'binary', detail: 'NUL byte at offset 8', problem: 'binary file (NUL bytes or control characters); skipped' },
      { path: 'articles/shift-jis.txt', error: 'unknown-encoding', detail: expect.stringContaining('not valid UTF-8'), problem: expect.stringContaining('unknown encoding') },
    ]);
  });
});

describe('orphaned annotations', () => {
  const annotated = `${REGISTRY}annotations:
  - fact: r1.users
    file: articles/a.md
    selector:
      exact: R1 上线首周有100万用户
  - fact: r1.users
    file: articles/a.md
    selector:
      exact: 这段话已经被编辑删除了，再也找不到了
  - fact: amodei.essay-date
    file: articles/gone.md
    selector:
      exact: Dario Amodei 发文
`;

  it('reports annotations whose passage or article is gone, on their registry entry', async () => {
    write('facts.yaml', annotated);
    write('articles/a.md', 'DeepSeek 称，R1 上线首周有100万用户。\n');
    const { output, exitCode } = await check({ format: 'text' });
    expect(exitCode).toBe(0); // warnings, not conflicts
    const rows = output.split('\n').filter((l) => l.includes('orphaned-annotation'));
    expect(rows).toEqual([
      'facts.yaml:27:5  warning  Orphaned annotation of r1.users: the passage is no longer in articles/a.md: "这段话已经被编辑删除了，再也找不到了"  orphaned-annotation',
      'facts.yaml:31:5  warning  Orphaned annotation of amodei.essay-date: articles/gone.md cannot be read: "Dario Amodei 发文"  orphaned-annotation',
    ]);
    const out = await json();
    expect(out.registry.problems.map((p: { code: string; range: { start: { line: number } } }) => [p.code, p.range.start.line])).toEqual([
      ['orphaned-annotation', 26],
      ['orphaned-annotation', 30],
    ]);
  });

  it('speaks the locale', async () => {
    write('facts.yaml', annotated);
    write('articles/a.md', 'R1 上线首周有100万用户。\n');
    const { output } = await check({ format: 'text', locale: 'zh-cn' });
    expect(output).toContain('r1.users 的标注已失去锚点：articles/a.md 中已找不到该段落');
  });
});

describe('--shard', () => {
  it('parses I/N with 1 ≤ I ≤ N only', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of ['0/3', '4/3', '1/0', '-1/3', '1/3/4', 'a/b', '1', '', '1.5/3', ' /3']) expect(parseShard(bad), bad).toBeUndefined();
  });

  it('places a file by its own path only: stable when others come and go, spread over the shards', () => {
    const paths = Array.from({ length: 400 }, (_, i) => `articles/${2000 + (i % 25)}/稿件-${i}.md`);
    const before = paths.map((p) => shardOf(p, 4));
    expect(paths.map((p) => shardOf(p, 4))).toEqual(before);
    const counts = [1, 2, 3, 4].map((s) => before.filter((x) => x === s).length);
    for (const c of counts) expect(c).toBeGreaterThan(60); // 100 expected each
    expect(shardOf('articles/a.md', 1)).toBe(1);
  });

  async function archive(): Promise<void> {
    write('facts.yaml', `${REGISTRY}${BROKEN}annotations:\n  - fact: r1.users\n    file: articles/r1-00.md\n    selector:\n      exact: 这段话不在任何稿件里\n`);
    for (let i = 0; i < 14; i++) {
      const n = String(i).padStart(2, '0');
      // Cross-conflicts on r1.users (no registry value) between many articles, registry conflicts on the cost.
      write(`articles/r1-${n}.md`, `据报道，R1 上线首周有${100 + (i % 3) * 50}万用户。\n`);
      write(`articles/cost/${n}.txt`, `DeepSeek V3 的训练成本为${i % 2 ? 560 : 900}万美元。\n`);
    }
    write('articles/image.txt', Buffer.from([0, 1, 2]));
  }

  it('splits the report: shards are disjoint, their union is the whole, and merged they equal the unsharded run', async () => {
    await archive();
    const whole = await json();
    expect(whole.files.length).toBe(28);
    expect(whole.files.some((f: FileJson) => f.diagnostics.some((d) => d.code === 'cross-conflict'))).toBe(true);
    expect(whole.registry.problems.length).toBe(2); // unknown-unit and the orphaned annotation

    const shards = [];
    for (let i = 1; i <= 3; i++) shards.push(await json({ shard: { index: i, count: 3 } }));
    const paths = shards.map((s) => s.files.map((f: FileJson) => f.path) as string[]);
    for (const p of paths) expect(p.length).toBeGreaterThan(0);
    const all = paths.flat();
    expect(new Set(all).size).toBe(all.length); // disjoint
    expect([...all].sort()).toEqual(whole.files.map((f: FileJson) => f.path).sort());
    // Every shard read the whole archive: cross-conflicts point at articles of other shards.
    for (const s of shards) expect(s.scope.indexed).toBe(28);
    // A file's diagnostics are the same whichever run reports it.
    const byPath = (files: FileJson[]) => Object.fromEntries(files.map((f) => [f.path, f]));
    expect(byPath(shards.flatMap((s) => s.files))).toEqual(byPath(whole.files));
    // Registry problems: the registry's own in shard 1, an orphaned annotation with its article's shard.
    expect(shards[0].registry.problems.some((p: { code: string }) => p.code === 'unknown-unit')).toBe(true);
    expect(shards.flatMap((s) => s.registry.problems).length).toBe(2);
    expect(shards.flatMap((s) => s.unreadable).map((u: { path: string }) => u.path)).toEqual(['articles/image.txt']);

    // fact-ledger merge a.json b.json c.json
    const names = shards.map((s, i) => {
      const name = `shard-${i + 1}.json`;
      writeFileSync(path.join(dir, name), JSON.stringify(s));
      return name;
    });
    const merged = await run(['merge', ...names]);
    expect(merged.code).toBe(2); // the registry error, as in the unsharded run
    expect(merged.stderr).toBe('');
    const m = JSON.parse(merged.stdout);
    const sortFiles = (files: FileJson[]) => [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(m.files).toEqual(sortFiles(whole.files));
    expect(m.registry).toEqual(whole.registry);
    expect(m.unreadable).toEqual(whole.unreadable);

    // A missing shard is said; the same file twice is refused.
    const partial = await run(['merge', names[0], names[2]]);
    expect(partial.stderr).toContain('merge: shard 2/3 is missing');
    const twice = await run(['merge', names[0], names[0]]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/merge: articles\/\S+ is reported by both shard-1\.json and shard-1\.json/);
  });

  it('merges SARIF shards into one valid log with every result', async () => {
    await archive();
    const whole = JSON.parse((await check({ format: 'sarif' })).output);
    const names: string[] = [];
    for (let i = 1; i <= 2; i++) {
      const name = `shard-${i}.sarif`;
      writeFileSync(path.join(dir, name), (await check({ format: 'sarif', shard: { index: i, count: 2 } })).output);
      names.push(name);
    }
    const merged = await run(['merge', ...names]);
    const log = JSON.parse(merged.stdout);
    expect(validateSarif(log)).toEqual([]);
    const key = (r: { ruleId: string; locations: unknown }) => JSON.stringify([r.ruleId, r.locations]);
    expect(log.runs[0].results.map(key).sort()).toEqual(whole.runs[0].results.map(key).sort());
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(whole.runs[0].tool.driver.rules.map((r: { id: string }) => r.id));
  });

  it.each([['0/3'], ['4/3'], ['x'], ['1/0'], ['2']])('--shard %s exits 2 with a message', async (spec) => {
    write('articles/a.md', 'x\n');
    const { code, stderr } = await run(['check', '--shard', spec, 'articles']);
    expect(code).toBe(2);
    expect(stderr).toContain(`--shard must be I/N with 1 ≤ I ≤ N, such as 2/4; not "${spec}"`);
  });
});

describe('--changed-since', () => {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });

  beforeEach(() => {
    write('articles/a.md', 'DeepSeek V3 的训练成本约为560万美元。\n');
    write('articles/b.md', '1 月 29 日，Dario Amodei 发文。\n');
    write('articles/old-name.md', '据报道，R1 上线首周有100万用户。\n');
    write('articles/deleted.md', 'DeepSeek V3 的训练成本为900万美元。\n');
    write('articles/untouched.md', '据称 R1 上线首周有300万用户。\n');
    write('.gitignore', 'ignored/\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
  });

  it('reports changed, staged, renamed and untracked articles, not deleted or untouched ones, with cross-conflicts against the rest', async () => {
    write('articles/a.md', 'DeepSeek V3 的训练成本为900万美元。\n'); // modified, unstaged
    git('mv', 'articles/old-name.md', 'articles/new-name.md'); // renamed, staged
    rmSync(path.join(dir, 'articles/deleted.md'));
    write('articles/new.md', '1 月 30 日，Dario Amodei 发文。\n'); // untracked
    write('ignored/x.md', 'DeepSeek V3 的训练成本为900万美元。\n'); // ignored by .gitignore
    const out = await json({ changedSince: 'HEAD', paths: ['articles', 'ignored'] });
    expect(out.files.map((f: FileJson) => f.path).sort()).toEqual(['articles/a.md', 'articles/new-name.md', 'articles/new.md']);
    expect(out.scope).toEqual({ changedSince: 'HEAD', shard: null, indexed: 6 });
    // new-name.md disagrees with untouched.md (not reported, but read): the cross-conflict is found.
    const renamed = out.files.find((f: FileJson) => f.path === 'articles/new-name.md');
    expect(renamed.diagnostics).toEqual([expect.objectContaining({ code: 'cross-conflict', message: expect.stringContaining('articles/untouched.md:1') })]);
    const text = (await check({ format: 'text', changedSince: 'HEAD' })).output;
    expect(text).toContain('3 files, 3 figures, 3 linked');
    expect(text).toContain('; 2 more articles read for cross-article conflicts, not reported');
    expect(text).not.toContain('untouched.md:1:');
  });

  it('reports nothing when nothing changed, and everything when the registry changed', async () => {
    const none = await json({ changedSince: 'HEAD' });
    expect(none.files).toEqual([]);
    expect(none.registry.problems).toEqual([]);
    write('facts.yaml', `${REGISTRY}${BROKEN}`);
    const all = await check({ changedSince: 'HEAD', format: 'json' });
    expect(all.exitCode).toBe(2);
    const parsed = JSON.parse(all.output);
    expect(parsed.files.length).toBe(5);
    expect(parsed.registry.problems.map((p: { code: string }) => p.code)).toEqual(['unknown-unit']);
  });

  it('leaves the registry\'s old problems out when it did not change, but reports annotations an article edit orphaned', async () => {
    write('facts.yaml', `${REGISTRY}${BROKEN}annotations:\n  - fact: r1.users\n    file: articles/untouched.md\n    selector:\n      exact: R1 上线首周有300万用户\n`);
    git('commit', '-q', '-am', 'registry');
    expect((await check({ changedSince: 'HEAD' })).exitCode).toBe(0);
    write('articles/untouched.md', '据称 R1 首周用户破百万。\n');
    const out = await json({ changedSince: 'HEAD' });
    expect(out.registry.problems.map((p: { code: string }) => p.code)).toEqual(['orphaned-annotation']);
  });

  it('accepts revisions like HEAD~1 and works from a subfolder of the repository', async () => {
    write('articles/a.md', 'DeepSeek V3 的训练成本为900万美元。\n');
    git('commit', '-q', '-am', 'edit');
    const sub = path.join(dir, 'articles');
    const out = JSON.parse((await runCheck({ format: 'json', paths: ['.'], changedSince: 'HEAD~1', registry: '../facts.yaml' }, sub)).output);
    expect(out.files.map((f: FileJson) => f.path)).toEqual(['a.md']);
  });

  it('exits 2 for an unknown revision, without running anything the revision names', async () => {
    for (const rev of ['no-such-branch', 'HEAD; touch pwned', '--output=pwned', '$(touch pwned)']) {
      const { code, stderr } = await run(['check', `--changed-since=${rev}`, 'articles']);
      expect(code, rev).toBe(2);
      expect(stderr).toContain(`--changed-since: unknown revision "${rev}"`);
    }
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('exits 2 outside a git repository', async () => {
    rmSync(path.join(dir, '.git'), { recursive: true, force: true });
    const { code, stderr } = await run(['check', '--changed-since', 'HEAD', 'articles']);
    expect(code).toBe(2);
    expect(stderr).toContain('is not inside a git repository');
  });
});

// Strict off because the schemas have `required` names that their anyOf branches do not define
// (ajv's strictRequired). Formats: absolute URIs for "uri", as JSON Schema means.
function schemaValidator(ajv: Ajv | Ajv2020, file: string): (log: unknown) => string[] {
  ajv.addFormat('uri', { validate: (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s) });
  ajv.addFormat('uri-reference', { validate: (s: string) => URL.canParse(s, 'file:///base/') });
  ajv.addFormat('date-time', { validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(__dirname, '../fixtures', file), 'utf8')));
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${file}: ${e.instancePath} ${e.message}`));
}
const validators = [
  schemaValidator(new Ajv2020({ strict: false, allErrors: true }), 'sarif-schema-2.1.0.json'),
  schemaValidator(new Ajv({ strict: false, allErrors: true }), 'sarif-schema-2.1.0.oasis.json'),
];
/** Errors against both copies of the schema; [] when the log is valid SARIF 2.1.0. */
function validateSarif(log: unknown): string[] {
  return validators.flatMap((v) => v(log));
}

describe('--format sarif', () => {
  interface Region {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
  }
  interface Location {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: Region };
  }
  interface Result {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: Location[];
    relatedLocations?: (Location & { message: { text: string } })[];
  }

  /** The text a region covers, read the way a SARIF consumer with columnKind utf16CodeUnits does. */
  const covered = (text: string, r: Region): string => {
    const lines = text.split('\n');
    expect(r.endLine).toBe(r.startLine);
    return lines[r.startLine - 1]!.slice(r.startColumn - 1, r.endColumn - 1);
  };

  it('writes a valid SARIF 2.1.0 log: rules with help, levels, 1-based UTF-16 regions, related locations', async () => {
    // Chinese, a full-width comma and astral characters (𠮷, 🚀: two UTF-16 code units each) before the figure.
    const article = '# 标题\n\n𠮷野家🚀报道，DeepSeek V3 的训练成本为900万美元。\n';
    write('articles/报道 1.md', article);
    write('articles/b.txt', '1 月 30 日,Anthropic CEO Dario Amodei 发文。\n');
    write('articles/c.md', '1月29日，达里奥发文。\n');
    write('articles/bad.txt', Buffer.from([1, 2, 3, 4]));
    write('facts.yaml', `${REGISTRY}${BROKEN}`);
    const { output, exitCode } = await check({ format: 'sarif' });
    expect(exitCode).toBe(2);
    const log = JSON.parse(output);
    expect(validateSarif(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe(new URL(`file://${dir}/`).href);
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'Fact Ledger', version: JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version });
    expect(driver.informationUri).toMatch(/^(https?|file):/);
    const rules = new Map<string, { helpUri: string }>(driver.rules.map((r: { id: string; helpUri: string }) => [r.id, r]));
    expect([...rules.keys()]).toEqual(['conflict', 'cross-conflict', 'unknown-unit', 'unreadable']);
    expect(rules.get('conflict')!.helpUri).toMatch(/\/docs\/diagnostics\.md#conflict$/);
    expect(rules.get('cross-conflict')!.helpUri).toMatch(/\/docs\/diagnostics\.md#cross-conflict$/);
    expect(rules.get('unknown-unit')!.helpUri).toMatch(/\/docs\/diagnostics\.md#registry-errors$/);
    // The help links lead to files that exist (here, in this checkout).
    for (const { helpUri } of rules.values()) expect(existsSync(new URL(helpUri.replace(/#.*/, '')))).toBe(true);

    const results: Result[] = run.results;
    for (const r of results) expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const conflict = results.find((r) => r.ruleId === 'conflict' && r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('1.md'))!;
    expect(conflict.level).toBe('warning');
    const where = conflict.locations[0]!.physicalLocation;
    expect(where.artifactLocation).toEqual({ uri: 'articles/%E6%8A%A5%E9%81%93%201.md', uriBaseId: 'SRCROOT' });
    // 𠮷野家🚀报道，(9 UTF-16 code units: 𠮷 and 🚀 are 2 each) DeepSeek V3 (12 with the space) 的训练成本为 (6):
    // 27 code units before the figure, so it starts at column 28 (19 code points would give column 20).
    expect(where.region).toEqual({ startLine: 3, startColumn: 28, endLine: 3, endColumn: 34 });
    expect(covered(article, where.region!)).toBe('900万美元');
    // Related: the registry entry, at the fact's id.
    const related = conflict.relatedLocations!;
    expect(related[0]!.physicalLocation.artifactLocation.uri).toBe('facts.yaml');
    expect(covered(REGISTRY, related[0]!.physicalLocation.region!)).toBe('deepseek-v3.training-cost');

    const cross = results.find((r) => r.ruleId === 'cross-conflict' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'articles/b.txt')!;
    expect(cross.relatedLocations!.map((l) => l.physicalLocation.artifactLocation.uri)).toEqual(['articles/c.md', 'facts.yaml']);
    expect(covered('1月29日，达里奥发文。\n', cross.relatedLocations![0]!.physicalLocation.region!)).toBe('1月29日');

    const registryError = results.find((r) => r.ruleId === 'unknown-unit')!;
    expect(registryError.level).toBe('error');
    expect(registryError.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 24, startColumn: 11 });
    const unreadable = results.find((r) => r.ruleId === 'unreadable')!;
    expect(unreadable.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'articles/bad.txt', uriBaseId: 'SRCROOT' } });
  });

  it('maps disputed facts\' information to note, and an empty run is still valid', async () => {
    write('facts.yaml', REGISTRY.replace('    unit: date\n', '    unit: date\n    status: disputed\n'));
    write('articles/b.txt', '1 月 30 日,Dario Amodei 发文。\n');
    const log = JSON.parse((await check({ format: 'sarif' })).output);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results.map((r: Result) => [r.ruleId, r.level])).toEqual([['conflict', 'note']]);
    rmSync(path.join(dir, 'articles'), { recursive: true });
    write('articles/empty.md', '没有数字。\n');
    const empty = JSON.parse((await check({ format: 'sarif' })).output);
    expect(validateSarif(empty)).toEqual([]);
    expect(empty.runs[0].results).toEqual([]);
  });

  it('the schema checks catch what is wrong (so that the tests above mean something)', () => {
    for (const validate of validators) {
      expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'warning', locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] })).not.toEqual([]);
      expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', informationUri: 'docs/x.md' } } }] })).not.toEqual([]);
      expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'info' }] }] })).not.toEqual([]);
      expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] })).toEqual([]);
    }
  });
});

describe('--format github', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('50% off\r\nnext: a, b')).toBe('50%25 off%0D%0Anext: a, b');
    expect(escapeProperty('50% off\r\nnext: a, b')).toBe('50%25 off%0D%0Anext%3A a%2C b');
    // % first: an escape sequence in the input is not taken for one.
    expect(escapeData('%0A')).toBe('%250A');
    expect(
      workflowCommand({ severity: 'warning', file: 'articles/a,b:c.md', line: 3, col: 25, endLine: 3, endColumn: 31, title: 'Fact Ledger: conflict', message: '"900万美元" 100%\nwrong' }),
    ).toBe('::warning file=articles/a%2Cb%3Ac.md,line=3,col=25,endLine=3,endColumn=31,title=Fact Ledger%3A conflict::"900万美元" 100%25%0Awrong');
    expect(workflowCommand({ severity: 'information', file: 'x.md', title: 't', message: 'm' })).toBe('::notice file=x.md,title=t::m');
  });

  it('annotates conflicts, registry problems and unreadable files, then prints the summary', async () => {
    write('articles/b.txt', '1 月 30 日,Anthropic CEO Dario Amodei 发文。\n');
    write('articles/x,y.md', Buffer.from([0, 0]));
    write('facts.yaml', `${REGISTRY}${BROKEN}`);
    const { output, exitCode } = await check({ format: 'github' });
    expect(exitCode).toBe(2);
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error file=facts\.yaml,line=24,col=11,endLine=24,endColumn=18,title=Fact Ledger%3A unknown-unit::.*dollars/);
    expect(lines[1]).toBe('::warning file=articles/x%2Cy.md,title=Fact Ledger%3A unreadable::binary file (NUL bytes or control characters); skipped');
    expect(lines[2]).toMatch(/^::warning file=articles\/b\.txt,line=1,col=1,endLine=1,endColumn=9,title=Fact Ledger%3A conflict::"1 月 30 日" \(/);
    expect(lines.at(-1)).toContain('1 file, 1 figures, 1 linked');
    expect(lines.at(-1)).not.toMatch(/^::/);
  });
});

describe('usage', () => {
  it('lists the new options and the merge command in --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const word of ['--changed-since REV', '--shard I/N', 'text|json|sarif|github', 'fact-ledger merge', 'GBK or Big5']) expect(stdout).toContain(word);
  });

  it('merge without inputs, with a file that is not a report, or mixing kinds exits 2', async () => {
    expect((await run(['merge'])).stderr).toContain('merge: no input files');
    writeFileSync(path.join(dir, 'x.json'), '{"a": 1}');
    const notReport = await run(['merge', 'x.json']);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain('x.json is neither a JSON report');
    write('articles/a.md', 'x\n');
    writeFileSync(path.join(dir, 'a.json'), (await check({ format: 'json' })).output);
    writeFileSync(path.join(dir, 'a.sarif'), (await check({ format: 'sarif' })).output);
    const mixed = await run(['merge', 'a.json', 'a.sarif']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('cannot mix JSON reports and SARIF logs');
  });
});
