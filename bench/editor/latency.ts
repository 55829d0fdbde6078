// Editor latency, measured inside the real VS Code's (Node) extension host: the --extensionTestsPath
// module that bench/editor/run.mjs runs through scripts/vscode-launcher.mjs. No mocha: run() measures
// and writes its results as JSON to $FACT_LEDGER_BENCH_EDITOR_OUT.
//
// Environment (set by bench/editor/run.mjs):
//   FACT_LEDGER_BENCH_EDITOR_OUT      results file (JSON)
//   FACT_LEDGER_BENCH_EDITOR_ARTICLE  the ~1 MB article, written into the workspace as articles/<NAME>
//   FACT_LEDGER_BENCH_EDITOR_NAME     its name there (default big.txt: plain text; big.md is Markdown, which
//                                     VS Code's built-in Markdown extension also works on at every edit)
//   FACT_LEDGER_BENCH_EDITOR_EDITS    measured edits per series (default 100)
//   FACT_LEDGER_BENCH_EDITOR_PROFILE  where to write a CPU profile of a short extra series (optional)
//   FACT_LEDGER_BENCH_EDITOR_HEAPSNAPSHOT  where to write a heap snapshot of the extension host after
//                                     the edits (optional; passed through from bench/editor/run.mjs)
//
// Every wait is on an event, bounded by a timeout; nothing sleeps for a fixed time.
import { promises as fs } from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { FactLedgerApi } from '../../src/extension/extension';

const EXTENSION_ID = 'fact-ledger.fact-ledger';
const TIMEOUT_MS = 60_000;
/**
 * The figure toggled by every edit: 560万美元 agrees with deepseek-v3.training-cost, 9600万美元
 * conflicts. The lengths differ, so that every edit moves the text after it (and its figures).
 */
const MARKER = '（基准编辑点）据报道，DeepSeek-V3 的训练成本为560万美元。';
const AGREES = '560';
const CONFLICTS = '9600';
const WARMUP_EDITS = 4;

interface Timed {
  at: number;
  value?: unknown;
}

/** Resolves with performance.now() at the first event that satisfies `check`; rejects after TIMEOUT_MS. */
function when<T>(event: vscode.Event<T>, check: (e: T) => boolean, what: string): { promise: Promise<number>; dispose: () => void } {
  let listener: vscode.Disposable | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const dispose = (): void => {
    listener?.dispose();
    if (timer) clearTimeout(timer);
  };
  const promise = new Promise<number>((resolve, reject) => {
    timer = setTimeout(() => {
      dispose();
      reject(new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}`));
    }, TIMEOUT_MS);
    listener = event((e) => {
      const at = performance.now();
      if (!check(e)) return;
      dispose();
      resolve(at);
    });
  });
  return { promise, dispose };
}

function within<T>(promise: PromiseLike<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    Promise.resolve(promise),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}`)), TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** V8's collector, if it can be exposed in this process (it usually can: --expose-gc set at run time). */
function exposeGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? () => void gc() : undefined;
  } catch {
    return undefined;
  }
}

interface MemorySample {
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
}

function memory(gc: (() => void) | undefined): MemorySample {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  const mb = (x: number): number => Math.round((x / 1024 / 1024) * 10) / 10;
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external) };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

function stats(values: number[]): Stats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}

function hasConflictAt(ranges: readonly vscode.Range[] | undefined, at: vscode.Position): boolean {
  return (ranges ?? []).some((r) => r.start.isEqual(at));
}

function diagnosticConflictAt(uri: vscode.Uri, at: vscode.Position): boolean {
  return vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Fact Ledger' && d.range.start.isEqual(at));
}

/** One edit's moments, in ms after the edit was sent (t0). */
interface EditSample {
  /** editor.edit() resolved. */
  ack: number;
  /** onDidChangeTextDocument reached the extension host. */
  documentChanged: number;
  /** WorkspaceIndex.update() of the article started / ended: the analysis. */
  analysisStart: number;
  analysisEnd: number;
  /** The first WorkspaceIndex.diagnostics() call (the Problems refresh): conflict search. */
  conflictsStart: number;
  conflictsEnd: number;
  /** The second diagnostics() call (the decorations): the Problems collection has been set by then (or the decorations, if earlier). */
  diagnosticsSet: number;
  /** AppliedHighlights.onDidApply with the changed figure in its new state. */
  decorations: number;
  /** Fact Ledger's last model.onDidChange listener has run (status bar, views, annotations, …). */
  listenersDone: number;
  /** vscode.languages.onDidChangeDiagnostics for the article with the expected change. */
  diagnosticsEvent: number;
  /** Calls of WorkspaceIndex.diagnostics() for the article during this edit. */
  diagnosticsCalls: number;
  /** Analyses of the whole article (WorkspaceIndex.update) between this edit and the next. */
  analyses: number;
  /** CPU time of the extension host process from the edit until listenersDone (ms; all its threads). */
  cpu: number;
}

