// "Never crashes, never loses data, untrusted workspaces stay safe", in a real VS Code.
// Each test asserts what would go wrong without its guard: a stale fix written over a colleague's
// change, a user's unsaved text saved for them, a registry rewritten instead of edited, a command
// link or HTML from an article run or rendered, a file outside the workspace read, a 50 MB file
// analysed. Every wait is on an event or a condition with a timeout — never a fixed sleep.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { TIMEOUT, codeOf, hoverText, ours, pristine, restoreFiles, waitForDiagnostics, waitForText, workspaceFile } from './helpers';
import { singleEdit } from '../../src/core/registryGuard';
import { enabledCommands, until } from './web/helpers';

const EXTENSION_ID = 'fact-ledger.fact-ledger';

interface Notice {
  level: 'information' | 'warning' | 'error';
  message: string;
}
interface Api {
  ready: Promise<void>;
  model: {
    registryState(uri: vscode.Uri): { text: string } | undefined;
    analysis(uri: vscode.Uri): { figures: { text: string; span: { start: number } }[] } | undefined;
    skipReason(uri: vscode.Uri): string | undefined;
    onDidChange: vscode.Event<void>;
  };
  views: { languageStatus: { item: vscode.LanguageStatusItem; onDidUpdate: vscode.Event<void>; update(): void } };
  reliability: { onDidNotify: vscode.Event<Notice>; simulateRestrictedMode(on: boolean): void };
}

let api: Api;
const file = workspaceFile;
/** Fact Ledger's quick fixes (Markdown's own actions are there too). */
const FIX_TITLE = /^(Add a fact for|Link "|Ignore "|Use the registry)/;

/** Every message Fact Ledger shows from now on, until disposed. */
function recordNotices(): { notices: Notice[]; next(match: RegExp): Promise<Notice>; dispose(): void } {
  const notices: Notice[] = [];
  const emitter = new vscode.EventEmitter<void>();
  const listener = api.reliability.onDidNotify((n) => {
    notices.push(n);
    emitter.fire();
  });
  return {
    notices,
    async next(match) {
      await until([emitter.event], () => notices.some((n) => match.test(n.message)), `a message like ${match}; have: ${JSON.stringify(notices)}`);
      return notices.find((n) => match.test(n.message))!;
    },
    dispose() {
      listener.dispose();
      emitter.dispose();
    },
  };
}

function untilModelHas(uri: vscode.Uri, text: string): Promise<void> {
  return until([api.model.onDidChange], () => api.model.registryState(uri)?.text === text, `the model to read ${uri.path}`);
}

async function codeActionsAt(uri: vscode.Uri, needle: string): Promise<vscode.CodeAction[]> {
  const document = await vscode.workspace.openTextDocument(uri);
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${uri.path}`);
  await until([api.model.onDidChange], () => (api.model.analysis(uri)?.figures.length ?? 0) > 0, `figures in ${uri.path}`);
  const range = new vscode.Range(document.positionAt(at), document.positionAt(at + 1));
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
}

async function addFactAction(uri: vscode.Uri, needle: string): Promise<vscode.Command> {
  const actions = await codeActionsAt(uri, needle);
  const add = actions.find((a) => a.title.startsWith('Add a fact for'));
  assert.ok(add?.command, `an "Add a fact" fix at ${needle}: ${actions.map((a) => a.title).join(' | ')}`);
  return add.command;
}

function run(command: vscode.Command): Thenable<unknown> {
  return vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}

async function hoverAt(uri: vscode.Uri, needle: string, delta = 1): Promise<vscode.Hover[]> {
  const document = await vscode.workspace.openTextDocument(uri);
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${uri.path}`);
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(at + delta));
}

