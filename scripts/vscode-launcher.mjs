#!/usr/bin/env node
// Stands in for a VS Code executable, so that @vscode/test-electron's
// runTests({ vscodeExecutablePath: 'scripts/vscode-launcher.mjs', ... }) runs
// extension tests in real VS Code where the desktop build cannot be downloaded:
// it starts the cached code-server (VS Code 1.139 for the browser), opens the
// workbench in headless Chromium with the extension-test payload, streams the
// test output to stdout and exits with the tests' exit code.
//
// Understood arguments (the rest of what test-electron passes is ignored):
//   --extensionDevelopmentPath=<dir>   (repeatable)
//   --extensionTestsPath=<file or dir> (module exporting run(): Promise<void>)
//   --extensionDevelopmentKind=web     run the extension (and the tests) in the web worker
//   --locale=zh-cn|zh-tw               display language (installs a test language pack first)
//   --fact-ledger-untrusted            workspace trust on and the folder not trusted (Restricted Mode)
//                                      extension host, as in vscode.dev, instead of the Node one
//   <path>                             folder to open
// The tests run in code-server's Node extension host, a remote one as under
// Remote-SSH (workspace URIs are file: URIs); UI-side services such as the
// clipboard, native dialogs or opening external links are the browser's.
// With --extensionDevelopmentKind=web they run in the browser's web worker
// extension host instead (workspace URIs are vscode-remote: URIs there).
// The workbench's own log files of the last run are kept in .vscode-test/logs/last-run/.
// FACT_LEDGER_VSCODE_TIMEOUT_MS bounds the whole run (default 10 minutes).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { CACHE_DIR, launchChromium, makeScratchDir, remoteUri, startCodeServer } from './lib/code-server.mjs';
import { installLanguagePack } from './lib/language-pack.mjs';

const TEST_TIMEOUT_MS = Number(process.env.FACT_LEDGER_VSCODE_TIMEOUT_MS ?? 10 * 60_000);
const LOG_DIR = path.join(CACHE_DIR, 'logs', 'last-run');
// Errors the workbench logs because it is offline on purpose (no marketplace, no GitHub sign-in):
// with a display language other than English it asks the marketplace for every built-in
// extension's translations. They say nothing about the tests; the full logs are in LOG_DIR.
const OFFLINE_NOISE = [/^No extension gallery service configured\./, /^Timed out waiting for authentication provider 'github'/];

// Restricted Mode without a dialog: trust on, no start-up prompt (an untrusted folder then opens
// restricted), and nothing trusted by default.
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
};

function parseArgs(argv) {
  const options = { developmentPaths: [], testsPath: undefined, developmentKind: undefined, locale: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inlineValue] = arg.startsWith('--') ? splitOnce(arg, '=') : [arg, undefined];
    const value = () => inlineValue ?? argv[++i];
    if (flag === '--extensionDevelopmentPath') options.developmentPaths.push(path.resolve(value()));
    else if (flag === '--extensionTestsPath') options.testsPath = path.resolve(value());
    else if (flag === '--extensionDevelopmentKind') options.developmentKind = value();
    else if (flag === '--locale') options.locale = value();
    else if (flag === '--fact-ledger-untrusted') options.untrusted = true;
    else if (!arg.startsWith('-')) options.folder = path.resolve(arg);
  }
  if (!options.testsPath || options.developmentPaths.length === 0) {
    throw new Error('usage: vscode-launcher.mjs --extensionDevelopmentPath=<dir> --extensionTestsPath=<path> [folder]');
  }
  return options;
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Saves the workbench's log files (handed over with the exit code) for post-mortems. */
function saveLogs(logs) {
  rmSync(LOG_DIR, { recursive: true, force: true });
  for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
    const file = path.join(LOG_DIR, relativePath);
    if (!file.startsWith(LOG_DIR + path.sep)) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

/**
 * For --extensionDevelopmentKind: the user setting `remote.extensionKind` for each extension under
 * development. The payload's `extensionDevelopmentKind` (passed on as well) is read by VS Code's
 * browser workbench but not used to place extensions (1.139: the extension service asks for
 * `extensionDevelopmentKind`, the browser environment only has `extensionDevelopmentLocationKind`),
 * so the setting, which the workbench does honour, is what moves them to that extension host.
 */
function extensionKindSettings({ developmentKind, developmentPaths }) {
  if (!developmentKind) return {};
  const kinds = {};
  for (const dir of developmentPaths) {
    const { publisher, name } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    kinds[`${publisher}.${name}`] = [developmentKind];
  }
  return { 'remote.extensionKind': kinds };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // test-electron does not pass on a SIGTERM or SIGKILL it gets itself (e.g.
  // from `timeout`): once our parent is gone, shut down through the SIGTERM handler.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.kill(process.pid, 'SIGTERM'), 1000).unref();
  const scratchDir = makeScratchDir('test');
  // VS Code switches its display language only with a language pack for it installed.
  if (options.locale) await installLanguagePack({ scratchDir, locale: options.locale });
  // `enable-smoke-test-driver` makes the workbench honour the test payload and
  // report through window.codeAutomationExit / codeAutomationLog.
  const server = await startCodeServer({
    scratchDir,
    args: ['--vscode-option', 'enable-smoke-test-driver', ...(options.locale ? ['--locale', options.locale] : [])],
    userSettings: { ...extensionKindSettings(options), ...(options.untrusted ? UNTRUSTED_SETTINGS : {}) },
    workspaceTrust: Boolean(options.untrusted),
  });
  let context;
  try {
    context = await launchChromium(scratchDir);
    const page = context.pages()[0] ?? (await context.newPage());

    let finish, fail;
    const exitCode = new Promise((resolve, reject) => ((finish = resolve), (fail = reject)));
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      saveLogs(logs);
      finish(typeof code === 'number' ? code : 1);
    });
    // The workbench's log, which in test mode includes the extension host's
    // console (mocha's reporter), as printf-style argument lists.
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (OFFLINE_NOISE.some((re) => re.test(text))) return;
      (level === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    page.on('crash', () => fail(new Error('the workbench page crashed')));
    page.on('pageerror', (error) => console.error(`[workbench] ${error.message}`));

    const payload = [
      ...options.developmentPaths.map((dir) => ['extensionDevelopmentPath', remoteUri(server.port, dir)]),
      ['extensionTestsPath', remoteUri(server.port, options.testsPath)],
      // The workbench reads one kind ("ui", "workspace" or "web") for the extensions under development.
      ...(options.developmentKind ? [['extensionDevelopmentKind', options.developmentKind]] : []),
    ];
    const query = new URLSearchParams({ payload: JSON.stringify(payload) });
    if (options.folder) query.set('folder', options.folder);
    await page.goto(`${server.url}/?${query}`, { timeout: 60_000 });

    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`tests did not finish within ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
    });
    const code = await Promise.race([exitCode, timeout]).finally(() => clearTimeout(timer));
    return code;
  } catch (error) {
    console.error(`[vscode-launcher] ${error.message}\n[code-server output]\n${server.output()}`);
    return 1;
  } finally {
    await context?.close().catch(() => {});
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[vscode-launcher] ${error.stack ?? error}`);
    process.exit(1);
  },
);
