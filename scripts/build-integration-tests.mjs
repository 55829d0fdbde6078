// Bundles the integration tests with esbuild into out/test/integration/:
// - for the Node extension host (test/integration/*.ts): index.js (the --extensionTestsPath
//   module) and one file per *.test.ts. `vscode` comes from the extension host and mocha from
//   node_modules at run time, so both stay external.
// - for the web worker extension host (test/integration/web/*.ts, FACT_LEDGER_EXTENSION_KIND=web):
//   one browser bundle, web/index.js, of web/index.ts (mocha's browser build, set up) followed by
//   every web/*.test.ts. Only `vscode` stays external; a Node builtin fails the build.
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
  esbuild.build({
    // Modules run in the order of their imports: index.ts sets mocha up, then the suites register.
    stdin: {
      contents: [`export { run } from './index';`, ...webTests.map((name) => `import './${name}';`)].join('\n'),
      resolveDir: webSourceDir,
      sourcefile: 'web-tests.ts',
      loader: 'ts',
    },
    outfile: path.join(outdir, 'web', 'index.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'cjs',
    sourcemap: false, // the web extension host evaluates the file's text; stack traces would not use a map
    external: ['vscode'],
    metafile: true,
    plugins: [noNodeBuiltins(root)],
    logLevel: 'warning',
  }),
]).catch(() => process.exit(1)); // esbuild and the plugin have printed the errors
console.log(`[build-integration-tests] ${entryPoints.length} file(s) -> ${path.relative(root, outdir)}, ${webTests.length} web test file(s) -> ${path.relative(root, path.join(outdir, 'web', 'index.js'))}`);