interface Probe {
  reset(): void;
  update: Timed[];
  updateEnd: Timed[];
  diagnostics: { start: number; end: number }[];
  restore(): void;
}

/** Wraps the article's WorkspaceIndex.update and .diagnostics (public methods of the instance) with timers. */
function probe(api: FactLedgerApi, uri: vscode.Uri): Probe {
  const key = uri.toString();
  const index = api.model.indexFor(uri);
  const update = index.update;
  const diagnostics = index.diagnostics;
  const p: Probe = {
    update: [],
    updateEnd: [],
    diagnostics: [],
    reset() {
      p.update.length = 0;
      p.updateEnd.length = 0;
      p.diagnostics.length = 0;
    },
    restore() {
      index.update = update;
      index.diagnostics = diagnostics;
    },
  };
  index.update = function (this: typeof index, pathKey: string, text: string) {
    if (pathKey !== key) return update.call(this, pathKey, text);
    p.update.push({ at: performance.now() });
    const result = update.call(this, pathKey, text);
    p.updateEnd.push({ at: performance.now() });
    return result;
  };
  index.diagnostics = function (this: typeof index, pathKey: string) {
    if (pathKey !== key) return diagnostics.call(this, pathKey);
    const start = performance.now();
    const result = diagnostics.call(this, pathKey);
    p.diagnostics.push({ start, end: performance.now() });
    return result;
  };
  return p;
}

async function setDebounce(value: number | undefined): Promise<number> {
  const config = vscode.workspace.getConfiguration('factLedger');
  const changed = when(vscode.workspace.onDidChangeConfiguration, (e) => e.affectsConfiguration('factLedger.debounceMs'), 'the debounce setting');
  if (config.inspect<number>('debounceMs')?.workspaceValue === value) changed.dispose();
  else {
    await config.update('debounceMs', value, vscode.ConfigurationTarget.Workspace);
    await changed.promise;
  }
  return vscode.workspace.getConfiguration('factLedger').get<number>('debounceMs', 250);
}

async function series(api: FactLedgerApi, editor: vscode.TextEditor, at: vscode.Position, edits: number): Promise<EditSample[]> {
  const uri = editor.document.uri;
  const key = uri.toString();
  const p = probe(api, uri);
  // Absolute times of each measured edit; the probe's calls are assigned to edits afterwards, since
  // an analysis may run after the waits below are over (the debounced one, after a provider's). The
  // last edit's later analyses are not counted.
  const raw: { t0: number; ack: number; tDoc: number; tDeco: number; tDone: number; tEvent: number; cpu: number }[] = [];
  try {
    for (let i = 0; i < WARMUP_EDITS + edits; i++) {
      const current = editor.document.getText(new vscode.Range(at, at.translate(0, CONFLICTS.length))).startsWith(CONFLICTS) ? CONFLICTS : AGREES;
      const range = new vscode.Range(at, at.translate(0, current.length));
      const next = current === AGREES ? CONFLICTS : AGREES;
      const conflict = next === CONFLICTS;
      const documentChanged = when(vscode.workspace.onDidChangeTextDocument, (e) => e.document === editor.document && e.contentChanges.length > 0, 'the edit');
      const decorations = when(api.highlights.onDidApply, (u) => u === key && hasConflictAt(api.highlights.byDocument.get(key)?.conflict, at) === conflict, 'decorations');
      let cpuDone: NodeJS.CpuUsage | undefined;
      const listenersDone = when(
        api.model.onDidChange,
        () => {
          const cpu = process.cpuUsage();
          if (diagnosticConflictAt(uri, at) !== conflict) return false;
          cpuDone = cpu;
          return true;
        },
        'the model',
      );
      const diagnosticsEvent = when(vscode.languages.onDidChangeDiagnostics, (e) => e.uris.some((u) => u.toString() === key) && diagnosticConflictAt(uri, at) === conflict, 'onDidChangeDiagnostics');
      if (i === WARMUP_EDITS) p.reset();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const applied = await within(editor.edit((b) => b.replace(range, next)), 'editor.edit');
      const ack = performance.now();
      if (!applied) throw new Error('editor.edit was refused');
      const [tDoc, tDeco, tDone, tEvent] = await Promise.all([documentChanged.promise, decorations.promise, listenersDone.promise, diagnosticsEvent.promise]);
      if (i < WARMUP_EDITS) continue;
      const cpu = cpuDone ? (cpuDone.user + cpuDone.system - cpu0.user - cpu0.system) / 1000 : NaN;
      raw.push({ t0, ack, tDoc, tDeco, tDone, tEvent, cpu });
    }
  } finally {
    p.restore();
  }
  return raw.map((r, i) => {
    const until = raw[i + 1]?.t0 ?? Infinity;
    const inWindow = (t: number): boolean => t >= r.t0 && t < until;
    const updates = p.update.map((u, j) => ({ start: u.at, end: p.updateEnd[j]?.at ?? NaN })).filter((u) => inWindow(u.start));
    // The first analysis after the edit is the one that brings its diagnostics (a provider's call to
    // model.current() can come before the debounced one); the calls after it: the Problems refresh
    // first, then the decorations.
    const first = updates[0];
    const calls = first ? p.diagnostics.filter((c) => c.start >= first.end && inWindow(c.start)) : [];
    return {
      ack: r.ack - r.t0,
      documentChanged: r.tDoc - r.t0,
      analysisStart: (first?.start ?? NaN) - r.t0,
      analysisEnd: (first?.end ?? NaN) - r.t0,
      conflictsStart: (calls[0]?.start ?? NaN) - r.t0,
      conflictsEnd: (calls[0]?.end ?? NaN) - r.t0,
      diagnosticsSet: (calls[1] && calls[1].start <= r.tDeco ? calls[1].start : r.tDeco) - r.t0,
      decorations: r.tDeco - r.t0,
      listenersDone: r.tDone - r.t0,
      diagnosticsEvent: r.tEvent - r.t0,
      diagnosticsCalls: calls.length,
      analyses: updates.length,
      cpu: r.cpu,
    };
  });
}

