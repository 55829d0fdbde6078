// Child of bench/run.mjs: time to load the bundled extension, and its activate() work, with the
// vscode API replaced by an inert stand-in (every property and call returns the stand-in).
import { readFileSync } from 'node:fs';
import Module from 'node:module';

// The names the real API exports, so that esbuild's module wrapper copies them.
const typings = readFileSync(new URL('../node_modules/@types/vscode/index.d.ts', import.meta.url), 'utf8');
const names = [...new Set([...typings.matchAll(/export (?:class|enum|namespace|const|function) (\w+)/g)].map((m) => m[1]))];
const target = function () {};
// Settings answer with their defaults, as in a workspace that sets none.
const configuration = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => {} };
const stub = new Proxy(target, {
  get: (_t, key) =>
    key === 'then' ? undefined
    : key === 'getConfiguration' ? () => configuration
    : key === Symbol.toPrimitive ? () => ''
    : key === Symbol.iterator ? undefined
    : stub,
  apply: () => stub,
  construct: () => stub,
  set: () => true,
  defineProperty: () => true,
  ownKeys: () => [...names, 'prototype'],
  getOwnPropertyDescriptor: (t, key) =>
    key === 'prototype' ? Reflect.getOwnPropertyDescriptor(t, key) : { value: stub, configurable: true, enumerable: true, writable: true },
});
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? stub : originalLoad.call(this, request, ...rest);
};
const require = Module.createRequire(import.meta.url);
let t = performance.now();
const extension = require(process.argv[2]);
const loadMs = performance.now() - t;
const context = { subscriptions: [], extensionUri: stub, extensionPath: '', globalState: stub, workspaceState: stub };
t = performance.now();
let activateError = null;
try {
  extension.activate(context);
} catch (error) {
  activateError = String(error?.message ?? error).slice(0, 200);
}
const activateMs = performance.now() - t;
console.log(JSON.stringify({ loadMs, activateMs, activateError }));
process.exit(0);
