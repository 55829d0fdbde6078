// Runs the bundled integration tests (out/test/integration/) in real VS Code
// with the fixture workspace open, through @vscode/test-electron.
//
// Default: VS Code 1.139 as code-server in headless Chromium, provisioned into
// .vscode-test/ on first use (see scripts/provision-vscode.mjs) and started by
// scripts/vscode-launcher.mjs, which test-electron runs as if it were VS Code.
// FACT_LEDGER_VSCODE=download: test-electron downloads desktop VS Code itself
// (needs network access to VS Code's update servers and a display, e.g. xvfb-run).
//
// FACT_LEDGER_EXTENSION_KIND=web: runs the web suite (out/test/integration/web/index.js) with the
// extension in the web worker extension host (package.json `browser`, as in vscode.dev) instead
// of the Node suite in the Node extension host.
//
// FACT_LEDGER_LOCALE=zh-cn|zh-tw: runs the Chinese UI suite (out/test/integration/l10n[-web]/)
// with VS Code in that display language (the launcher installs a language pack for it).
//
// FACT_LEDGER_UNTRUSTED=1: runs the Restricted Mode suite (out/test/integration/untrusted/) in a
// workspace VS Code does not trust.
//
// Build first: node scripts/build.mjs && node scripts/build-integration-tests.mjs
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kind = process.env.FACT_LEDGER_EXTENSION_KIND ?? 'node';
if (kind !== 'node' && kind !== 'web') {
  console.error(`FACT_LEDGER_EXTENSION_KIND must be "node" (default) or "web", not "${kind}"`);
  process.exit(1);
}
const web = kind === 'web';
const locale = process.env.FACT_LEDGER_LOCALE;
if (locale !== undefined && locale !== 'zh-cn' && locale !== 'zh-tw') {
  console.error(`FACT_LEDGER_LOCALE must be "zh-cn" or "zh-tw", not "${locale}"`);
  process.exit(1);
}
// FACT_LEDGER_UNTRUSTED=1: the Restricted Mode suite, with workspace trust on and the folder not trusted.
const untrusted = process.env.FACT_LEDGER_UNTRUSTED === '1';
if (untrusted && (locale || web)) {
  console.error('FACT_LEDGER_UNTRUSTED runs its own suite in the Node extension host, in English: leave out FACT_LEDGER_LOCALE and FACT_LEDGER_EXTENSION_KIND');
  process.exit(1);
}
const suiteDir = untrusted ? 'untrusted' : locale ? (web ? 'l10n-web' : 'l10n') : web ? 'web' : undefined;
const extensionTestsPath = path.join(root, 'out', 'test', 'integration', ...(suiteDir ? [suiteDir] : []), 'index.js');
// The tests edit files and settings: they work on a copy, so the fixture in git stays as it is.
const fixture = path.join(root, 'test', 'fixtures', 'workspace');
const workspace = mkdtempSync(path.join(tmpdir(), 'fact-ledger-workspace-'));
cpSync(fixture, workspace, { recursive: true });
// The Chinese UI suite checks that VS Code really runs in the locale asked for.
if (locale) writeFileSync(path.join(workspace, '.fact-ledger-test-locale'), `${locale}\n`);
process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));
const launcher = path.join(root, 'scripts', 'vscode-launcher.mjs');

for (const [file, hint] of [
  [path.join(root, 'dist', ...(web ? ['web'] : []), 'extension.js'), 'node scripts/build.mjs'],
  [extensionTestsPath, 'node scripts/build-integration-tests.mjs'],
]) {
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`${hint}\` first.`);
    process.exit(1);
  }
}

const mode = process.env.FACT_LEDGER_VSCODE ?? 'code-server';
const cachePath = path.join(root, '.vscode-test');
const options = {
  extensionDevelopmentPath: root,
  extensionTestsPath,
  cachePath, // where a downloaded VS Code goes; test-electron defaults to ./.vscode-test of the cwd
  launchArgs: [
    workspace,
    // Other installed extensions would only slow down and disturb the run.
    '--disable-extensions',
    // Desktop profile folders (the launcher uses a fresh one per run instead).
    `--user-data-dir=${path.join(cachePath, 'user-data')}`,
    `--extensions-dir=${path.join(cachePath, 'extensions')}`,
    // The extension under development (and so the tests) in the web worker extension host.
    ...(web ? ['--extensionDevelopmentKind=web'] : []),
    // VS Code's display language (desktop VS Code needs its language pack installed).
    ...(locale ? [`--locale=${locale}`] : []),
    // Workspace trust on, the folder untrusted (scripts/vscode-launcher.mjs; code-server only).
    ...(untrusted ? ['--fact-ledger-untrusted'] : []),
  ],
};

if (mode === 'code-server') {
  const { provision } = await import('../../scripts/provision-vscode.mjs');
  try {
    provision();
  } catch (error) {
    console.error(`[integration] provisioning failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  chmodSync(launcher, 0o755); // in case a checkout lost the executable bit
  options.vscodeExecutablePath = launcher;
} else if (untrusted) {
  console.error('FACT_LEDGER_UNTRUSTED needs the code-server harness (FACT_LEDGER_VSCODE unset)');
  process.exit(1);
} else if (mode !== 'download') {
  console.error(`FACT_LEDGER_VSCODE must be "code-server" (default) or "download", not "${mode}"`);
  process.exit(1);
}

const start = Date.now();
try {
  await runTests(options);
  console.log(`[integration] passed in ${((Date.now() - start) / 1000).toFixed(1)} s (${mode}, ${kind} extension host${locale ? `, ${locale}` : ''})`);
} catch (error) {
  console.error(`[integration] FAILED (${mode}, ${kind} extension host${locale ? `, ${locale}` : ''}): ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
