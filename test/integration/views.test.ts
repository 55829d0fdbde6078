// The Facts view, the fact sheet and the language status item in a real VS Code.
// Every wait is on an event or a condition with a timeout — never a fixed sleep.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { until } from './web/helpers';

const EXTENSION_ID = 'fact-ledger.fact-ledger';
const TIMEOUT = 15_000;

interface Figure {
  text: string;
  span: { start: number; end: number };
}
interface ClaimNode {
  kind: 'claim';
  claim: { path: string; figure: Figure; problems: { code: string }[] };
}
interface FactNode {
  kind: 'fact';
  registry: string;
  fact: { id: string };
  claims: ClaimNode[];
}
interface StatusNode {
  kind: 'status';
  status: string;
  facts: FactNode[];
}
type Node = StatusNode | FactNode | ClaimNode;

interface FactsTree {
  view: vscode.TreeView<Node>;
  conflictsOnly: boolean;
  conflictCount: number;
  isStale: boolean;
  onDidRefresh: vscode.Event<void>;
  refresh(): void;
  getChildren(node?: Node): Node[];
  getTreeItem(node: Node): vscode.TreeItem;
}
interface SheetClaim {
  path: string;
  line: number;
  character: number;
  conflict: boolean;
  kind?: string;
  min?: number | null;
}
interface FactSheet {
  panel: vscode.WebviewPanel;
  html: string;
  resourceRoot: string;
  data: { id: string; claims: SheetClaim[]; interval?: { min: number | null; max: number | null } } | undefined;
  onDidUpdate: vscode.Event<void>;
  receive(message: unknown): Promise<boolean>;
}
interface FactSheets {
  last: FactSheet | undefined;
  revive(panel: vscode.WebviewPanel, state: unknown): Promise<FactSheet | undefined>;
}
interface FigurePick extends vscode.QuickPickItem {
  figure: Figure;
  range: vscode.Range;
}
interface LanguageStatus {
  item: vscode.LanguageStatusItem;
  onDidUpdate: vscode.Event<void>;
  onDidShowPick: vscode.Event<vscode.QuickPick<FigurePick>>;
  update(): void;
  showFileClaims(uri?: vscode.Uri): Promise<FigurePick | undefined>;
}
interface Api {
  ready: Promise<void>;
  views: { factsTree: FactsTree; factSheet: FactSheets; languageStatus: LanguageStatus };
}

let api: Api;

function file(...parts: string[]): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1);
  return vscode.Uri.joinPath(folders[0]!.uri, ...parts);
}

function once<T>(event: vscode.Event<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, TIMEOUT);
    const listener = event((value) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}

function tree(): FactsTree {
  return api.views.factsTree;
}

function facts(): FactNode[] {
  return tree()
    .getChildren()
    .flatMap((status) => tree().getChildren(status) as FactNode[]);
}

function factNode(id: string): FactNode | undefined {
  return facts().find((f) => f.fact.id === id);
}

function claimLabels(node: FactNode): string[] {
  return (tree().getChildren(node) as ClaimNode[]).map((c) => String(tree().getTreeItem(c).label)).sort();
}

/** The fixture's state: a.md's essay date conflicts; b.md and c.txt disagree on first-week users. */
async function untilFixtureState(): Promise<void> {
  const settled = (): boolean => tree().conflictCount === 3 && (factNode('amodei.essay-date')?.claims.length ?? 0) === 2;
  await until([tree().onDidRefresh], settled, `the Facts view to show the fixture (conflicts: ${tree().conflictCount})`, () => tree().refresh());
}

