// Bundles the integration tests with esbuild into out/test/integration/:
// - for the Node extension host (test/integration/*.ts): index.js (the --extensionTestsPath
//   module) and one file per *.test.ts. `vscode` comes from the extension host and mocha from
//   node_modules at run time, so both stay external.
// - for the web worker extension host (test/integration/web/*.ts, FACT_LEDGER_EXTENSION_KIND=web):
//   one browser bundle, web/index.js, of web/index.ts (mocha's browser build, set up) followed by
//   every web/*.test.ts. Only `vscode` stays external; a Node builtin fails the build.
// - the Chinese UI suite (test/integration/l10n/*.test.ts, FACT_LEDGER_LOCALE=zh-cn|zh-tw), written
//   for both hosts: l10n/ (with the Node index.ts) and l10n-web/index.js (with web/index.ts).
// - the Restricted Mode suite (test/integration/untrusted/*.test.ts, FACT_LEDGER_UNTRUSTED=1) in
//   untrusted/, for the Node extension host.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { noNodeBuiltins } from './lib/esbuild-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(root, 'test', 'integration');
const webSourceDir = path.join(sourceDir, 'web');
const outdir = path.join(root, 'out', 'test', 'integration');

const entryPoints = readdirSync(sourceDir)
  .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
  .map((name) => path.join(sourceDir, name));
const webTests = readdirSync(webSourceDir)
  .filter((name) => name.endsWith('.test.ts'))
  .sort();
const l10nSourceDir = path.join(sourceDir, 'l10n');
const l10nTests = readdirSync(l10nSourceDir)
  .filter((name) => name.endsWith('.test.ts'))
  .sort();

/** A suite of its own for the Node extension host: test/integration/<dir>/*.test.ts with index.ts. */
function nodeSuite(dir) {
  const tests = readdirSync(path.join(sourceDir, dir)).filter((name) => name.endsWith('.test.ts'));
  return esbuild.build({
    entryPoints: [
      { in: path.join(sourceDir, 'index.ts'), out: 'index' },
      ...tests.map((name) => ({ in: path.join(sourceDir, dir, name), out: name.replace(/\.ts$/, '') })),
    ],
    outdir: path.join(outdir, dir),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** One browser bundle: web/index.ts (mocha set up), then each test file, in that order. */
function webBundle(dir, tests, outfile) {
  return esbuild.build({
    // Modules run in the order of their imports: index.ts sets mocha up, then the suites register.
    stdin: {
      contents: [
        `export { run } from '${path.relative(dir, path.join(webSourceDir, 'index')).split(path.sep).join('/').replace(/^(?!\.)/, './')}';`,
        ...tests.map((name) => `import './${name}';`),
      ].join('\n'),
      resolveDir: dir,
      sourcefile: 'web-tests.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'cjs',
    sourcemap: false, // the web extension host evaluates the file's text; stack traces would not use a map
    external: ['vscode'],
    metafile: true,
    plugins: [noNodeBuiltins(root)],
    logLevel: 'warning',
  });
}

rmSync(outdir, { recursive: true, force: true }); // drop bundles of deleted tests
await Promise.all([
  esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  }),
  webBundle(webSourceDir, webTests, path.join(outdir, 'web', 'index.js')),
  nodeSuite('untrusted'),
  nodeSuite('l10n'),
  webBundle(l10nSourceDir, l10nTests, path.join(outdir, 'l10n-web', 'index.js')),
]).catch(() => process.exit(1)); // esbuild and the plugin have printed the errors
console.log(`[build-integration-tests] ${entryPoints.length} file(s) -> ${path.relative(root, outdir)}, ${webTests.length} web test file(s) -> ${path.relative(root, path.join(outdir, 'web', 'index.js'))}, ${l10nTests.length} Chinese UI test file(s) -> l10n/, l10n-web/`);
