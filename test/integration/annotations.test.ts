// Annotations in a real VS Code: annotate a selection, follow the passage through edits, report it
// orphaned when it is gone, and delete it with the quick fix. Waits on events, never fixed sleeps.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, hoverText, pristine, restoreFiles, workspaceFile } from './helpers';
import { until as untilEvent } from './web/helpers';

const EXTENSION_ID = 'fact-ledger.fact-ledger';

interface Api {
  ready: Promise<void>;
  model: { onDidChange: vscode.Event<void> };
}

interface Listed {
  fact: string;
  verdict: string;
  index: number;
  start: number;
  end: number;
  text: string;
  exact: boolean;
  score: number;
}

let api: Api;

const file = workspaceFile;

function orphans(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Fact Ledger' && codeOf(d) === 'orphaned-annotation');
}

async function listed(uri: vscode.Uri): Promise<Listed[]> {
  return (await vscode.commands.executeCommand<Listed[]>('factLedger.annotationsIn', uri.toString())) ?? [];
}

/** Resolves when `check` holds, re-checking whenever the model, the diagnostics or a document change. */
function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  return untilEvent([api.model.onDidChange, vscode.languages.onDidChangeDiagnostics, vscode.workspace.onDidChangeTextDocument], check, what);
}

const snapshots = new Map<string, string>();

function restore(): Promise<void> {
  return restoreFiles(snapshots);
}

