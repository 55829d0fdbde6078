// Fact Ledger as a web extension: package.json `browser` (dist/web/extension.js) in VS Code's web
// worker extension host, as in vscode.dev and github.dev. Run by
// FACT_LEDGER_EXTENSION_KIND=web node test/integration/runTests.mjs. No Node here, not even for
// the tests: no node:assert, no fs; the workspace is read through vscode.workspace.fs.
/// <reference types="mocha" />
import * as vscode from 'vscode';
import { activated, codeOf, equal, EXTENSION_ID, file, hoverText, ok, waitForDiagnostics } from './helpers';

interface Api {
  ready: Promise<void>;
  model: unknown;
}

suite('web extension host', () => {
  let api: Api;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activated<Api>();
  });

  test('the tests and the extension run in a web worker, without Node', () => {
    const scope = globalThis as { process?: unknown; importScripts?: unknown; navigator?: unknown; require?: unknown };
    equal(typeof scope.process, 'undefined', 'typeof process');
    equal(typeof scope.require, 'undefined', 'typeof require');
    equal(typeof scope.importScripts, 'function', 'typeof importScripts (a worker)');
    ok(scope.navigator, 'navigator is there');
    // activate() hands over its API object only in the extension host it runs in: this one.
    ok(api?.model, 'the extension API of this extension host');
    equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true, 'isActive');
  });

  test('the workspace is read through vscode.workspace.fs', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('articles', 'a.md')));
    ok(text.includes('1 月 30 日'), `a.md as read: ${text}`);
  });

  test('a conflict with the registry is reported for articles/a.md', async () => {
    const a = file('articles', 'a.md');
    const ds = await waitForDiagnostics(a, (ds) => ds.some((d) => codeOf(d) === 'conflict'), 'a conflict in a.md');
    const d = ds.find((d) => codeOf(d) === 'conflict')!;
    const document = await vscode.workspace.openTextDocument(a);
    equal(document.getText(d.range), '1 月 30 日', 'the conflicting figure');
    ok(/amodei\.essay-date/.test(d.message) && /2025-01-29/.test(d.message), `the message names the fact and its value: ${d.message}`);
  });

  test('the hover on a figure shows its fact and the registry value', async () => {
    const a = file('articles', 'a.md');
    const document = await vscode.workspace.openTextDocument(a);
    const at = document.getText().indexOf('1 月 30 日');
    ok(at >= 0, '"1 月 30 日" is in a.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', a, document.positionAt(at + 1));
    const text = hoverText(hovers);
    ok(/amodei\\?\.essay\\?-date/.test(text), `the hover names the fact: ${text}`);
    ok(/2025\\?-01\\?-29/.test(text), `the hover gives the registry's value: ${text}`);
  });
});
