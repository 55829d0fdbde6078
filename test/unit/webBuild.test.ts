// The web extension (package.json `browser`, dist/web/extension.js) is bundled for browsers and
// web workers: the esbuild plugins of scripts/lib/esbuild-web.mjs swap in platform.web.ts and fail
// the build on any Node builtin. Built in memory here; the real build is scripts/build.mjs.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { noNodeBuiltins, webPlatform } = await import(pathToFileURL(path.join(root, 'scripts', 'lib', 'esbuild-web.mjs')).href);

const web = {
  bundle: true,
  write: false,
  platform: 'browser',
  target: 'es2022',
  format: 'cjs',
  external: ['vscode'],
  metafile: true,
  logLevel: 'silent',
} satisfies esbuild.BuildOptions;

describe('the web extension bundle', () => {
  test('needs nothing at run time but vscode, and uses the web platform module', async () => {
    const result = await esbuild.build({
      ...web,
      entryPoints: [path.join(root, 'src', 'extension', 'extension.ts')],
      outfile: 'extension.js',
      plugins: [webPlatform(path.join(root, 'src', 'extension')), noNodeBuiltins(root)],
    });
    const code = result.outputFiles![0]!.text;
    expect([...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))]).toEqual(['vscode']);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs).toContain('src/extension/platform.web.ts');
    expect(inputs).not.toContain('src/extension/platform.ts');
  }, 30_000);

  test.each(['node:fs', 'path', 'os', 'crypto', 'fs/promises'])('fails on the Node builtin %s', async (builtin) => {
    const build = esbuild.build({
      ...web,
      stdin: { contents: `import * as m from '${builtin}'; console.log(m);`, resolveDir: root, sourcefile: 'probe.ts', loader: 'ts' },
      plugins: [noNodeBuiltins(root)],
    });
    await expect(build).rejects.toThrow(/must not use the Node builtin/);
  });
});
