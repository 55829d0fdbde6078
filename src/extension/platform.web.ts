// ./platform.ts for the web extension host (a web worker: vscode.dev, github.dev, the web worker
// host of code-server): no Node API, only what browsers and workers have. scripts/build.mjs puts
// this module in place of ./platform in dist/web/extension.js; the types keep both alike.
import type * as NodePlatform from './platform';

/** A fresh nonce for a webview's Content-Security-Policy: 18 random bytes, base64. */
export const nonce: typeof NodePlatform.nonce = () => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
};

/** Who writes an annotation (its `by:`): a browser does not say, so 'unknown'. */
export const userName: typeof NodePlatform.userName = () => 'unknown';
