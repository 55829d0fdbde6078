// npm run bench:editor: Fact Ledger's latency in the real VS Code (code-server 1.139 in headless
// Chromium, through scripts/vscode-launcher.mjs and @vscode/test-electron's runTests, as the
// integration tests run). Builds the extension and bench/editor/latency.ts, generates a workspace
// (the example registry; a ~1 MB article made of the example articles, written in by the suite),
// measures bundle sizes and load time here, runs the suite in the extension host, merges
// everything into bench/results.json under "editor", prints a table and rewrites the table between
// <!-- bench-editor:start --> and <!-- bench-editor:end --> in docs/performance.md.
//
//   node bench/editor/run.mjs [--edits N] [--articles txt,md] [--no-profile] [--no-docs]
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { noNodeBuiltins, webPlatform } from '../../scripts/lib/esbuild-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// One folder per run (a run of `npm run bench` may start one while another runs): out/bench/editor/run-<pid>/.
const outBase = path.join(root, 'out', 'bench', 'editor');
const outDir = path.join(outBase, `run-${process.pid}`);
const args = process.argv.slice(2);
const edits = Number(args.includes('--edits') ? args[args.indexOf('--edits') + 1] : 100);
const withProfile = !args.includes('--no-profile');
const withDocs = !args.includes('--no-docs');
/** --articles txt,md: which runs (plain text: Fact Ledger alone; Markdown: with VS Code's Markdown extension). */
const kinds = (args.includes('--articles') ? args[args.indexOf('--articles') + 1] : 'txt,md').split(',');
// Must match MARKER in latency.ts: the sentence whose figure every edit toggles.
const MARKER = '（基准编辑点）据报道，DeepSeek-V3 的训练成本为560万美元。';
const ARTICLE_BYTES = 1024 * 1024;

mkdirSync(outBase, { recursive: true });
for (const name of readdirSync(outBase)) {
  const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
  if (pid && !alive(pid)) rmSync(path.join(outBase, name), { recursive: true, force: true });
}
mkdirSync(outDir, { recursive: true });

// ---- builds ---------------------------------------------------------------------------------------
// The shipped bundles, as `npm run package` builds them (scripts/build.mjs --production), for their size.
const production = { bundle: true, format: 'cjs', minify: true, sourcemap: false, external: ['vscode'], logLevel: 'warning' };
const sizeDir = path.join(outDir, 'production');
// The extension the suite runs: a copy of the package with its bundle unminified (readable CPU profiles).
const extensionDir = path.join(outDir, 'extension');
try {
  await Promise.all([
    esbuild.build({ ...production, entryPoints: [path.join(root, 'src/extension/extension.ts')], outfile: path.join(sizeDir, 'extension.js'), platform: 'node', target: 'node18' }),
    esbuild.build({
      ...production,
      entryPoints: [path.join(root, 'src/extension/extension.ts')],
      outfile: path.join(sizeDir, 'web', 'extension.js'),
      platform: 'browser',
      target: 'es2022',
      metafile: true,
      plugins: [webPlatform(path.join(root, 'src', 'extension')), noNodeBuiltins(root)],
    }),
    esbuild.build({ ...production, minify: false, entryPoints: [path.join(root, 'src/extension/extension.ts')], outfile: path.join(extensionDir, 'dist', 'extension.js'), platform: 'node', target: 'node18' }),
    esbuild.build({
      entryPoints: [path.join(root, 'bench/editor/latency.ts')],
      outfile: path.join(outDir, 'suite', 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: ['vscode'],
      logLevel: 'warning',
    }),
  ]);
} catch {
  process.exit(1); // esbuild has printed the errors
}
for (const name of readdirSync(root)) {
  if (name === 'package.json' || /^package\.nls(\..+)?\.json$/.test(name)) cpSync(path.join(root, name), path.join(extensionDir, name));
}
for (const dir of ['l10n', 'media', 'syntaxes', 'schemas', 'docs']) cpSync(path.join(root, dir), path.join(extensionDir, dir), { recursive: true });

// ---- bundle size and load time (plain Node, vscode stubbed: bench/load.mjs) ------------------------
const KB = 1024;
const bundle = {
  nodeKB: statSync(path.join(sizeDir, 'extension.js')).size / KB,
  webKB: statSync(path.join(sizeDir, 'web', 'extension.js')).size / KB,
  loadMs: NaN,
  loadRuns: [],
};
for (let i = 0; i < 5; i++) {
  const out = execFileSync(process.execPath, [path.join(root, 'bench', 'load.mjs'), path.join(sizeDir, 'extension.js')], { encoding: 'utf8' });
  bundle.loadRuns.push(JSON.parse(out.trim().split('\n').at(-1)).loadMs);
}
bundle.loadMs = median(bundle.loadRuns);

// ---- workspace ------------------------------------------------------------------------------------
const example = path.join(root, 'examples', 'deepseek-2025');
/** A new workspace folder per run: the example registry only (the suite writes the article in). */
function freshWorkspace() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'fact-ledger-bench-editor-'));
  process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));
  cpSync(path.join(example, 'facts.yaml'), path.join(workspace, 'facts.yaml'));
  return workspace;
}
const base = readdirSync(path.join(example, 'articles'))
  .sort()
  .map((name) => readFileSync(path.join(example, 'articles', name), 'utf8').trim())
  .join('\n\n');
