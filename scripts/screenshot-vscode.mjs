#!/usr/bin/env node
// Takes a PNG screenshot of VS Code (the cached code-server, 1400x900, headless
// Chromium) with our extension loaded and a folder open, optionally with a file
// open in the editor. Used for the README.
//
// Usage: node scripts/screenshot-vscode.mjs --out <file.png>
//          [--folder <dir>]                  default test/fixtures/workspace
//          [--open <file>]                   path relative to --folder
//          [--vsix <file.vsix>]              install this instead of loading the
//                                            repository as a development extension
//          [--wait-for <css selector>]       extra element to wait for in the DOM, e.g. the
//                                            extension's decorations:
//                                            '.monaco-editor [class*="ced-"]'
//          [--locale <zh-cn|zh-tw>]          VS Code's display language (extensions' own strings follow it)
//          [--problems]                      open the Problems panel
//          [--hover <text>]                  hover the mouse over this text in the editor
//          [--command <id> [--args <json>]]  run a command through a keybinding, so that it can
//                                            take an argument: <json> is passed as its one
//                                            argument; repeat --command (and --args, by position;
//                                            '' for none) to press them one after the other
//          [--reload]                        reload the window at the end (then --wait-for-webview again)
//          [--wait-for-webview <selector>]   after the commands, wait for this element inside the
//                                            active webview (e.g. a fact sheet's 'svg.chart')
//          [--timeout <ms>]                  per wait, default 60000
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, installExtension, launchChromium, makeScratchDir, remoteUri, startCodeServer } from './lib/code-server.mjs';
import { provision } from './provision-vscode.mjs';
import { installLanguagePack } from './lib/language-pack.mjs';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    folder: { type: 'string', default: path.join(ROOT, 'test', 'fixtures', 'workspace') },
    open: { type: 'string' },
    vsix: { type: 'string' },
    'wait-for': { type: 'string' },
    problems: { type: 'boolean', default: false },
    hover: { type: 'string' },
    command: { type: 'string', multiple: true, default: [] },
    args: { type: 'string', multiple: true, default: [] },
    locale: { type: 'string' },
    'wait-for-webview': { type: 'string' },
    reload: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '60000' },
  },
});
if (!values.out) {
  console.error('usage: screenshot-vscode.mjs --out <file.png> [--folder <dir>] [--open <file>] [--vsix <file>] [--wait-for <selector>]');
  process.exit(2);
}
const timeout = Number(values.timeout);
const folder = path.resolve(values.folder);
const out = path.resolve(values.out);

provision();
const scratchDir = makeScratchDir('screenshot');
if (values.vsix) installExtension({ scratchDir, vsix: values.vsix });
// VS Code switches its display language only with a language pack for it installed.
if (values.locale) await installLanguagePack({ scratchDir, locale: values.locale });
// --command: one keybinding per command (Ctrl+Alt+Shift+F1, F2, …), with its arguments.
const commandKeys = values.command.map((command, i) => {
  const key = `F${i + 1}`;
  const binding = { key: `ctrl+alt+shift+${key.toLowerCase()}`, command };
  const raw = values.args[i];
  if (raw !== undefined && raw !== '') binding.args = JSON.parse(raw);
  return { command, key, binding };
});
if (values.reload) commandKeys.push({ command: 'workbench.action.reloadWindow', key: 'F12', binding: { key: 'ctrl+alt+shift+f12', command: 'workbench.action.reloadWindow' }, reload: true });
if (commandKeys.length > 0) {
  if (commandKeys.length > 12) throw new Error('at most 11 --command options (12 with --reload)');
  const userDir = path.join(scratchDir, 'user-data', 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(path.join(userDir, 'keybindings.json'), JSON.stringify(commandKeys.map((c) => c.binding), null, 2));
}
// The workbench only honours an extensionDevelopmentPath payload with the
// smoke-test driver enabled (it then titles the window "[Extension Development Host]").
const server = await startCodeServer({
  scratchDir,
  args: [...(values.vsix ? [] : ['--vscode-option', 'enable-smoke-test-driver']), ...(values.locale ? ['--locale', values.locale] : [])],
});
let context;
try {
  context = await launchChromium(scratchDir);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1400, height: 900 });

  const payload = [];
  if (!values.vsix) payload.push(['extensionDevelopmentPath', remoteUri(server.port, ROOT)]);
  if (values.open) payload.push(['openFile', remoteUri(server.port, path.join(folder, values.open))]);
  const query = new URLSearchParams({ folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  await page.goto(`${server.url}/?${query}`, { timeout });

  // The workbench is up once the explorer lists the folder's files.
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout });
  if (values.open) {
    const name = path.basename(values.open);
    await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).waitFor({ timeout });
    await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ timeout });
    // Language support comes from extensions, which start after the editor
    // shows the file: wait until the status bar names a language (for files
    // that are not plain text), so that the text is highlighted.
    if (path.extname(name) !== '.txt') {
      const mode = page.locator('[id="status.editor.mode"]');
      await mode.filter({ hasNotText: 'Plain Text' }).waitFor({ timeout });
    }
  }
  // 'attached', not 'visible': decoration spans may be empty (zero-sized).
  if (values['wait-for']) await page.locator(values['wait-for']).first().waitFor({ state: 'attached', timeout });
  if (values.problems) {
    await page.locator('.editor-instance .monaco-editor').first().click({ position: { x: 400, y: 5 } });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout });
  }
  if (values.hover) {
    // The innermost span holding the text (decorations give a figure a span of its own).
    const target = page.locator('.editor-instance .view-lines span', { hasText: values.hover }).last();
    await target.scrollIntoViewIfNeeded({ timeout });
    const box = await target.boundingBox();
    if (!box) throw new Error(`"${values.hover}" is not visible in the editor`);
    // Two small moves: the editor starts its hover timer on mouse movement.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
    await page.locator('.monaco-hover .hover-contents').first().waitFor({ timeout });
    // Links and codicons inside the hover render a moment after its frame.
    await page.locator('.monaco-hover .rendered-markdown').first().waitFor({ timeout });
  }
  for (const { command, key, reload } of commandKeys) {
    if (reload) continue;
    await page.keyboard.press(`Control+Alt+Shift+${key}`);
    console.log(`[screenshot] ran ${command}`);
  }
  const waitForWebview = async () => {
    // A webview is an iframe (class "webview ready") holding the page in another iframe.
    const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    await frame.locator(values['wait-for-webview']).first().waitFor({ state: 'attached', timeout });
  };
  if (values['wait-for-webview']) await waitForWebview();
  if (values.reload) {
    // A window reload through VS Code's own command (Ctrl+Alt+Shift+F12, bound below), which
    // shuts the workbench down properly — saving which editors and webviews are open — first.
    // What comes back (editors, webviews through their serializers) is shot.
    await Promise.all([page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout }), page.keyboard.press('Control+Alt+Shift+F12')]);
    await page.locator('.monaco-workbench').waitFor({ timeout });
    console.log('[screenshot] reloaded the window');
    if (values['wait-for-webview']) await waitForWebview().catch(async (error) => {
      await page.screenshot({ path: out.replace(/\.png$/, '.failed.png') });
      throw error;
    });
  }
  await page.evaluate(() => document.fonts.ready);

  mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, timeout });
  console.log(`[screenshot] saved ${path.relative(process.cwd(), out)}`);
} catch (error) {
  console.error(`[screenshot] FAILED: ${error.message}\n[code-server output]\n${server.output()}`);
  process.exitCode = 1;
} finally {
  await context?.close().catch(() => {});
  await server.stop();
}
