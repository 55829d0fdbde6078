#!/usr/bin/env node
'use strict';
// The CLI is bundled to dist/cli.js by `npm run build`.
try {
  require('../dist/cli.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('fact-ledger: not built yet; run `npm run build` first.');
    process.exit(2);
  }
  throw error;
}
