#!/usr/bin/env node
// Serves VS Code (the cached code-server, see provision-vscode.mjs) on
// 127.0.0.1 with a packaged extension installed and a folder open, prints the
// URL to open in a browser and runs until Ctrl-C. Every start uses a fresh
// profile (in the OS temp folder) that is deleted on exit.
//
// Usage: node scripts/serve-vscode.mjs --vsix <file.vsix> [--folder <dir>] [--port <n>]
//   --folder  defaults to test/fixtures/workspace; --port defaults to a free one.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, installExtension, makeScratchDir, startCodeServer } from './lib/code-server.mjs';
import { provision } from './provision-vscode.mjs';

const { values } = parseArgs({
  options: {
    vsix: { type: 'string' },
    folder: { type: 'string', default: path.join(ROOT, 'test', 'fixtures', 'workspace') },
    port: { type: 'string' },
  },
});
if (!values.vsix) {
  console.error('usage: serve-vscode.mjs --vsix <file.vsix> [--folder <dir>] [--port <n>]');
  process.exit(2);
}

provision();
const scratchDir = makeScratchDir('serve');
installExtension({ scratchDir, vsix: values.vsix });
const folder = path.resolve(values.folder);
const server = await startCodeServer({ scratchDir, folder, port: values.port ? Number(values.port) : undefined });

console.log(`\nVS Code is ready: ${server.url}/?folder=${encodeURIComponent(folder)}`);
console.log('Press Ctrl-C to stop.');
// Ctrl-C exits through the handlers in lib/code-server.mjs, which kill the server.
const result = await server.exited;
console.error(`code-server stopped unexpectedly (${result}):\n${server.output()}`);
process.exit(1);
