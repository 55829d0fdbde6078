// Fact Ledger in a real VS Code: diagnostics, hovers, quick fixes, navigation, live edits, settings.
// Every wait is on an event or a condition with a timeout — never a fixed sleep.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { suite, suiteSetup, test, teardown } from 'mocha';
import * as vscode from 'vscode';
import { TIMEOUT, codeOf, hoverText, ours, positionOf, pristine, restoreFiles, waitForDiagnostics, waitForText, workspaceFile } from './helpers';
import { until } from './web/helpers';

const EXTENSION_ID = 'fact-ledger.fact-ledger';

interface Api {
  ready: Promise<void>;
  problems: { onDidSend: vscode.Event<{ uri: string; block: number; entries: number }> };
  model: { hasPendingAnalysis(uri: vscode.Uri): boolean; analysis(uri: vscode.Uri): { text: string } | undefined; onDidChange: vscode.Event<void> };
  highlights: {
    byDocument: Map<string, Record<'linked' | 'conflict' | 'disputed' | 'unlinked', vscode.Range[]>>;
    onDidApply: vscode.Event<string>;
  };
}

let api: Api;

const file = workspaceFile;

/** Resolves when `check` holds after the extension applied highlights (or already holds). */
async function untilHighlighted(check: () => boolean, what: string): Promise<void> {
  if (check()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, TIMEOUT);
    const listener = api.highlights.onDidApply(() => {
      if (!check()) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

/** Text of each file before the tests; null for a file a test creates. */
const snapshots = new Map<string, string | null>();

function restore(): Promise<void> {
  return restoreFiles(snapshots);
}

suite('Fact Ledger in VS Code', () => {
  let registry: vscode.Uri;
  let a: vscode.Uri;
  let b: vscode.Uri;
  let c: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    registry = file('facts.yaml');
    a = file('articles', 'a.md');
    b = file('articles', 'b.md');
    c = file('articles', 'c.txt');
    // Snapshots from the fixture in git, and restored before the first test: whatever an earlier
    // suite left behind (a late save, an edit in flight) does not leak into this one.
    for (const uri of [registry, a, b, c]) snapshots.set(uri.toString(), await pristine(vscode.workspace.asRelativePath(uri, false)));
    await restore();
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await api.ready;
  });

  teardown(async function () {
    this.timeout(30_000);
    await restore();
    await vscode.workspace.getConfiguration('factLedger').update('severity.conflict', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('factLedger').update('debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a hover during the edit debounce answers from the new text, and the edit is not analysed again', async () => {
    // A long debounce, so that the hover surely comes while it waits.
    await vscode.workspace.getConfiguration('factLedger').update('debounceMs', 10_000, vscode.ConfigurationTarget.Workspace);
    const document = await vscode.workspace.openTextDocument(a);
    await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('1 月 30 日');
    const pending = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== document) return;
        // Listeners run in order of registration: the extension's (registered at activation) has run.
        listener.dispose();
        resolve();
      });
    });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(a, new vscode.Range(document.positionAt(at), document.positionAt(at + '1 月 30 日'.length)), '1 月 29 日');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await pending;
    assert.equal(api.model.hasPendingAnalysis(a), true, 'the edit waits for the debounce');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, document.positionAt(at + 1));
    const text = hoverText(hovers);
    assert.match(text, /01\\?-29/, `the hover is about the new text, 1 月 29 日: ${text}`);
    assert.doesNotMatch(text, /01\\?-30/, 'not about the old one');
    assert.equal(api.model.hasPendingAnalysis(a), false, 'the hover’s analysis replaced the debounced one');
  });

  test('a conflict with the registry is in Problems with code, target, severity and related information', async () => {
    const [d] = await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const document = await vscode.workspace.openTextDocument(a);
    assert.equal(document.getText(d.range), '1 月 30 日');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /amodei\.essay-date/);
    assert.match(d.message, /2025-01-29/);
    assert.ok(typeof d.code === 'object' && d.code.target.path.endsWith('docs/diagnostics.md'));
    const related = d.relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri.toString() === registry.toString()));
    // Not noise: the figure agreeing with the registry in b.md is not marked.
    const bDiagnostics = await waitForDiagnostics(b, (ds) => ds.length > 0, 'diagnostics in b.md');
    assert.ok(bDiagnostics.every((d) => codeOf(d) !== 'conflict'));
  });

  test('figures disagreeing across articles give cross-conflicts pointing at each other', async () => {
    const [inB] = await waitForDiagnostics(b, (ds) => ds.some((d) => codeOf(d) === 'cross-conflict'), 'a cross-conflict in b.md');
    const [inC] = await waitForDiagnostics(c, (ds) => ds.some((d) => codeOf(d) === 'cross-conflict'), 'a cross-conflict in c.txt');
    assert.ok(inB.relatedInformation?.some((r) => r.location.uri.toString() === c.toString()));
    assert.ok(inC.relatedInformation?.some((r) => r.location.uri.toString() === b.toString()));
  });

  test('registry errors appear in facts.yaml at their position', async () => {
    const ds = await waitForDiagnostics(registry, (ds) => ds.some((d) => codeOf(d) === 'unknown-unit'), 'unknown-unit in facts.yaml');
    const d = ds.find((d) => codeOf(d) === 'unknown-unit')!;
    const document = await vscode.workspace.openTextDocument(registry);
    assert.equal(document.getText(d.range), 'dollars');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });

  test('the hover on a figure shows value, fact, sources, other claims and what to do', async () => {
    await waitForDiagnostics(a, (ds) => ds.length > 0, 'diagnostics in a.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, await positionOf(a, '1 月 30 日'));
    const text = hoverText(hovers);
    assert.match(text, /amodei\\?\.essay\\?-date/);
    assert.match(text, /2025\\?-01\\?-29/);
    assert.match(text, /On DeepSeek and Export Controls/);
    assert.match(text, /b\\?\.md:1/, 'lists the claim in b.md');
    assert.match(text, /What to do/);
    const money = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, await positionOf(a, '约为560万美元')));
    assert.match(money, /US\$5,600,000|US\\\$5,600,000/);
  });

  test('the hover on a fact id in facts.yaml lists its claims', async () => {
    await waitForDiagnostics(a, (ds) => ds.length > 0, 'diagnostics in a.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', registry, await positionOf(registry, 'amodei.essay-date'));
    const text = hoverText(hovers);
    assert.match(text, /a\\?\.md:\d/);
    assert.match(text, /b\\?\.md:\d/);
  });

  test('“Use the registry’s value” replaces the figure in the article’s style, and Undo restores it', async () => {
    const [d] = await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', a, d.range);
    const use = actions.find((x) => x.title.startsWith("Use the registry's value"));
    assert.ok(use?.edit, `actions: ${actions.map((x) => x.title).join(' | ')}`);
    const document = await vscode.workspace.openTextDocument(a);
    await vscode.window.showTextDocument(document);
    assert.ok(await vscode.workspace.applyEdit(use.edit));
    assert.match(document.getText(), /1 月 29 日,Dario/);
    await waitForDiagnostics(a, (ds) => !ds.some((d) => codeOf(d) === 'conflict'), 'the conflict to go');
    await vscode.commands.executeCommand('undo');
    await waitForText(document, (t) => t.includes('1 月 30 日'), 'undo');
    await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'the conflict to come back');
  });

  test('“Add a fact for this figure” writes an entry into facts.yaml, keeps its comments, and undoes', async () => {
    await waitForDiagnostics(a, (ds) => ds.length > 0, 'diagnostics in a.md');
    const position = await positionOf(a, '数百万人');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', a, new vscode.Range(position, position));
    const add = actions.find((x) => x.title.startsWith('Add a fact'));
    assert.ok(add?.command, `actions: ${actions.map((x) => x.title).join(' | ')}`);
    const before = await fs.readFile(registry.fsPath, 'utf8');
    const id = await vscode.commands.executeCommand<string>(add.command.command, ...(add.command.arguments ?? []));
    assert.ok(id);
    const after = await fs.readFile(registry.fsPath, 'utf8');
    assert.ok(after.includes(`  ${id}:`), 'the new id is on disk');
    assert.ok(after.startsWith(before.split('\n')[0]!), 'the head comment is kept');
    for (const comment of before.split('\n').filter((l) => l.trim().startsWith('#'))) assert.ok(after.includes(comment), `kept: ${comment}`);
    assert.match(after, /unit: count/);
    // Undo in the registry's editor takes the entry out again.
    const registryDoc = await vscode.workspace.openTextDocument(registry);
    await vscode.window.showTextDocument(registryDoc);
    await vscode.commands.executeCommand('undo');
    await waitForText(registryDoc, (t) => !t.includes(`  ${id}:`), 'undo of the new fact');
    assert.equal(registryDoc.getText(), before);
    assert.ok(await registryDoc.save());
    assert.equal(await fs.readFile(registry.fsPath, 'utf8'), before);
  });

  test('“Link to fact…” adds a match term so that the figure links', async () => {
    const position = await positionOf(c, '第5名');
    const document = await vscode.workspace.openTextDocument(c);
    const offset = document.offsetAt(position) - 1;
    const id = await vscode.commands.executeCommand<string>('factLedger.linkToFact', c.toString(), offset, 'r1.chart-rank');
    assert.equal(id, 'r1.chart-rank');
    const after = await fs.readFile(registry.fsPath, 'utf8');
    assert.match(after, /r1\.chart-rank:[\s\S]*match:[\s\S]*排名/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', c, position);
    assert.match(hoverText(hovers), /r1\\?\.chart\\?-rank/);
  });

  test('“Ignore this figure” writes a marker in Markdown and a registry entry for plain text', async () => {
    await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const document = await vscode.workspace.openTextDocument(a);
    const offset = document.getText().indexOf('1 月 30 日');
    assert.ok(await vscode.commands.executeCommand('factLedger.ignoreFigure', a.toString(), offset));
    assert.match(document.getText(), /发文呼吁加强芯片管制。 <!-- fact-ledger-ignore -->/);
    await waitForDiagnostics(a, (ds) => !ds.some((d) => codeOf(d) === 'conflict'), 'the ignored conflict to go');

    const plain = await vscode.workspace.openTextDocument(c);
    assert.ok(await vscode.commands.executeCommand('factLedger.ignoreFigure', c.toString(), plain.getText().indexOf('500万用户')));
    const registryText = await fs.readFile(registry.fsPath, 'utf8');
    assert.match(registryText, /ignore:[\s\S]*file: articles\/c\.txt[\s\S]*text: 500万用户/);
    await waitForDiagnostics(c, (ds) => !ds.some((d) => codeOf(d) === 'cross-conflict'), 'the ignored cross-conflict to go');
  });

  test('Go to Definition leads from a figure to its registry entry; references and CodeLens lead back', async () => {
    await waitForDiagnostics(a, (ds) => ds.length > 0, 'diagnostics in a.md');
    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', a, await positionOf(a, '1 月 30 日'));
    assert.equal(definitions.length, 1);
    const target = definitions[0]!;
    const targetUri = 'uri' in target ? target.uri : target.targetUri;
    const targetRange = 'range' in target ? target.range : target.targetRange;
    assert.equal(targetUri.toString(), registry.toString());
    const registryDoc = await vscode.workspace.openTextDocument(registry);
    assert.equal(registryDoc.getText(targetRange), 'amodei.essay-date');

    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', registry, await positionOf(registry, 'amodei.essay-date'));
    const places = references.map((r) => vscode.workspace.asRelativePath(r.uri)).sort();
    assert.deepEqual(places, ['articles/a.md', 'articles/b.md']);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', registry);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('2 claims · 1 conflict'), `lenses: ${titles.join(' | ')}`);
  });

  test('unsaved edits are checked live, and files changed on disk are picked up', async () => {
    await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const document = await vscode.workspace.openTextDocument(a);
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('1 月 30 日');
    await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + '1 月 30 日'.length)), '1 月 29 日'));
    assert.ok(document.isDirty);
    await waitForDiagnostics(a, (ds) => !ds.some((d) => codeOf(d) === 'conflict'), 'the live edit to clear the conflict');

    const d = file('articles', 'd.md');
    snapshots.set(d.toString(), null);
    await fs.writeFile(d.fsPath, 'Dario Amodei 的博客发文日期是 1月31日。\n');
    await waitForDiagnostics(d, (ds) => ds.some((x) => codeOf(x) === 'conflict'), 'a conflict in the new file d.md');
  });

  test('figures are highlighted by state, and the highlight style setting applies live', async () => {
    await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const document = await vscode.workspace.openTextDocument(a);
    await vscode.window.showTextDocument(document);
    const texts = (): Record<string, string[]> => {
      const h = api.highlights.byDocument.get(a.toString());
      return Object.fromEntries(Object.entries(h ?? {}).map(([state, ranges]) => [state, ranges.map((r) => document.getText(r))]));
    };
    await untilHighlighted(() => texts().conflict?.includes('1 月 30 日') ?? false, 'the conflict highlight');
    assert.deepEqual(texts(), { linked: ['约为560万美元'], conflict: ['1 月 30 日'], disputed: [], unlinked: ['数百万人'] });
    await vscode.workspace.getConfiguration('factLedger').update('highlight.style', 'none', vscode.ConfigurationTarget.Workspace);
    await untilHighlighted(() => Object.values(texts()).every((r) => r.length === 0), 'no highlights with style none');
    await vscode.workspace.getConfiguration('factLedger').update('highlight.style', undefined, vscode.ConfigurationTarget.Workspace);
    await untilHighlighted(() => texts().conflict?.length === 1, 'highlights back');
  });

  test('an edit sends Problems again for the article it changes, not for every article', async () => {
    for (const [uri, what] of [[a, 'a conflict in a.md'], [b, 'a cross-conflict in b.md'], [c, 'a cross-conflict in c.txt']] as const) {
      await waitForDiagnostics(uri, (ds) => ds.length > 0, what);
    }
    const before = { b: ours(b), c: ours(c) };
    const resent = new Set<string>();
    const listener = vscode.languages.onDidChangeDiagnostics((e) => e.uris.forEach((u) => resent.add(u.toString())));
    try {
      // 960万美元 conflicts with the registry's cost; no other article claims that fact.
      const document = await vscode.workspace.openTextDocument(a);
      const editor = await vscode.window.showTextDocument(document);
      const at = document.getText().indexOf('560万美元');
      await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 3)), '960'));
      await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict' && document.getText(d.range).includes('960万美元')), 'the new conflict in a.md');
    } finally {
      listener.dispose();
    }
    assert.ok(resent.has(a.toString()));
    assert.deepEqual([...resent].filter((u) => u === b.toString() || u === c.toString()), []);
    assert.deepEqual(ours(b).map((d) => d.message), before.b.map((d) => d.message));
    assert.deepEqual(ours(c).map((d) => d.message), before.c.map((d) => d.message));
  });

  test('a long article is highlighted around what the editor shows, its conflicts everywhere', async function () {
    this.timeout(60_000);
    // Typed over c.txt, which the teardown restores (a file created and deleted here would stay
    // among VS Code's open documents after its editor closed, and be analysed by a later rescan).
    const long = c;
    // 2,500 unlinked figures, then a conflict on the last line.
    const lines = Array.from({ length: 2500 }, (_, i) => `第${i + 1}段：意大利有数百万人使用这款应用。`);
    lines.push('1 月 30 日,Dario Amodei 发文呼吁加强芯片管制。');
    const document = await vscode.workspace.openTextDocument(long);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), `${lines.join('\n')}\n`));
    const last = lines.length - 1;
    const highlighted = (state: 'unlinked' | 'conflict'): vscode.Range[] => api.highlights.byDocument.get(long.toString())?.[state] ?? [];
    await untilHighlighted(() => highlighted('conflict').some((r) => r.start.line === last) && highlighted('unlinked').length > 0, 'the highlights of the long article');
    const shown = editor.visibleRanges[editor.visibleRanges.length - 1].end.line;
    const unlinked = highlighted('unlinked');
    assert.ok(unlinked.length < 2000, `${unlinked.length} unlinked highlights: expected only those around the top`);
    assert.ok(unlinked.every((r) => r.start.line <= shown + 1000), 'an unlinked highlight far below what is shown');
    assert.ok(unlinked.some((r) => r.start.line === 0));
    assert.equal(document.getText(highlighted('conflict').find((r) => r.start.line === last)), '1 月 30 日');
    // Scrolling to the end highlights what is shown there.
    editor.revealRange(new vscode.Range(last - 1, 0, last, 0), vscode.TextEditorRevealType.AtTop);
    await untilHighlighted(() => highlighted('unlinked').some((r) => r.start.line === last - 1), 'the highlights at the end');
    assert.ok(!highlighted('unlinked').some((r) => r.start.line === 0), 'the top is no longer highlighted');
  });

  test('the text analysed follows edits of several ranges at once, undo and redo, line ends included', async () => {
    // The model keeps each open article's text from the change events instead of asking getText().
    const document = await vscode.workspace.openTextDocument(b);
    const editor = await vscode.window.showTextDocument(document);
    const analysed = (): boolean => api.model.analysis(b)?.text === document.getText() && !api.model.hasPendingAnalysis(b);
    const untilAnalysed = (what: string): Promise<void> => until([api.model.onDidChange], analysed, what);
    await untilAnalysed('b.md analysed');
    const edits: [string, (e: vscode.TextEditorEdit) => void][] = [
      ['three ranges in one edit', (e) => {
        e.insert(new vscode.Position(0, 0), '前言：2025年');
        e.replace(new vscode.Range(0, 2, 0, 4), '30');
        e.insert(new vscode.Position(document.lineCount - 1, 0), '尾声 😀\n');
      }],
      ['a deletion across lines and an insertion after it', (e) => {
        e.delete(new vscode.Range(0, 3, 1, 1));
        e.insert(new vscode.Position(document.lineCount - 1, 0), 'R1 有\r\n200万用户');
      }],
    ];
    for (const [what, change] of edits) {
      assert.ok(await editor.edit(change), what);
      await untilAnalysed(what);
    }
    for (const command of ['undo', 'undo', 'redo']) {
      await vscode.commands.executeCommand(command);
      await untilAnalysed(command);
    }
    assert.equal(api.model.analysis(b)?.text, document.getText());
  });

  test('an edit undone before its analysis gets its highlights and Problems set again', async () => {
    // The undo brings back the text analysed last, so the analysis is the same; but VS Code moved
    // the old highlights and squiggles with the deletion (collapsed), so they must be set again.
    await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const document = await vscode.workspace.openTextDocument(a);
    const editor = await vscode.window.showTextDocument(document);
    const conflictText = (): string[] => (api.highlights.byDocument.get(a.toString())?.conflict ?? []).map((r) => document.getText(r));
    await untilHighlighted(() => conflictText().includes('1 月 30 日'), 'the conflict highlight');
    await vscode.workspace.getConfiguration('factLedger').update('debounceMs', 3_000, vscode.ConfigurationTarget.Workspace);
    const version = document.version;
    let applied = 0;
    let resent = 0;
    const listeners = [
      api.highlights.onDidApply((u) => {
        if (u === a.toString() && document.version > version) applied++;
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (document.version > version && e.uris.some((u) => u.toString() === a.toString())) resent++;
      }),
    ];
    try {
      const at = document.getText().indexOf('DeepSeek');
      assert.ok(await editor.edit((e) => e.delete(new vscode.Range(document.positionAt(at), new vscode.Position(document.lineCount - 1, 0)))));
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), await pristine('articles', 'a.md'));
      await until([api.highlights.onDidApply, vscode.languages.onDidChangeDiagnostics], () => applied > 0 && resent > 0 && !api.model.hasPendingAnalysis(a), 'highlights and Problems set again after the undo');
    } finally {
      listeners.forEach((l) => l.dispose());
    }
    assert.ok(conflictText().includes('1 月 30 日'));
    assert.ok(ours(a).some((d) => codeOf(d) === 'conflict' && document.getText(d.range) === '1 月 30 日'));
  });

  test('a long article’s Problems are sent by blocks of lines: an edit re-sends what it changed or touched', async function () {
    this.timeout(90_000);
    // Typed over c.txt (restored by the teardown): 1,200 lines, each with a conflict at its start.
    const long = c;
    const conflict = '1 月 30 日';
    const lines = Array.from({ length: 1200 }, (_, i) => `${conflict},Dario Amodei 发文呼吁加强芯片管制（第${i + 1}段）。`);
    const document = await vscode.workspace.openTextDocument(long);
    const editor = await vscode.window.showTextDocument(document);
    const sent: { block: number; entries: number }[] = [];
    const listener = api.problems.onDidSend((e) => {
      if (e.uri === long.toString()) sent.push({ block: e.block, entries: e.entries });
    });
    const analysed = (): boolean => api.model.analysis(long)?.text === document.getText() && !api.model.hasPendingAnalysis(long);
    /** Applies an edit, waits for its analysis, and gives the blocks sent for it. */
    const blocksSentBy = async (what: string, change: () => Thenable<unknown>): Promise<number[]> => {
      sent.length = 0;
      await change();
      await until([api.model.onDidChange], () => analysed() && sent.length > 0, what);
      return [...new Set(sent.map((s) => s.block))].sort((x, y) => x - y);
    };
    let entries = 0;
    /** As many entries as at the start, each on the text of a conflict, on every line. */
    const allInPlace = (): void => {
      const ds = ours(long);
      assert.equal(ds.length, entries);
      assert.deepEqual([...new Set(ds.map((d) => document.getText(d.range)))], [conflict]);
      assert.equal(new Set(ds.map((d) => d.range.start.line)).size, lines.length);
    };
    try {
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), `${lines.join('\n')}\n`));
      await waitForDiagnostics(long, (ds) => ds.filter((d) => codeOf(d) === 'conflict').length === lines.length, 'the conflicts of the long article');
      await until([api.model.onDidChange], analysed, 'the long article analysed');
      entries = ours(long).length; // with the conflicts with other articles
      // Copy Line Down on line 100: every line is alike where its entries are, so blocks 0 and 1
      // have the same lines and columns as before; but VS Code moved the old squiggles below line
      // 100 one line down with their text (onto line 500 for the last of block 0): both are sent.
      editor.selection = new vscode.Selection(100, 3, 100, 3);
      assert.deepEqual(await blocksSentBy('copy line down', () => vscode.commands.executeCommand('editor.action.copyLinesDownAction')), [0, 1, 2]);
      entries += entries / lines.length;
      lines.push(lines[0]);
      allInPlace();
      // Blocks of 500 lines: a character typed at the start of line 700 moves only that line's entry.
      assert.deepEqual(await blocksSentBy('an edit on line 700', () => editor.edit((e) => e.insert(new vscode.Position(700, 0), '另'))), [1]);
      allInPlace();
      // A cut through a conflict on line 100 undone before its analysis: the same entries, but VS
      // Code collapsed that squiggle with the cut; its block is sent again, the others are not.
      await vscode.workspace.getConfiguration('factLedger').update('debounceMs', 2_000, vscode.ConfigurationTarget.Workspace);
      const cutAndUndo = async (): Promise<void> => {
        assert.ok(await editor.edit((e) => e.delete(new vscode.Range(100, 0, 100, 4))));
        await vscode.commands.executeCommand('undo');
      };
      assert.deepEqual(await blocksSentBy('a cut undone', cutAndUndo), [0]);
      allInPlace();
      await vscode.workspace.getConfiguration('factLedger').update('debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
      // A new line on line 100 moves every entry below it: all three blocks.
      assert.deepEqual(await blocksSentBy('a line break', () => editor.edit((e) => e.insert(new vscode.Position(100, 0), '\n'))), [0, 1, 2]);
      allInPlace();
    } finally {
      listener.dispose();
    }
  });

  test('severities follow the settings, applied live', async () => {
    await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict' && d.severity === vscode.DiagnosticSeverity.Warning), 'a warning');
    await vscode.workspace.getConfiguration('factLedger').update('severity.conflict', 'error', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict' && d.severity === vscode.DiagnosticSeverity.Error), 'an error');
    await vscode.workspace.getConfiguration('factLedger').update('severity.conflict', 'off', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(a, (ds) => !ds.some((d) => codeOf(d) === 'conflict'), 'no conflicts when off');
  });
});