/** The commands a hover's Markdown may run: none unless its isTrusted lists them. */
suite('Reliability: registry writes, Restricted Mode, hostile content, large files', () => {
  const registry = (): vscode.Uri => file('newsroom', 'facts.yaml');
  const story = (): vscode.Uri => file('newsroom', 'story.md');
  const restored = ['facts.yaml', 'newsroom/facts.yaml', 'newsroom/story.md', 'hostile/facts.yaml', 'hostile/article.md', 'articles/a.md'];
  let snapshots: Map<string, string | null>;
  let outsideDir: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await api.ready;
    snapshots = new Map();
    for (const name of restored) snapshots.set(file(...name.split('/')).toString(), await pristine(...name.split('/')));
    // A file outside the workspace that the hostile registry's annotations try to reach.
    outsideDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fact-ledger-outside-'));
    await fs.writeFile(path.join(outsideDir, 'secret.md'), 'root:x:0:0 Evilcorp has 300 users.\n');
    await restoreFiles(snapshots);
    await untilModelHas(registry(), snapshots.get(registry().toString())!);
  });

  teardown(async function () {
    this.timeout(30_000);
    api.reliability.simulateRestrictedMode(false);
    await restoreFiles(snapshots);
    await untilModelHas(registry(), snapshots.get(registry().toString())!);
  });

  suiteTeardown(async () => {
    await fs.rm(file('hostile', 'outside.md').fsPath, { force: true });
    await fs.rm(outsideDir, { recursive: true, force: true });
  });

  test('a fix offered before facts.yaml changed on disk is refused: the other change stays, nothing is written', async () => {
    const before = await fs.readFile(registry().fsPath, 'utf8');
    const fix = await addFactAction(story(), '12个国家');
    // A colleague's change lands on disk after the light bulb was shown.
    const theirs = before.replace('status: reported     # awaiting the annual report', 'status: disputed     # the union says 11,000');
    assert.notEqual(theirs, before);
    await fs.writeFile(registry().fsPath, theirs);
    await untilModelHas(registry(), theirs);
    const notices = recordNotices();
    try {
      assert.equal(await run(fix), undefined, 'the fix does not report a new fact');
      const notice = await notices.next(/changed since this fix was offered; nothing was written/);
      assert.equal(notice.level, 'warning');
    } finally {
      notices.dispose();
    }
    assert.equal(await fs.readFile(registry().fsPath, 'utf8'), theirs, 'facts.yaml is exactly as the colleague left it');
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === registry().toString());
    assert.ok(!open?.isDirty, 'no unsaved change was left behind either');
    // Offered anew, the fix works on the new text.
    const again = await addFactAction(story(), '12个国家');
    const id = await run(again);
    assert.equal(typeof id, 'string');
    const after = await fs.readFile(registry().fsPath, 'utf8');
    assert.ok(after.includes('status: disputed     # the union says 11,000') && after.includes(`  ${String(id)}:`), 'both changes are on disk');
  });

  test('a registry with unsaved edits gets the fix in the editor only: the user’s text is kept and nothing is saved', async () => {
    const before = await fs.readFile(registry().fsPath, 'utf8');
    const document = await vscode.workspace.openTextDocument(registry());
    const editor = await vscode.window.showTextDocument(document);
    // Half-typed work where the fix will insert its fact: at the end of the facts block.
    const mine = '  # TODO(desk): the factory count needs a second source — not saved yet\n';
    const at = document.getText().indexOf('\n# Figures the desk');
    assert.ok(at > 0);
    await editor.edit((e) => e.insert(document.positionAt(at), mine));
    assert.ok(document.isDirty);
    const withMine = document.getText();
    await untilModelHas(registry(), withMine);
    const notices = recordNotices();
    let id: unknown;
    try {
      id = await run(await addFactAction(story(), '12个国家'));
      assert.equal(typeof id, 'string', 'the fact was added');
      await notices.next(/has unsaved changes of yours, so Fact Ledger made its change in the editor without saving/);
    } finally {
      notices.dispose();
    }
    assert.ok(document.getText().includes(mine), 'the user’s unsaved text is still in the editor');
    assert.ok(document.getText().includes(`  ${String(id)}:`), 'the fix is in the editor');
    assert.ok(document.isDirty, 'still unsaved: the user decides when to save');
    assert.equal(await fs.readFile(registry().fsPath, 'utf8'), before, 'nothing was saved for the user: the file on disk is untouched');
    // Undo takes out the fix and only the fix.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitForText(document, (t) => !t.includes(`  ${String(id)}:`), 'undo of the fix');
    assert.equal(document.getText(), withMine, 'Undo restores the user’s text exactly');
  });

  test('a fix on a real-world-shaped registry edits it in place: comments, blank lines, quoting, block scalars and the missing final newline stay; one Undo restores it exactly', async () => {
    const before = await fs.readFile(registry().fsPath, 'utf8');
    const id = await run(await addFactAction(story(), '12个国家'));
    assert.equal(typeof id, 'string');
    const after = await fs.readFile(registry().fsPath, 'utf8');
    const change = singleEdit(before, after);
    assert.equal(change.span.start, change.span.end, 'the fix only inserts: nothing of the file is rewritten');
    assert.match(change.newText, new RegExp(`^  ${String(id).replace(/\./g, '\\.')}:\\n`));
    for (const kept of ["  'globex.revenue-2025':   # quoted key", '    claim: >-\n      Globex\'s revenue', '      - [Globex, "环球"]   # the Chinese press name', '"Globex Annual Report 2025: \\"Growth\\""', '\n\n\n  globex.staff:']) {
      assert.ok(after.includes(kept), `kept: ${kept}`);
    }
    assert.ok(after.endsWith('# end of registry (no newline at the end)'), 'still no newline at the end');
    // Link a figure: a term added inside a quoted flow list, nothing else touched.
    const linked = await vscode.commands.executeCommand<string>('factLedger.linkToFact', story().toString(), (await vscode.workspace.openTextDocument(story())).getText().indexOf('12个国家'), 'globex.staff');
    assert.equal(linked, 'globex.staff');
    const afterLink = await fs.readFile(registry().fsPath, 'utf8');
    const linkChange = singleEdit(after, afterLink);
    assert.equal(linkChange.span.start, linkChange.span.end, 'linking only inserts');
    assert.ok(!linkChange.newText.includes('\n'), `one line changed: ${JSON.stringify(linkChange.newText)}`);
    assert.match(afterLink, /\n {6}- \["董事会", [^\]\n]+\]\n/, 'the quoted term keeps its quotes');
    // One Undo per write, each back to the exact text before it.
    const document = await vscode.workspace.openTextDocument(registry());
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitForText(document, (t) => t === after, 'undo of the link');
    await vscode.commands.executeCommand('undo');
    await waitForText(document, (t) => t === before, 'undo of the new fact');
    assert.equal(document.getText(), before);
  });

  test('a registry with Windows line ends keeps them through a fix', async () => {
    const crlf = (await fs.readFile(registry().fsPath, 'utf8')).replace(/\n/g, '\r\n');
    await fs.writeFile(registry().fsPath, crlf);
    await untilModelHas(registry(), crlf);
    const id = await run(await addFactAction(story(), '12个国家'));
    assert.equal(typeof id, 'string', 'the fix was applied, not refused');
    const after = await fs.readFile(registry().fsPath, 'utf8');
    const change = singleEdit(crlf, after);
    assert.equal(change.span.start, change.span.end, 'the fix only inserts');
    assert.ok(change.newText.includes(`  ${String(id)}:\r\n`), 'the new entry has Windows line ends');
    assert.ok(!/[^\r]\n/.test(after), 'no bare line feed anywhere');
    // Back to line feeds, so that the teardown's restore (an edit, which takes the document's line ends) gives the fixture's text.
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(registry()));
    await editor.edit((e) => e.setEndOfLine(vscode.EndOfLine.LF));
    assert.ok(await editor.document.save());
  });

  test('in Restricted Mode no fix can be applied, writing commands refuse with a message, and hovers run no command', async () => {
    const before = await fs.readFile(registry().fsPath, 'utf8');
    const trustedHover = await hoverAt(file('articles', 'a.md'), '1 月 30 日');
    assert.ok(enabledCommands(trustedHover).length > 0, 'trusted: the hover offers Fact Ledger’s commands');
    assert.ok(enabledCommands(trustedHover).every((c) => c.startsWith('factLedger.')), 'only Fact Ledger’s own commands');
    assert.ok((await codeActionsAt(story(), '12个国家')).filter((a) => FIX_TITLE.test(a.title)).length >= 2, 'trusted: the fixes are offered');
    api.reliability.simulateRestrictedMode(true);
    // They are still listed in the light bulb, disabled with the reason; vscode.executeCodeActionProvider
    // returns enabled actions only, so here none is left.
    const actions = (await codeActionsAt(story(), '12个国家')).filter((a) => FIX_TITLE.test(a.title));
    assert.deepEqual(actions.map((a) => a.title), [], 'no fix can be applied');
    const notices = recordNotices();
    try {
      const offset = (await vscode.workspace.openTextDocument(story())).getText().indexOf('12个国家');
      assert.equal(await vscode.commands.executeCommand('factLedger.addFact', story().toString(), offset), undefined);
      assert.equal(await vscode.commands.executeCommand('factLedger.newFact', { id: 'restricted.fact', unit: 'count', match: [['x']], status: 'reported' }, registry().toString()), undefined);
      await until([api.reliability.onDidNotify], () => notices.notices.filter((n) => /untrusted workspace/.test(n.message)).length >= 2, 'both refusals');
    } finally {
      notices.dispose();
    }
    assert.equal(await fs.readFile(registry().fsPath, 'utf8'), before, 'nothing was written');
    const hovers = await hoverAt(file('articles', 'a.md'), '1 月 30 日');
    const text = hoverText(hovers);
    assert.match(text, /amodei\\?\.essay\\?-date/, 'the hover still informs');
    assert.deepEqual(enabledCommands(hovers), [], 'no command may run from a hover');
    assert.ok(!text.includes('command:'), `no command links: ${text}`);
  });

  test('a hostile article and registry render as text: no HTML, no command or javascript: links, and the hand link is told', async () => {
    const article = file('hostile', 'article.md');
    const hovers = await hoverAt(article, '300 users');
    const text = hoverText(hovers);
    assert.match(text, /hostile\\?\.users/, `the figure links to the hostile fact: ${text}`);
    assert.ok(text.includes("\\<script\\>alert\\(\\'claim\\'\\)\\</script\\>"), `the claim's HTML is escaped: ${text}`);
    assert.ok(!/(^|[^\\])</.test(text), 'no unescaped "<" anywhere');
    assert.ok(!/\]\((command:(?!factLedger\.)|javascript:)/i.test(text), 'no link to another command or a javascript: URI');
    assert.ok(text.includes('\\$\\(trash\\)'), 'theme-icon syntax in a quote is escaped');
    assert.ok(!text.includes('workbench.action.files.delete)'), 'the hostile command is never a link target');
    for (const command of enabledCommands(hovers)) assert.match(command, /^factLedger\./);
    assert.ok(!enabledCommands(hovers).includes('workbench.action.files.delete'));
    // The annotation on the passage links the figure by hand, and the hover says by whom.
    assert.match(text, /Linked by hand \\\(\\<b\\>mallory\\<\/b\\>, 2026\\-11\\-01\\\)/, 'the hand link with its (escaped) author and date');
    assert.ok(text.includes('\\[run\\]\\(command\\:') || text.includes('\\[run\\]\\(command:'), 'the annotation note is text');
  });

  test('annotations that name files outside the registry’s folder, by path or through a symbolic link, are refused, not read', async () => {
    const hostile = file('hostile', 'facts.yaml');
    const link = file('hostile', 'outside.md');
    await fs.symlink(path.join(outsideDir, 'secret.md'), link.fsPath);
    const orphans = (ds: vscode.Diagnostic[]): vscode.Diagnostic[] => ds.filter((d) => codeOf(d) === 'orphaned-annotation');
    const diagnostics = await waitForDiagnostics(
      hostile,
      (ds) => orphans(ds).filter((d) => /not a path inside the registry’s folder/.test(d.message)).length === 2 && orphans(ds).some((d) => /symbolic link/.test(d.message)),
      'the refused annotations',
    );
    // Each of them quotes "root:x:0:0", which the files they name do contain: read, they would anchor.
    assert.equal(orphans(diagnostics).length, 3, diagnostics.map((d) => d.message).join('\n'));
    const listed = await vscode.commands.executeCommand<{ fact: string }[]>('factLedger.annotationsIn', link.toString());
    assert.deepEqual(listed, [], 'nothing is anchored in the linked file');
    // Nor is the link read as an article by the workspace scan.
    await until([api.model.onDidChange], () => /symbolic link/.test(api.model.skipReason(link) ?? ''), 'the link to be skipped as an article');
    assert.equal(api.model.analysis(link), undefined);
  });

  test('a registry glob pointing outside the workspace is refused with a message, and the default is used', async () => {
    const notices = recordNotices();
    const config = vscode.workspace.getConfiguration('factLedger');
    try {
      await config.update('registry.glob', '../**/facts.yaml', vscode.ConfigurationTarget.Workspace);
      await notices.next(/ignores settings that point outside the workspace: factLedger\.registry\.glob: \.\.\/\*\*\/facts\.yaml/);
      await until([api.model.onDidChange], () => api.model.registryState(file('facts.yaml')) !== undefined, 'the default registry glob to be used');
    } finally {
      notices.dispose();
      await config.update('registry.glob', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until([api.model.onDidChange], () => api.model.registryState(registry()) !== undefined && api.model.registryState(file('facts.yaml')) !== undefined, 'the registries after the rescan');
  });

  test('articles on disk in GBK and Big5 are read as Chinese, not skipped or garbled; a binary one is skipped', async () => {
    const files = [
      // 意大利有数百万人使用这款应用。 in GBK, and 意大利有數百萬人使用這款應用。 in Big5.
      { uri: file('legacy-gbk.txt'), hex: 'd2e2b4f3c0fbd3d0cafdb0d9cdf2c8cbcab9d3c3d5e2bfeed3a6d3c3a1a3', figure: '数百万' },
      { uri: file('legacy-big5.txt'), hex: 'b74ea46aa751a6b3bcc6a6cab855a448a8cfa5ceb36fb4dac0b3a5cea143', figure: '數百萬' },
    ];
    try {
      for (const f of files) {
        snapshots.set(f.uri.toString(), null);
        await fs.writeFile(f.uri.fsPath, Buffer.from(f.hex, 'hex'));
      }
      for (const f of files) {
        await until([api.model.onDidChange], () => (api.model.analysis(f.uri)?.figures ?? []).some((g) => g.text.includes(f.figure)), `the figure ${f.figure} of ${f.uri.path}`);
      }
      // The same article turned binary (a NUL byte, as in a corrupted copy) is skipped, and its old figures go.
      await fs.writeFile(files[0]!.uri.fsPath, Buffer.concat([Buffer.from(files[0]!.hex, 'hex'), Buffer.from([0, 1, 2, 0])]));
      await until([api.model.onDidChange], () => api.model.analysis(files[0]!.uri) === undefined && /binary/.test(api.model.skipReason(files[0]!.uri) ?? ''), 'the binary file to be skipped');
    } finally {
      for (const f of files) await fs.rm(f.uri.fsPath, { force: true });
    }
  });

  test('a 50 MB article is not analysed: one message, a language status note, and the editor stays responsive', async function () {
    this.timeout(180_000);
    // Plain text: VS Code's own Markdown extension, in the same extension host, takes tens of
    // seconds over 50 MB of Markdown (links, symbols) whatever Fact Ledger does.
    const big = file('big.txt');
    const line = 'Evilcorp 今年有300个用户，营收为38亿美元，较去年增长12%。\n';
    const size = 50 * 1024 * 1024;
    const chunk = line.repeat(Math.ceil(1024 * 1024 / Buffer.byteLength(line)));
    const handle = await fs.open(big.fsPath, 'w');
    try {
      for (let written = 0; written < size; written += Buffer.byteLength(chunk)) await handle.write(chunk);
    } finally {
      await handle.close();
    }
    snapshots.set(big.toString(), null);
    const notices = recordNotices();
    try {
      const t0 = Date.now();
      const document = await vscode.workspace.openTextDocument(big);
      await vscode.window.showTextDocument(document, { preview: false });
      const opened = Date.now() - t0;
      const notice = await notices.next(/does not check big\.txt: it is [\d.]+ MB, over the limit of 10 MB/);
      assert.equal(notice.level, 'warning');
      const status = api.views.languageStatus;
      await until([status.onDidUpdate], () => /not checked: .*maxFileSizeMB/.test(status.item.detail ?? ''), 'the language status note');
      // Hovers, light bulbs and edits on it answer at once and do not analyse it.
      const started = Date.now();
      const hovers = await hoverAt(big, '300个用户');
      assert.ok(!/Fact Ledger|unit: count/.test(hoverText(hovers)), 'no figure hover on a file not analysed');
      await codeActionsAt(file('articles', 'a.md'), '1 月 30 日');
      const answered = Date.now() - started;
      console.log(`[reliability] 50 MB file: opened in ${opened} ms (VS Code's own sync to the extension host), hover on it + code actions elsewhere in ${answered} ms`);
      assert.ok(answered < 5_000, `answered in ${answered} ms`);
      assert.equal(api.model.analysis(big), undefined);
      assert.deepEqual(ours(big), []);
      await vscode.commands.executeCommand('vscode.executeHoverProvider', big, new vscode.Position(1, 5));
      assert.equal(notices.notices.filter((n) => /does not check big\.txt/.test(n.message)).length, 1, 'told once');
      assert.match(api.model.skipReason(big) ?? '', /over the limit/);
    } finally {
      notices.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await fs.rm(big.fsPath, { force: true });
    }
  });
});
