// facts.yaml as a first-class file in a real VS Code: completion of units, statuses and keys,
// and the New Fact command. Every wait is on an event or a condition with a timeout.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { TIMEOUT, ours, waitForDiagnostics, waitForText } from './helpers';
import { parseRegistry } from '../../src/core/registry';

const EXTENSION_ID = 'fact-ledger.fact-ledger';

interface Api {
  ready: Promise<void>;
  model: { registryState(uri: vscode.Uri): { text: string } | undefined; onDidChange: vscode.Event<void> };
}

let api: Api;

/** Resolves when the extension's model holds `text` for the registry (its updates are debounced). */
async function untilModelHas(uri: vscode.Uri, text: string): Promise<void> {
  const holds = (): boolean => api.model.registryState(uri)?.text === text;
  if (holds()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error('timed out waiting for the model to read the restored facts.yaml'));
    }, TIMEOUT);
    const listener = api.model.onDidChange(() => {
      if (!holds()) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

function registryUri(): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1);
  return vscode.Uri.joinPath(folders[0]!.uri, 'facts.yaml');
}

/** Resolves when the document's text satisfies `check`. */
/** Resolves when `check` holds for our diagnostics of `uri`, re-checking on every change. */
function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function completionsAfter(document: vscode.TextDocument, needle: string): Promise<vscode.CompletionItem[]> {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${document.uri.path}`);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.positionAt(at + needle.length));
  return list.items;
}

/** Puts facts.yaml back as it was, on disk and in its buffer. */
async function restoreRegistry(uri: vscode.Uri, text: string): Promise<void> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document && (document.getText() !== text || document.isDirty)) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
    assert.ok(await document.save(), 'restored facts.yaml');
  } else if ((await fs.readFile(uri.fsPath, 'utf8')) !== text) {
    await fs.writeFile(uri.fsPath, text);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite('facts.yaml as a first-class file', () => {
  let registry: vscode.Uri;
  let original: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    registry = registryUri();
    original = await fs.readFile(registry.fsPath, 'utf8');
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await api.ready;
    // VS Code for the Web (code-server) saves after a delay by default: a save racing the
    // tests' edits and undos would leave facts.yaml changed for the suites that follow.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  });

  teardown(async function () {
    this.timeout(30_000);
    await restoreRegistry(registry, original);
    // The suites after this one must see the registry as it was, not a debounced earlier state.
    await untilModelHas(registry, original);
  });

  test('while facts.yaml is not readable YAML, articles keep the facts of its last readable version', async () => {
    const a = vscode.Uri.joinPath(registry, '..', 'articles', 'a.md');
    const codes = (uri: vscode.Uri): string[] => ours(uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
    await waitForDiagnostics(a, (ds) => ds.some((d) => typeof d.code === 'object' && d.code.value === 'conflict'), 'the conflict in a.md');
    const document = await vscode.workspace.openTextDocument(registry);
    await vscode.window.showTextDocument(document);
    // Half-typed: an unterminated flow sequence under the first fact.
    const at = document.getText().indexOf('    unit: USD');
    const broken = new vscode.WorkspaceEdit();
    broken.insert(registry, document.positionAt(at), '    tags: [one, two\n');
    assert.ok(await vscode.workspace.applyEdit(broken));
    await waitForDiagnostics(registry, (ds) => ds.some((d) => typeof d.code === 'object' && d.code.value === 'kept-last-readable'), 'the note that the last readable facts are kept');
    const codesNow = codes(registry);
    assert.ok(codesNow.includes('yaml-syntax'), `the syntax error is reported too: ${JSON.stringify(codesNow)}`);
    const kept = ours(registry).find((d) => typeof d.code === 'object' && d.code.value === 'kept-last-readable')!;
    const facts = parseRegistry(original).facts.length;
    assert.ok(kept.message.includes(`${facts} facts`), `the note counts the ${facts} facts kept: ${kept.message}`);
    assert.equal(kept.severity, vscode.DiagnosticSeverity.Information);
    // The article is still checked against amodei.essay-date.
    assert.ok(codes(a).includes('conflict'), `a.md keeps its conflict: ${JSON.stringify(codes(a))}`);
    // Readable again: the note goes.
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(registry, (ds) => !ds.some((d) => typeof d.code === 'object' && d.code.value === 'kept-last-readable'), 'the note to go once the file reads again');
    assert.equal(document.getText(), original);
  });

  test('completion offers units after "unit:" and statuses after "status:", with descriptions', async () => {
    const document = await vscode.workspace.openTextDocument(registry);
    assert.equal(document.languageId, 'yaml');
    const units = await completionsAfter(document, 'unit: ');
    const unitLabels = units.map(label);
    for (const unit of ['USD', 'CNY', 'EUR', 'percent', 'count', 'date', 'year']) assert.ok(unitLabels.includes(unit), `unit ${unit} in ${unitLabels.join(', ')}`);
    const cny = units.find((i) => label(i) === 'CNY')!;
    assert.match(String(cny.detail), /yuan/);
    // The value after the cursor ("USD") is what a chosen unit replaces.
    const range = cny.range instanceof vscode.Range ? cny.range : cny.range!.replacing;
    assert.equal(document.getText(range), 'USD');

    const statuses = (await completionsAfter(document, 'status: ')).map(label);
    for (const status of ['verified', 'reported', 'disputed', 'false']) assert.ok(statuses.includes(status), `status ${status} in ${statuses.join(', ')}`);
    assert.ok(!statuses.includes('USD'), 'no units after status:');
    assert.equal(document.getText(), original, 'completion does not change the file');
  });

  test('completion offers the keys a fact lacks on a new line, and Undo restores the file', async () => {
    const document = await vscode.workspace.openTextDocument(registry);
    const editor = await vscode.window.showTextDocument(document);
    const anchor = document.getText().indexOf('    unit: rank\n');
    assert.ok(anchor >= 0);
    const lineEnd = document.positionAt(anchor + '    unit: rank'.length);
    assert.ok(await editor.edit((b) => b.insert(lineEnd, '\n    ')));
    const keys = (await completionsAfter(document, '    unit: rank\n    ')).filter((i) => i.kind === vscode.CompletionItemKind.Property).map(label);
    assert.ok(keys.includes('bound') && keys.includes('sources') && keys.includes('status'), `keys: ${keys.join(', ')}`);
    assert.ok(!keys.includes('unit') && !keys.includes('match') && !keys.includes('claim'), `present keys are not offered: ${keys.join(', ')}`);
    await vscode.commands.executeCommand('undo');
    await waitForText(document, (t) => t === original, 'undo of the blank line');
  });

  test('the new-fact snippet offered at fact-id indentation expands into a valid fact', async () => {
    const document = await vscode.workspace.openTextDocument(registry);
    const editor = await vscode.window.showTextDocument(document);
    const end = document.positionAt(document.getText().length);
    assert.ok(await editor.edit((b) => b.insert(end, '  ')));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.positionAt(document.getText().length));
    const snippet = list.items.find((i) => label(i) === 'new fact');
    assert.ok(snippet?.insertText instanceof vscode.SnippetString, `items: ${list.items.map(label).join(', ')}`);
    assert.ok(list.items.some((i) => label(i) === 'r1.'), 'the namespace r1. is offered');
    const range = snippet.range instanceof vscode.Range ? snippet.range : snippet.range!.replacing;
    assert.ok(await editor.insertSnippet(snippet.insertText, range));
    await vscode.commands.executeCommand('leaveSnippet');
    const parsed = parseRegistry(document.getText());
    assert.equal(parsed.byId.get('new.fact-id')?.unit, 'USD', document.getText().slice(-300));
    assert.deepEqual(parsed.byId.get('new.fact-id')?.match, [['term']]);
  });

  test('New Fact… without an argument asks field by field, validating what is typed', async () => {
    const before = await fs.readFile(registry.fsPath, 'utf8');
    const inputs = ['r1.chart-rank', 'r1.downloads', 'DeepSeek R1 was downloaded millions of times', '1,000,000..3000000', 'DeepSeek, R1 | 下载, downloads', 'App Store', 'https://apps.apple.com/'];
    const picks = ['count', 'about', 'verified'];
    const rejected: string[] = [];
    const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const { showInputBox, showQuickPick } = window;
    window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
      for (;;) {
        const answer = inputs.shift();
        if (answer === undefined) return undefined;
        const problem = await options?.validateInput?.(answer);
        if (!problem) return answer;
        rejected.push(answer);
      }
    }) as typeof window.showInputBox;
    window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      const answer = picks.shift();
      return (await items).find((item) => item.label === answer);
    }) as unknown as typeof window.showQuickPick;
    let id: string | undefined;
    try {
      id = await vscode.commands.executeCommand<string>('factLedger.newFact');
    } finally {
      window.showInputBox = showInputBox;
      window.showQuickPick = showQuickPick;
    }
    assert.equal(id, 'r1.downloads');
    assert.deepEqual(rejected, ['r1.chart-rank'], 'an id in use is refused');
    assert.deepEqual([inputs, picks], [[], []], 'every answer was asked for');
    const after = await fs.readFile(registry.fsPath, 'utf8');
    const fact = parseRegistry(after).byId.get('r1.downloads');
    assert.deepEqual(
      fact && { claim: fact.claim, value: fact.value, unit: fact.unit, bound: fact.bound, match: fact.match, status: fact.status, sources: fact.sources },
      {
        claim: 'DeepSeek R1 was downloaded millions of times',
        value: [1_000_000, 3_000_000],
        unit: 'count',
        bound: 'about',
        match: [['DeepSeek', 'R1'], ['下载', 'downloads']],
        status: 'verified',
        sources: [{ title: 'App Store', url: 'https://apps.apple.com/' }],
      },
    );
    assert.ok(after.startsWith(before.trimEnd()), 'the fact is appended after the existing entries');
  });

  test('New Fact with a fact as argument writes a valid entry, and Undo in the registry takes it out', async () => {
    const before = await fs.readFile(registry.fsPath, 'utf8');
    const problemsBefore = (await waitForDiagnostics(registry, (ds) => ds.length > 0, 'the fixture registry problems')).map((d) => d.message).sort();
    const id = await vscode.commands.executeCommand<string>('factLedger.newFact', {
      id: 'nvidia.market-cap-loss',
      claim: 'Nvidia lost about US$589 billion of market value on 27 January 2025',
      value: 589_000_000_000,
      unit: 'USD',
      bound: 'about',
      match: [['Nvidia', '英伟达', '輝達'], ['市值', 'market value']],
      status: 'false',
      sources: [{ title: 'Reuters', url: 'https://www.reuters.com/' }],
    });
    assert.equal(id, 'nvidia.market-cap-loss');
    const after = await fs.readFile(registry.fsPath, 'utf8');
    assert.ok(after.startsWith(before.trimEnd().split('\n').slice(0, 3).join('\n')), 'the head of the file is kept');
    for (const comment of before.split('\n').filter((l) => l.trim().startsWith('#'))) assert.ok(after.includes(comment), `kept: ${comment}`);
    assert.match(after, /\n {2}nvidia\.market-cap-loss:\n {4}claim: /);
    assert.match(after, /status: "false"/);
    // The entry loads, and the registry re-reads with exactly the problems it had before.
    const parsedBefore = parseRegistry(before);
    const parsed = parseRegistry(after);
    assert.deepEqual(parsed.byId.get(id)?.match, [['Nvidia', '英伟达', '輝達'], ['市值', 'market value']]);
    assert.equal(parsed.byId.get(id)?.status, 'false');
    assert.deepEqual(parsed.problems.map((p) => p.message), parsedBefore.problems.map((p) => p.message));
    await waitForDiagnostics(
      registry,
      (ds) => JSON.stringify(ds.map((d) => d.message).sort()) === JSON.stringify(problemsBefore),
      'the same registry problems as before',
    );
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), registry.toString(), 'the registry is shown');
    assert.equal(editor.document.getText(editor.selection), 'nvidia.market-cap-loss', 'the new id is selected');

    // A second fact with the same id is refused, and nothing is written.
    const again = await vscode.commands.executeCommand<string | undefined>('factLedger.newFact', { id: 'nvidia.market-cap-loss', unit: 'USD', match: [] });
    assert.equal(again, undefined);
    assert.equal(await fs.readFile(registry.fsPath, 'utf8'), after);

    await vscode.commands.executeCommand('undo');
    await waitForText(editor.document, (t) => !t.includes('nvidia.market-cap-loss'), 'undo of the new fact');
    assert.equal(editor.document.getText(), before);
    assert.ok(await editor.document.save());
    assert.equal(await fs.readFile(registry.fsPath, 'utf8'), before);
  });
});
