// Fact Ledger in a workspace VS Code really does not trust (Restricted Mode): run by
//   FACT_LEDGER_UNTRUSTED=1 node test/integration/runTests.mjs
// which starts code-server with workspace trust on (no --disable-workspace-trust) and the
// start-up prompt off, so the folder opens in Restricted Mode — not simulated through the
// extension's test API as in reliability.test.ts. Fact Ledger declares
// `capabilities.untrustedWorkspaces: limited`: it must read, highlight and diagnose, and write
// nothing, and no hover may run a command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, hoverText, ours, positionOf, waitForDiagnostics, workspaceFile } from '../helpers';
import { enabledCommands } from '../web/helpers';

const EXTENSION_ID = 'fact-ledger.fact-ledger';

interface Api {
  ready: Promise<void>;
}

suite('Restricted Mode (a workspace VS Code does not trust)', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const api = await extension.activate();
    await api.ready;
  });

  test('VS Code runs this workspace in Restricted Mode, and Fact Ledger is enabled there', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  test('articles are still read and diagnosed', async () => {
    const a = workspaceFile('articles', 'a.md');
    const ds = await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'the conflict in a.md');
    const document = await vscode.workspace.openTextDocument(a);
    assert.equal(document.getText(ds.find((d) => codeOf(d) === 'conflict')!.range), '1 月 30 日');
  });

  test('hovers inform but run no command', async () => {
    const a = workspaceFile('articles', 'a.md');
    const position = await positionOf(a, '1 月 30 日');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, position.translate(0, 1));
    assert.match(hoverText(hovers), /amodei\\?\.essay\\?-date/);
    assert.deepEqual(enabledCommands(hovers), [], 'no command may run from a hover');
    assert.doesNotMatch(hoverText(hovers), /\]\(command:/, 'no command links at all');
  });

  test('no fix that writes can be applied, and the writing commands write nothing', async () => {
    const registry = workspaceFile('facts.yaml');
    const before = await fs.readFile(registry.fsPath, 'utf8');
    const a = workspaceFile('articles', 'a.md');
    const ds = await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'the conflict in a.md');
    const conflict = ds.find((d) => codeOf(d) === 'conflict')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', a, conflict.range);
    const oursEnabled = actions.filter((action) => action.diagnostics?.some((d) => d.source === 'Fact Ledger') || action.command?.command.startsWith('factLedger.'));
    assert.deepEqual(oursEnabled.map((action) => action.title), [], 'none of Fact Ledger’s fixes is enabled');

    const offset = (await vscode.workspace.openTextDocument(a)).getText().indexOf('1 月 30 日');
    assert.equal(await vscode.commands.executeCommand('factLedger.addFact', a.toString(), offset), undefined);
    assert.equal(await vscode.commands.executeCommand('factLedger.ignoreFigure', a.toString(), offset), undefined);
    assert.equal(await vscode.commands.executeCommand('factLedger.useRegistryValue', a.toString(), offset), undefined);
    assert.equal(await fs.readFile(registry.fsPath, 'utf8'), before, 'facts.yaml is unchanged on disk');
    const open = vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString());
    assert.deepEqual(open, [], 'and no buffer was edited either');
    // Still diagnosed as before: nothing was ignored.
    assert.ok(ours(a).some((d) => codeOf(d) === 'conflict'));
  });
});