const copies = [];
for (let bytes = 0; bytes < ARTICLE_BYTES; bytes += Buffer.byteLength(base) + 2) copies.push(base);
const middle = Math.floor(copies.length / 2);
const article = [...copies.slice(0, middle), MARKER, ...copies.slice(middle)].join('\n\n') + '\n';
// Outside the workspace: the suite writes it in once the extension is ready (memory before and after).
const articleSource = path.join(outDir, 'article.txt');
writeFileSync(articleSource, article);

// ---- the runs in VS Code --------------------------------------------------------------------------
// Plain text first: Fact Ledger's own latency, nothing else in the extension host works on the file.
// Then Markdown, as most articles are: VS Code's built-in Markdown extension also works at every edit.
const launcher = path.join(root, 'scripts', 'vscode-launcher.mjs');
const { provision } = await import('../../scripts/provision-vscode.mjs');
provision();
chmodSync(launcher, 0o755);
const { runTests } = await import('@vscode/test-electron');
const cachePath = path.join(root, '.vscode-test');
process.env.FACT_LEDGER_VSCODE_TIMEOUT_MS ??= String(30 * 60_000);
const loadBefore = os.loadavg()[0];
const started = Date.now();
const runs = {};
for (const name of kinds.map((k) => `big.${k}`)) {
  const resultFile = path.join(outDir, `suite-results.${name}.json`);
  console.log(`[bench:editor] ${name}: ${edits} edits per series in VS Code…`);
  try {
    await runTests({
      vscodeExecutablePath: launcher,
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: path.join(outDir, 'suite', 'index.js'),
      cachePath,
      extensionTestsEnv: {
        FACT_LEDGER_BENCH_EDITOR_OUT: resultFile,
        FACT_LEDGER_BENCH_EDITOR_ARTICLE: articleSource,
        FACT_LEDGER_BENCH_EDITOR_NAME: name,
        FACT_LEDGER_BENCH_EDITOR_EDITS: String(edits),
        ...(withProfile ? { FACT_LEDGER_BENCH_EDITOR_PROFILE: path.join(outDir, `edits.${name}.cpuprofile`) } : {}),
        ...(process.env.FACT_LEDGER_BENCH_EDITOR_HEAPSNAPSHOT ? { FACT_LEDGER_BENCH_EDITOR_HEAPSNAPSHOT: process.env.FACT_LEDGER_BENCH_EDITOR_HEAPSNAPSHOT } : {}),
      },
      launchArgs: [freshWorkspace(), '--disable-extensions', `--user-data-dir=${path.join(cachePath, 'user-data')}`, `--extensions-dir=${path.join(cachePath, 'extensions')}`],
    });
  } catch (error) {
    console.error(`[bench:editor] the run in VS Code failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  if (!existsSync(resultFile)) {
    console.error('[bench:editor] the suite wrote no results');
    process.exit(1);
  }
  runs[name] = JSON.parse(readFileSync(resultFile, 'utf8'));
}

// ---- results --------------------------------------------------------------------------------------
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const first = Object.values(runs)[0];
const editor = {
  date: new Date().toISOString(),
  commit,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  vscode: first.vscode,
  extensionHostNode: first.node,
  loadAverage: { start: loadBefore, end: os.loadavg()[0] },
  runSeconds: (Date.now() - started) / 1000,
  bundle,
  runs,
};
// Samples stay in out/bench/editor/run-<pid>/suite-results.*.json; bench/results.json keeps the summaries.
for (const run of Object.values(runs)) for (const series of Object.values(run.debounce ?? {})) delete series.samples;
const resultsPath = path.join(root, 'bench', 'results.json');
const results = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
results.editor = editor;
writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');

const rows = [];
const row = (measure, value, unit, note = '') => rows.push([measure, value, unit, note]);
const f = (x) => (!Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toPrecision(3));
const pp = (s) => `${f(s.p50)} / ${f(s.p95)}`;
for (const [name, run] of Object.entries(runs)) {
  const { activation, memory, debounce, article: a } = run;
  const kind = `${name}, ${(a.bytes / 1024 / 1024).toFixed(2)} MB`;
  row(`activate() work [${name} run]`, f(activation.activationMs), 'ms', `performance.now() around activate() in the extension host (CPU time ${f(activation.activationCpuMs)} ms); target < 30 ms`);
  row(`activation → ready (first scan) [${name} run]`, f(activation.readyMs), 'ms', 'workspace with facts.yaml only');
  for (const [series, s] of Object.entries(debounce)) {
    const d = `${kind}, debounce ${s.debounceMs} ms`;
    row(`edit → diagnostics set, ${d}`, pp(s.editToDiagnosticsSet), 'ms p50 / p95', series === 'zero' ? `${s.edits} edits; target p95 < 50 ms` : `${s.edits} edits`);
    row(`edit → decorations applied, ${d}`, pp(s.editToDecorations), 'ms p50 / p95', 'AppliedHighlights.onDidApply');
    if (s.changeToDiagnosticsSet) {
      row(`change in the extension host → diagnostics set, ${d}`, pp(s.changeToDiagnosticsSet), 'ms p50 / p95', 'onDidChangeTextDocument → Problems set: what Fact Ledger adds to a keystroke');
      row(`change in the extension host → decorations applied, ${d}`, pp(s.changeToDecorations), 'ms p50 / p95', 'onDidChangeTextDocument → setDecorations done');
    }
    if (series !== 'zero') row('… whole-article analyses per edit', pp(s.analysesPerEdit), 'p50 / p95', '1 since an analysis by a provider cancels the debounced one (before: 2, see below)');
    row(`edit → onDidChangeDiagnostics, ${d}`, pp(s.editToDiagnosticsEvent), 'ms p50 / p95', 'what other extensions see: VS Code fires it 50 ms after a change at the earliest');
    if (series === 'zero') {
      row('… extension host CPU time, edit → listeners done', pp(s.cpuToListenersDone), 'ms p50 / p95', 'process.cpuUsage(): less sensitive to the load than wall times');
      row('… whole-article analyses per edit', pp(s.analysesPerEdit), 'p50 / p95', 'WorkspaceIndex.update calls between one edit and the next');
      row('… of which: edit round trip', pp(s.editRoundTrip), 'ms p50 / p95', 'editor.edit() → onDidChangeTextDocument reaches our listener');
      row('… of which: analysis (WorkspaceIndex.update)', pp(s.analysis), 'ms p50 / p95', `re-read around the edit (the whole article: ${a.figures} figures)`);
      row('… of which: conflicts (WorkspaceIndex.diagnostics)', pp(s.conflicts), 'ms p50 / p95', `first of ${f(s.diagnosticsCallsPerEdit.p50)} calls per edit`);
      row('… of which: Problems conversion + set', pp(s.diagnosticsConversion), 'ms p50 / p95', `${a.problems} problems in the article`);
      row('… of which: decorations', pp(s.decorationsWork), 'ms p50 / p95', 'figure states, ranges around what is shown, setDecorations');
    }
  }
  const mem = (m) => `${f(m.rssMB)} / ${f(m.heapUsedMB)}`;
  row(`extension host RSS / heap used [${name} run]: before the article`, mem(memory.beforeArticle), 'MB', memory.gcForced ? 'after a forced GC' : 'no GC forced');
  row('… article on disk, analysed', mem(memory.articleOnDisk), 'MB', `analysed ${f(run.diskAnalysedMs)} ms after it was written`);
  row('… article open in an editor', mem(memory.articleOpen), 'MB', `decorations ${f(run.openToDecorationsMs)} ms after openTextDocument`);
  row(`… after ${Object.values(debounce).reduce((n, s) => n + s.edits, 0)} edits`, mem(memory.afterEdits), 'MB');
}
row('bundle dist/extension.js (production)', f(bundle.nodeKB), 'KB', 'target < 400 KB');
row('bundle dist/web/extension.js (production)', f(bundle.webKB), 'KB', 'target < 400 KB');
row('bundle load time', f(bundle.loadMs), 'ms', `require() in plain Node, vscode stubbed; median of ${bundle.loadRuns.length} fresh processes`);

console.log('');
for (const r of rows) console.log(`${r[0].padEnd(60)} ${String(r[1]).padStart(13)} ${r[2].padEnd(13)} ${r[3]}`);
for (const [name, run] of Object.entries(runs)) {
  if (!run.profile?.top) continue;
  console.log(`\nCPU profile, ${name}, ${run.profile.edits} edits at debounce 0 (self time, top 12): ${path.relative(root, run.profile.file)}`);
  for (const t of run.profile.top.slice(0, 12)) console.log(`  ${String(t.ms).padStart(8)} ms ${String(t.share).padStart(5)} %  ${t.name}`);
}

if (withDocs) {
  const docPath = path.join(root, 'docs', 'performance.md');
  const doc = readFileSync(docPath, 'utf8');
  const start = doc.indexOf('<!-- bench-editor:start -->');
  const end = doc.indexOf('<!-- bench-editor:end -->');
  if (start >= 0 && end > start) {
    const m = editor.machine;
    const a = first.article;
    const head =
      `Measured ${editor.date.slice(0, 10)} at ${commit} in VS Code ${editor.vscode} (code-server, Node extension host ${editor.extensionHostNode}) on ${m.cpus} × ${m.model}; ` +
      `article ${(a.bytes / 1024 / 1024).toFixed(2)} MB, ${a.lines} lines, ${a.figures} figures, ${a.problems} problems; ` +
      `1-minute load average ${editor.loadAverage.start.toFixed(1)} at the start, ${editor.loadAverage.end.toFixed(1)} at the end.\n\n`;
    const table = ['| measure | value | unit | note |', '| --- | ---: | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    writeFileSync(docPath, doc.slice(0, start + '<!-- bench-editor:start -->'.length) + '\n' + head + table + '\n' + doc.slice(end));
    console.log('\nwrote bench/results.json ("editor") and docs/performance.md');
  } else console.log('\nwrote bench/results.json ("editor")');
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
