// The reliability guards in the web worker extension host (vscode.dev, github.dev): hostile
// content renders as text, annotation paths stay inside the registry's folder, Restricted Mode
// writes nothing, legacy-encoded articles are read. No Node: files go through vscode.workspace.fs.
// The Node suite (../reliability.test.ts) covers the rest.
/// <reference types="mocha" />
import * as vscode from 'vscode';
import { activated, enabledCommands, file, hoversAt, hoverText, ok, until } from './helpers';

interface Api {
  ready: Promise<void>;
  model: { analysis(uri: vscode.Uri): { figures: { text: string }[] } | undefined; onDidChange: vscode.Event<void> };
  reliability: { onDidNotify: vscode.Event<{ level: string; message: string }>; simulateRestrictedMode(on: boolean): void };
}

async function hover(uri: vscode.Uri, needle: string): Promise<{ text: string; commands: string[] }> {
  const hovers = await hoversAt(uri, needle);
  return { text: hoverText(hovers), commands: enabledCommands(hovers) };
}

suite('web extension host: reliability', () => {
  let api: Api;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activated<Api>();
  });

  teardown(async () => {
    api.reliability.simulateRestrictedMode(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a hostile registry renders as text, with only Fact Ledger’s commands, and the hand link is told', async () => {
    const { text, commands } = await hover(file('hostile', 'article.md'), '300 users');
    ok(/hostile\\?\.users/.test(text), `linked to the hostile fact: ${text}`);
    ok(!/(^|[^\\])</.test(text), 'no unescaped "<"');
    ok(!/\]\((command:(?!factLedger\.)|javascript:)/i.test(text), 'no link to another command or a javascript: URI');
    ok(commands.length > 0 && commands.every((c) => c.startsWith('factLedger.')), `only our commands: ${commands.join(', ')}`);
    ok(/Linked by hand/.test(text), 'the hand link is told');
  });

  test('annotations naming files outside the registry’s folder are refused', async () => {
    const registry = file('hostile', 'facts.yaml');
    const refused = (): number =>
      vscode.languages.getDiagnostics(registry).filter((d) => d.source === 'Fact Ledger' && /not a path inside the registry’s folder/.test(d.message)).length;
    await until([vscode.languages.onDidChangeDiagnostics], () => refused() === 2, 'the two refused annotation paths');
  });

  test('in Restricted Mode writing commands refuse and hovers run no command', async () => {
    api.reliability.simulateRestrictedMode(true);
    const story = file('newsroom', 'story.md');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('newsroom', 'facts.yaml')));
    const messages: string[] = [];
    const listener = api.reliability.onDidNotify((n) => messages.push(n.message));
    try {
      const offset = (await vscode.workspace.openTextDocument(story)).getText().indexOf('12个国家');
      ok((await vscode.commands.executeCommand('factLedger.addFact', story.toString(), offset)) === undefined, 'no fact added');
      ok(messages.some((m) => /untrusted workspace/.test(m)), `a message says why: ${messages.join(' | ')}`);
    } finally {
      listener.dispose();
    }
    const after = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('newsroom', 'facts.yaml')));
    ok(after === before, 'facts.yaml unchanged');
    const { commands, text } = await hover(file('articles', 'a.md'), '1 月 30 日');
    ok(commands.length === 0 && !text.includes('command:'), `no commands: ${text}`);
  });

  test('a GBK article on disk is read as Chinese', async () => {
    const uri = file('legacy-web-gbk.txt');
    // 意大利有数百万人使用这款应用。 in GBK.
    const hex = 'd2e2b4f3c0fbd3d0cafdb0d9cdf2c8cbcab9d3c3d5e2bfeed3a6d3c3a1a3';
    const bytes = new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    await vscode.workspace.fs.writeFile(uri, bytes);
    try {
      await until([api.model.onDidChange], () => (api.model.analysis(uri)?.figures ?? []).some((f) => f.text.includes('数百万')), 'the GBK article’s figure');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