suite('Fact Ledger views', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await api.ready;
    assert.ok(api.views?.factsTree, 'activate() exposes the views');
  });

  teardown(async function () {
    this.timeout(30_000);
    if (tree().conflictsOnly) await vscode.commands.executeCommand('factLedger.facts.showAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the Facts view groups facts by status, each with its claims and conflict markers', async () => {
    await untilFixtureState();
    const statuses = tree()
      .getChildren()
      .map((n) => (n as StatusNode).status);
    assert.deepEqual(statuses, ['verified', 'reported']);
    const verified = tree().getChildren(tree().getChildren()[0]) as FactNode[];
    assert.deepEqual(
      verified.map((f) => f.fact.id),
      ['amodei.essay-date'],
    );
    const essay = factNode('amodei.essay-date')!;
    assert.deepEqual(claimLabels(essay), ['articles/a.md:5', 'articles/b.md:1']);
    const factItem = tree().getTreeItem(essay);
    assert.equal(factItem.contextValue, 'fact');
    assert.match(String(factItem.description), /2025-01-29 · 2 claims · 1 conflict/);
    const claims = tree().getChildren(essay) as ClaimNode[];
    const inA = claims.find((c) => c.claim.path.endsWith('/a.md'))!;
    const inB = claims.find((c) => c.claim.path.endsWith('/b.md'))!;
    const itemA = tree().getTreeItem(inA);
    assert.match(String(itemA.description), /^1 月 30 日 → --01-30 · conflict, cross-conflict$/);
    assert.equal((itemA.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.equal((tree().getTreeItem(inB).iconPath as vscode.ThemeIcon).id, 'check');
    // A fact without a registry value still lists its claims.
    assert.deepEqual(claimLabels(factNode('r1.first-week-users')!), ['articles/b.md:3', 'articles/c.txt:1']);
  });

  test('a fact’s context actions open its registry entry and its fact sheet', async () => {
    await untilFixtureState();
    const essay = factNode('amodei.essay-date')!;
    await vscode.commands.executeCommand('factLedger.facts.editEntry', essay);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), file('facts.yaml').toString());
    assert.equal(editor?.document.getText(editor.selection), 'amodei.essay-date');
    await vscode.commands.executeCommand('factLedger.openFactSheet', essay);
    assert.equal(api.views.factSheet.last?.panel.title, 'Fact: amodei.essay-date');
  });

  test('while the Facts view is hidden a change updates its badge; the tree is rebuilt when asked for', async function () {
    this.timeout(60_000);
    await untilFixtureState();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await until([tree().view.onDidChangeVisibility], () => !tree().view.visible, 'the Facts view hidden');
    const document = await vscode.workspace.openTextDocument(file('articles', 'a.md'));
    const editor = await vscode.window.showTextDocument(document);
    try {
      // 960万美元 conflicts with the registry's training cost: a fourth conflicting claim.
      const at = document.getText().indexOf('560万美元');
      assert.ok(at >= 0);
      await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 3)), '960'));
      // Only the badge is brought up to date (asking for the tree's roots would rebuild it).
      await until([tree().onDidRefresh], () => tree().view.badge?.value === 4, `the badge at 4 (it is ${tree().view.badge?.value})`);
      assert.equal(tree().isStale, true, 'the hidden tree was rebuilt at the change');
      const cost = factNode('deepseek-v3.training-cost');
      assert.equal(tree().isStale, false);
      assert.ok(cost?.claims.some((c) => c.claim.problems.length > 0 && c.claim.figure.text.endsWith('960万美元')), `the rebuilt tree shows the new conflict: ${JSON.stringify(facts().map((f) => [f.fact.id, f.claims.map((c) => [c.claim.figure.text, c.claim.problems.length])]))}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await untilFixtureState();
  });

  test('the filter shows conflicting claims only, and the badge counts them', async () => {
    await untilFixtureState();
    assert.equal(tree().view.badge?.value, 3);
    await vscode.commands.executeCommand('factLedger.facts.showConflictsOnly');
    assert.equal(tree().conflictsOnly, true);
    assert.deepEqual(facts().map((f) => f.fact.id).sort(), ['amodei.essay-date', 'r1.first-week-users']);
    assert.deepEqual(claimLabels(factNode('amodei.essay-date')!), ['articles/a.md:5']);
    for (const fact of facts()) for (const claim of fact.claims) assert.ok(claim.claim.problems.length > 0);
    assert.equal(tree().view.badge?.value, 3, 'the badge counts every conflicting claim, filtered or not');
    await vscode.commands.executeCommand('factLedger.facts.showAll');
    assert.equal(tree().conflictsOnly, false);
    assert.equal(facts().length >= 4, true, `all facts are back: ${facts().map((f) => f.fact.id).join(', ')}`);
  });

  test('clicking a claim opens the article with the figure selected', async () => {
    await untilFixtureState();
    const claim = (tree().getChildren(factNode('amodei.essay-date')!) as ClaimNode[]).find((c) => c.claim.path.endsWith('/a.md'))!;
    const command = tree().getTreeItem(claim).command;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), file('articles', 'a.md').toString());
    assert.equal(editor.document.getText(editor.selection), '1 月 30 日');
  });

  test('the fact sheet opens with its title, a nonce-restricted CSP, no remote content, and the claims', async () => {
    await untilFixtureState();
    const registry = file('facts.yaml').toString();
    await vscode.commands.executeCommand('factLedger.openFactSheet', registry, 'amodei.essay-date');
    const sheet = api.views.factSheet.last;
    assert.ok(sheet);
    assert.equal(sheet.panel.title, 'Fact: amodei.essay-date');
    const html = sheet.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(csp, 'a CSP meta tag');
    const policy = csp[1]!;
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]{16,})';/.exec(policy)?.[1];
    assert.ok(nonce, `a nonce in: ${policy}`);
    assert.match(policy, /^default-src 'none'; img-src [^;]+ data:; style-src [^;]+; script-src 'nonce-[^']+';$/);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(policy));
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 2);
    for (const script of scripts) assert.ok(script.includes(`nonce="${nonce}"`), 'each script carries the nonce');
    assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handlers');
    // Outside the CSP, every URL is one of the extension's own media files.
    const rest = html.replace(csp[0], '');
    const urls = [...rest.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    assert.equal(urls.length, 3);
    for (const url of urls) assert.ok(url.startsWith(sheet.resourceRoot), `${url} is under ${sheet.resourceRoot}`);
    for (const m of rest.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'<>]+/g)) assert.ok(m[0].startsWith(sheet.resourceRoot), `no remote URL: ${m[0]}`);

    // The webview asks for its data once its script runs.
    await until([sheet.onDidUpdate], () => sheet.data !== undefined, 'the sheet to receive its data');
    const data = sheet.data!;
    assert.equal(data.id, 'amodei.essay-date');
    assert.equal(data.claims.length, 2);
    assert.deepEqual(data.claims.map((c) => c.conflict).sort(), [false, true]);
    const day = Math.floor(Date.UTC(2025, 0, 29) / 86400000);
    assert.deepEqual(data.interval, { min: day, max: day });
    assert.ok(data.claims.every((c) => c.kind === 'point'));
    assert.deepEqual(data.claims.map((c) => c.min).sort(), [day, day + 1]);
  });

  test('the fact sheet refuses messages about places it did not send, and opens those it did', async () => {
    await untilFixtureState();
    await vscode.commands.executeCommand('factLedger.openFactSheet', file('facts.yaml').toString(), 'amodei.essay-date');
    const sheet = api.views.factSheet.last!;
    await until([sheet.onDidUpdate], () => sheet.data !== undefined, 'the sheet to receive its data');
    const outside = file('facts.yaml').toString();
    assert.equal(await sheet.receive({ type: 'open', path: outside, line: 0, character: 0 }), false);
    assert.equal(await sheet.receive({ type: 'open', path: 'file:///etc/passwd', line: 0, character: 0 }), false);
    assert.equal(await sheet.receive({ type: 'open', path: { toString: () => outside } }), false);
    assert.equal(await sheet.receive({ type: 'openSource', url: 'command:workbench.action.quit' }), false);
    assert.equal(await sheet.receive({ type: 'openSource', url: 'https://example.com/not-a-source' }), false);
    assert.equal(await sheet.receive('open'), false);
    assert.notEqual(vscode.window.activeTextEditor?.document.uri.toString(), outside);

    const claim = sheet.data!.claims.find((c) => c.conflict)!;
    assert.equal(await sheet.receive({ type: 'open', path: claim.path, line: claim.line, character: claim.character }), true);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), claim.path);
    assert.equal(editor?.document.getText(editor.selection), '1 月 30 日');
  });

  test('a fact sheet comes back after a window reload from the state its page saved, checked first', async () => {
    await untilFixtureState();
    // What VS Code does on reload: a fresh panel of our view type, handed to the serializer with
    // the state the page stored (vscode.setState) — here built as the page would.
    const registry = file('facts.yaml').toString();
    const panel = vscode.window.createWebviewPanel('factLedger.factSheet', 'restored', vscode.ViewColumn.Active, {});
    const sheet = await api.views.factSheet.revive(panel, { registry, id: 'amodei.essay-date' });
    assert.ok(sheet, 'the sheet is revived');
    assert.equal(sheet.panel, panel);
    assert.equal(panel.title, 'Fact: amodei.essay-date');
    assert.equal(panel.webview.options.enableScripts, true);
    const media = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'media');
    assert.deepEqual(panel.webview.options.localResourceRoots?.map(String), [media.toString()]);
    await until([sheet.onDidUpdate], () => sheet.data !== undefined, 'the revived sheet to receive its data');
    assert.equal(sheet.data!.id, 'amodei.essay-date');
    assert.equal(sheet.data!.claims.length, 2);
    assert.match(sheet.html, /Content-Security-Policy/);
    sheet.panel.dispose();

    // A state that is not ours (the page is untrusted content) closes the panel instead.
    for (const state of [undefined, 'amodei.essay-date', { registry: 'command:workbench.action.quit', id: 'amodei.essay-date' }, { registry, id: '<script>' }]) {
      const bad = vscode.window.createWebviewPanel('factLedger.factSheet', 'restored', vscode.ViewColumn.Active, {});
      let disposed = false;
      bad.onDidDispose(() => (disposed = true));
      assert.equal(await api.views.factSheet.revive(bad, state), undefined, `state ${JSON.stringify(state)} is refused`);
      assert.ok(disposed, `the panel of state ${JSON.stringify(state)} is closed`);
    }
  });

  test('an open fact sheet follows live edits of the articles', async () => {
    await untilFixtureState();
    await vscode.commands.executeCommand('factLedger.openFactSheet', file('facts.yaml').toString(), 'amodei.essay-date');
    const sheet = api.views.factSheet.last!;
    await until([sheet.onDidUpdate], () => sheet.data !== undefined, 'the sheet to receive its data');
    const conflicts = (): number => sheet.data?.claims.filter((c) => c.conflict).length ?? -1;
    assert.equal(conflicts(), 1);
    const document = await vscode.workspace.openTextDocument(file('articles', 'a.md'));
    const at = document.getText().indexOf('1 月 30 日');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + '1 月 30 日'.length)), '1 月 29 日');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await until([sheet.onDidUpdate], () => conflicts() === 0, 'the sheet to drop the conflict');
    } finally {
      // Back to the text on disk, and saved, so that no dirty buffer is left.
      const back = new vscode.WorkspaceEdit();
      back.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + '1 月 29 日'.length)), '1 月 30 日');
      assert.ok(await vscode.workspace.applyEdit(back));
      assert.ok(await document.save());
    }
    await until([sheet.onDidUpdate], () => conflicts() === 1, 'the conflict to come back');
  });

  test('the language status item counts the file’s figures and conflicts; its command reveals a figure', async () => {
    await untilFixtureState();
    const a = file('articles', 'a.md');
    const document = await vscode.workspace.openTextDocument(a);
    await vscode.window.showTextDocument(document);
    const status = api.views.languageStatus;
    await until([status.onDidUpdate], () => status.item.text === '3 figures · 2 linked · 1 conflict', `the language status (has "${status.item.text}")`, () => status.update());
    assert.equal(status.item.severity, vscode.LanguageStatusSeverity.Warning);
    assert.equal(status.item.command?.command, 'factLedger.showFileClaims');

    const shown = once(status.onDidShowPick, 'the quick pick of the file’s figures');
    const chosen = status.showFileClaims(a);
    const pick = await shown;
    assert.deepEqual(
      pick.items.map((i) => i.label),
      ['约为560万美元', '1 月 30 日', '数百万人'],
    );
    const target = pick.items[1]!;
    assert.match(target.description ?? '', /--01-30/);
    assert.match(target.detail ?? '', /amodei\.essay-date/);
    // Down once, as a user would; the editor follows the highlighted figure, Enter selects it.
    const highlighted = until([pick.onDidChangeActive], () => pick.activeItems[0]?.label === target.label, 'the second figure to be highlighted');
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await highlighted;
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal((await chosen)?.label, '1 月 30 日');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), a.toString());
    assert.equal(editor.document.getText(editor.selection), '1 月 30 日');

    const b = await vscode.workspace.openTextDocument(file('articles', 'b.md'));
    await vscode.window.showTextDocument(b);
    await until([status.onDidUpdate], () => status.item.text === '2 figures · 2 linked · 1 conflict', `the status for b.md (has "${status.item.text}")`, () => status.update());
  });
});
