// esbuild plugins for the bundles that run in VS Code's web extension host (a web worker, as in
// vscode.dev and github.dev): the web extension (scripts/build.mjs) and the web integration tests
// (scripts/build-integration-tests.mjs).
import { builtinModules } from 'node:module';
import path from 'node:path';

/** `fs`, `node:fs`, `fs/promises`, `node:test`…: every name that resolves to a Node builtin. */
const NODE_BUILTIN = new RegExp(`^(node:.*|(${builtinModules.map((m) => m.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|')})(/.*)?)$`);

/**
 * Fails the build if anything in the bundle imports a Node builtin (fs, path, os, crypto, …),
 * or if anything but `allowedExternals` is left to be loaded at run time. Needs `metafile: true`.
 */
export function noNodeBuiltins(root, { allowedExternals = ['vscode'] } = {}) {
  return {
    name: 'no-node-builtins',
    setup(build) {
      build.onResolve({ filter: NODE_BUILTIN }, (args) => ({
        errors: [{ text: `a web bundle must not use the Node builtin "${args.path}" (imported by ${path.relative(root, args.importer) || args.importer})` }],
      }));
      // Belt and braces: nothing else may stay external, whatever resolved it.
      build.onEnd((result) => {
        const errors = [];
        for (const [file, input] of Object.entries(result.metafile?.inputs ?? {})) {
          for (const imported of input.imports) {
            if (imported.external && !allowedExternals.includes(imported.path)) {
              errors.push({ text: `a web bundle must not load "${imported.path}" at run time (imported by ${file})` });
            }
          }
        }
        // esbuild does not print errors returned from onEnd: say it here.
        for (const { text } of errors) console.error(`✘ [ERROR] ${text}`);
        return { errors };
      });
    },
  };
}

/** Resolves `./platform` in `dir` to `./platform.web.ts`: the web variant of the host platform. */
export function webPlatform(dir) {
  return {
    name: 'web-platform',
    setup(build) {
      build.onResolve({ filter: /^\.\/platform$/ }, (args) =>
        path.resolve(args.resolveDir) === path.resolve(dir) ? { path: path.join(dir, 'platform.web.ts') } : undefined,
      );
    },
  };
}
