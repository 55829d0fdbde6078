// Bundles the integration tests (test/integration/*.ts) with esbuild into
// out/test/integration/: index.js (the --extensionTestsPath module) and one
// file per *.test.ts. `vscode` comes from the extension host and mocha from
// node_modules at run time, so both stay external.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(root, 'test', 'integration');
const outdir = path.join(root, 'out', 'test', 'integration');

const entryPoints = readdirSync(sourceDir)
  .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
  .map((name) => path.join(sourceDir, name));

rmSync(outdir, { recursive: true, force: true }); // drop bundles of deleted tests
await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`[build-integration-tests] ${entryPoints.length} file(s) -> ${path.relative(root, outdir)}`);