function summarise(samples: EditSample[]): Record<string, Stats | number> {
  const of = (f: (s: EditSample) => number): Stats => stats(samples.map(f));
  return {
    edits: samples.length,
    editToDiagnosticsSet: of((s) => s.diagnosticsSet),
    editToDecorations: of((s) => s.decorations),
    editToDiagnosticsEvent: of((s) => s.diagnosticsEvent),
    editToListenersDone: of((s) => s.listenersDone),
    // Fact Ledger's own part: from the change reaching the extension host (where a user's keystroke
    // starts it) to the Problems set and the highlights applied.
    changeToDiagnosticsSet: of((s) => s.diagnosticsSet - s.documentChanged),
    changeToDecorations: of((s) => s.decorations - s.documentChanged),
    cpuToListenersDone: of((s) => s.cpu),
    // The parts.
    editRoundTrip: of((s) => s.documentChanged),
    editAck: of((s) => s.ack),
    debounceWait: of((s) => s.analysisStart - s.documentChanged),
    analysis: of((s) => s.analysisEnd - s.analysisStart),
    conflicts: of((s) => s.conflictsEnd - s.conflictsStart),
    diagnosticsConversion: of((s) => s.diagnosticsSet - s.conflictsEnd),
    decorationsWork: of((s) => s.decorations - s.diagnosticsSet),
    otherListeners: of((s) => s.listenersDone - s.decorations),
    diagnosticsEventDelay: of((s) => s.diagnosticsEvent - s.diagnosticsSet),
    diagnosticsCallsPerEdit: of((s) => s.diagnosticsCalls),
    analysesPerEdit: of((s) => s.analyses),
  };
}

// ---- CPU profile of a short extra series --------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** Self time per function (ms), from the samples' time deltas. */
function selfTimes(profile: CpuProfile): { name: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    const dt = (deltas[i + 1] ?? 0) / 1000;
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    ms.set(name, (ms.get(name) ?? 0) + dt);
    total += dt;
  }
  return [...ms]
    .map(([name, t]) => ({ name, ms: Math.round(t * 10) / 10, share: Math.round((t / total) * 1000) / 10 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 25);
}

async function profiled(file: string, api: FactLedgerApi, editor: vscode.TextEditor, at: vscode.Position): Promise<{ file: string; edits: number; top: { name: string; ms: number; share: number }[] }> {
  const session = new inspector.Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
    await post(session, 'Profiler.start');
    const edits = 20;
    await series(api, editor, at, edits);
    const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(profile));
    return { file, edits: edits + WARMUP_EDITS, top: selfTimes(profile) };
  } finally {
    session.disconnect();
  }
}

// ---- the run ------------------------------------------------------------------------------------