suite('Annotations', () => {
  let registry: vscode.Uri;
  let a: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    registry = file('facts.yaml');
    a = file('articles', 'a.md');
    // Snapshots from the fixture in git, and restored before the first test: whatever an earlier
    // suite left behind (a late save, an edit in flight) does not leak into this one.
    for (const uri of [registry, a]) snapshots.set(uri.toString(), await pristine(vscode.workspace.asRelativePath(uri, false)));
    await restore();
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await api.ready;
  });

  teardown(async function () {
    this.timeout(30_000);
    await restore();
  });

  test('an annotated passage is recorded, follows edits, becomes orphaned when deleted, and the quick fix deletes it', async () => {
    const passage = 'Dario Amodei 发文呼吁加强芯片管制';
    const document = await vscode.workspace.openTextDocument(a);
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf(passage);
    assert.ok(at >= 0);
    editor.selection = new vscode.Selection(document.positionAt(at), document.positionAt(at + passage.length));

    const index = await vscode.commands.executeCommand<number>('factLedger.annotateSelection', { factId: 'amodei.essay-date', verdict: 'supports', note: 'The essay asks for export controls.' });
    assert.equal(index, 0);
    const before = snapshots.get(registry.toString())!;
    const written = await fs.readFile(registry.fsPath, 'utf8');
    assert.ok(written.startsWith(before.trimEnd()), 'the registry is only appended to; its comments stay');
    assert.match(written, /\nannotations:\n {2}- fact: amodei\.essay-date\n {4}file: articles\/a\.md\n {4}verdict: supports\n {4}selector:\n {6}exact: Dario Amodei 发文呼吁加强芯片管制\n/);
    assert.match(written, /\n {4}note: The essay asks for export controls\.\n {4}by: .+\n {4}at: \d{4}-\d{2}-\d{2}T/);

    await until(async () => (await listed(a)).some((x) => x.text === passage && x.exact), 'the passage to be anchored');
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, document.positionAt(at + 3)));
    assert.match(hover, /Annotation/);
    assert.match(hover, /supports the fact/);
    assert.match(hover, /amodei\\?\.essay\\?-date/);
    assert.match(hover, /export controls/);
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', registry, (await vscode.workspace.openTextDocument(registry)).positionAt(written.indexOf('amodei.essay-date') + 1));
    assert.ok(references.some((r) => r.uri.toString() === a.toString() && document.getText(r.range) === passage), 'Find All References lists the annotated passage');

    // The passage moves (a new paragraph above) and its context changes: still anchored.
    await editor.edit((e) => {
      e.insert(new vscode.Position(0, 0), '一段新的导语，放在最前面。\n\n');
      const date = document.getText().indexOf('1 月 30 日');
      e.replace(new vscode.Range(document.positionAt(date), document.positionAt(date + '1 月 30 日'.length)), '1月30日');
    });
    const moved = document.getText().indexOf(passage);
    assert.ok(moved > at);
    await until(async () => (await listed(a)).some((x) => x.start === moved && x.text === passage), 'the moved passage to be anchored');
    assert.equal(orphans(registry).length, 0);

    // The passage is deleted: an orphaned-annotation problem on the registry entry.
    const line = document.lineAt(document.positionAt(moved).line);
    await editor.edit((e) => e.delete(line.range));
    await until(() => orphans(registry).length === 1, 'the orphaned-annotation diagnostic');
    const [orphan] = orphans(registry);
    const registryDoc = await vscode.workspace.openTextDocument(registry);
    assert.match(registryDoc.getText(orphan.range), /^fact: amodei\.essay-date\n/);
    assert.match(orphan.message, /amodei\.essay-date/);
    assert.equal(orphan.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(typeof orphan.code === 'object' && orphan.code.target.path.endsWith('docs/registry.md'));
    assert.deepEqual(await listed(a), []);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', registry, orphan.range);
    const remove = actions.find((x) => x.title === 'Delete this annotation');
    assert.ok(remove?.command, `actions: ${actions.map((x) => x.title).join(' | ')}`);
    assert.equal(await vscode.commands.executeCommand(remove.command.command, ...(remove.command.arguments ?? [])), true);
    const after = await fs.readFile(registry.fsPath, 'utf8');
    assert.doesNotMatch(after, /- fact: amodei\.essay-date/);
    assert.ok(after.startsWith(before.trimEnd()));
    await until(() => orphans(registry).length === 0, 'the orphaned-annotation diagnostic to go');
  });

  test('a figure inside an annotated passage links to the annotation’s fact, overriding the automatic link', async () => {
    const passage = '意大利有数百万人使用这款应用';
    const document = await vscode.workspace.openTextDocument(a);
    const figureAt = document.positionAt(document.getText().indexOf('数百万人') + 1);
    const hoverOnFigure = async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, figureAt));
    // The previous test's clean-up may still be on its way through the model.
    await until(async () => /Not linked to any fact/.test(await hoverOnFigure()), 'the figure to be unlinked');
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf(passage);
    editor.selection = new vscode.Selection(document.positionAt(at), document.positionAt(at + passage.length));
    assert.equal(await vscode.commands.executeCommand<number>('factLedger.annotateSelection', { factId: 'r1.first-week-users', verdict: 'mentions' }), 0);
    // The registry write is picked up asynchronously (save, then re-read and re-anchor).
    await until(async () => /r1\\?\.first\\?-week\\?-users/.test(await hoverOnFigure()), 'the figure to link to the annotated fact');
    const hover = await hoverOnFigure();
    assert.match(hover, /\*\*Fact\*\* \[r1\\?\.first\\?-week\\?-users\]/, 'the figure hover shows the linked fact');
    assert.match(hover, /\*\*Annotation\*\*/, 'and the annotation');
  });

  test('an edited passage is re-anchored by the quick fix to its best match', async () => {
    const passage = '意大利有数百万人使用这款应用';
    const document = await vscode.workspace.openTextDocument(a);
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf(passage);
    editor.selection = new vscode.Selection(document.positionAt(at), document.positionAt(at + passage.length));
    assert.equal(await vscode.commands.executeCommand<number>('factLedger.annotateSelection', { factId: 'r1.chart-rank', verdict: 'mentions' }), 0);
    await until(async () => (await listed(a)).some((x) => x.text === passage), 'the passage to be anchored');
    // Rewritten too much to follow by itself.
    const rewritten = '意大利约有几百万用户在用这个应用';
    await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + passage.length)), rewritten));
    await until(() => orphans(registry).length === 1, 'the orphaned-annotation diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', registry, orphans(registry)[0]!.range);
    const reanchor = actions.find((x) => x.title.startsWith('Re-anchor to the best match'));
    assert.ok(reanchor?.command, `actions: ${actions.map((x) => x.title).join(' | ')}`);
    assert.equal(await vscode.commands.executeCommand(reanchor.command.command, ...(reanchor.command.arguments ?? [])), true);
    assert.match(await fs.readFile(registry.fsPath, 'utf8'), /exact: 意大利约有几百万用户在用这个应用/);
    await until(async () => orphans(registry).length === 0 && (await listed(a)).some((x) => x.text === rewritten && x.exact), 'the re-anchored passage');
  });
});
