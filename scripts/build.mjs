// Bundles the extension and the CLI with esbuild. `--watch` rebuilds on change.
//
// The extension is built twice: dist/extension.js (package.json `main`) for the Node extension
// host, and dist/web/extension.js (`browser`) for the web extension host of vscode.dev, github.dev
// and code-server's web worker. The web bundle gets src/extension/platform.web.ts in place of
// ./platform, and the build fails if it would import a Node builtin (fs, path, os, crypto, …).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { noNodeBuiltins, webPlatform } from './lib/esbuild-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    target: 'es2022',
    external: ['vscode'],
    metafile: true,
    plugins: [webPlatform(path.join(root, 'src', 'extension')), noNodeBuiltins(root)],
  },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.allSettled(builds.map((options) => esbuild.build(options)));
  // esbuild and the plugins have printed the errors already.
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