export async function run(): Promise<void> {
  const out = process.env.FACT_LEDGER_BENCH_EDITOR_OUT;
  const source = process.env.FACT_LEDGER_BENCH_EDITOR_ARTICLE;
  if (!out || !source) throw new Error('FACT_LEDGER_BENCH_EDITOR_OUT and FACT_LEDGER_BENCH_EDITOR_ARTICLE must be set (run bench/editor/run.mjs)');
  const edits = Number(process.env.FACT_LEDGER_BENCH_EDITOR_EDITS ?? 100);
  const log = (text: string): void => console.log(`[bench:editor] ${text}`);

  const extension = vscode.extensions.getExtension<FactLedgerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = await within(extension.activate(), 'activation');
  await within(api.ready, 'the first scan');
  const activation = { activationMs: api.activationMs, activationCpuMs: api.activationCpuMs ?? NaN, readyMs: api.readyMs ?? NaN };
  log(`activate() ${api.activationMs.toFixed(2)} ms (CPU ${activation.activationCpuMs.toFixed(2)} ms), ready after ${activation.readyMs.toFixed(1)} ms`);

  const gc = exposeGc();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, 'articles', process.env.FACT_LEDGER_BENCH_EDITOR_NAME ?? 'big.txt');
  const text = await fs.readFile(source, 'utf8');
  const memoryBefore = memory(gc);

  // The article appears on disk: the file watcher reads and analyses it.
  const analysed = when(api.model.onDidChange, () => api.model.analysis(uri)?.text.length === text.length, 'the article on disk analysed');
  const tWrite = performance.now();
  await fs.mkdir(path.dirname(uri.fsPath), { recursive: true });
  await fs.writeFile(uri.fsPath, text);
  const diskAnalysedMs = (await analysed.promise) - tWrite;
  const memoryOnDisk = memory(gc);
  log(`article on disk analysed ${diskAnalysedMs.toFixed(0)} ms after it was written`);

  // Opened in an editor: VS Code holds the text; the model analyses the buffer; decorations applied.
  const decorated = when(api.highlights.onDidApply, (u) => u === uri.toString(), 'the first decorations');
  const tOpen = performance.now();
  const document = await within(vscode.workspace.openTextDocument(uri), 'openTextDocument');
  const editor = await within(vscode.window.showTextDocument(document, { preview: false }), 'showTextDocument');
  const openToDecorationsMs = (await decorated.promise) - tOpen;
  const memoryOpen = memory(gc);
  const offset = document.getText().indexOf(MARKER);
  if (offset < 0 || document.getText().indexOf(MARKER, offset + 1) >= 0) throw new Error('the marker sentence must occur exactly once in the article');
  const at = document.positionAt(offset + MARKER.indexOf(AGREES));
  // The marker's figure agrees with the registry: no conflict there before the first edit.
  if (diagnosticConflictAt(uri, at)) throw new Error('the marker figure conflicts before any edit');
  const figures = api.model.analysis(uri)?.figures.length ?? 0;
  const problems = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Fact Ledger').length;
  log(`opened: ${document.lineCount} lines, ${figures} figures, ${problems} problems; decorations ${openToDecorationsMs.toFixed(0)} ms after open`);

  const debounce: Record<string, unknown> = {};
  for (const [name, value] of [
    ['zero', 0],
    ['default', undefined],
  ] as const) {
    const effective = await setDebounce(value);
    log(`${edits} edits with factLedger.debounceMs = ${effective}…`);
    const samples = await series(api, editor, at, edits);
    const summary = summarise(samples);
    debounce[name] = { debounceMs: effective, ...summary, samples };
    const d = summary.editToDiagnosticsSet as Stats;
    const e = summary.editToDiagnosticsEvent as Stats;
    log(`  edit → diagnostics set p50 ${d.p50} ms, p95 ${d.p95} ms; → onDidChangeDiagnostics p50 ${e.p50}, p95 ${e.p95} ms`);
  }
  const memoryAfterEdits = memory(gc);
  // For a look at what the extension host holds (not part of the results).
  if (process.env.FACT_LEDGER_BENCH_EDITOR_HEAPSNAPSHOT) v8.writeHeapSnapshot(process.env.FACT_LEDGER_BENCH_EDITOR_HEAPSNAPSHOT);

  let profile: Awaited<ReturnType<typeof profiled>> | { error: string } | undefined;
  const profileFile = process.env.FACT_LEDGER_BENCH_EDITOR_PROFILE;
  if (profileFile) {
    await setDebounce(0);
    try {
      profile = await profiled(profileFile, api, editor, at);
    } catch (error) {
      profile = { error: error instanceof Error ? error.message : String(error) };
    }
    await setDebounce(undefined);
  }

  const results = {
    vscode: vscode.version,
    node: process.version,
    extensionHost: 'node',
    article: { name: path.basename(uri.path), languageId: document.languageId, bytes: Buffer.byteLength(text), characters: text.length, lines: document.lineCount, figures, problems },
    activation,
    memory: { gcForced: gc !== undefined, beforeArticle: memoryBefore, articleOnDisk: memoryOnDisk, articleOpen: memoryOpen, afterEdits: memoryAfterEdits },
    diskAnalysedMs,
    openToDecorationsMs,
    debounce,
    profile,
  };
  await fs.writeFile(out, JSON.stringify(results, null, 2) + '\n');
  log(`wrote ${out}`);
}
