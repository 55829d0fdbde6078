// What the extension needs from its host platform, for the Node extension host (desktop VS Code,
// code-server, Remote-SSH). The web build (dist/web/extension.js, vscode.dev, github.dev) swaps this
// module for ./platform.web.ts, which uses no Node API: scripts/build.mjs redirects the import and
// fails the build if the web bundle pulls in a Node builtin. Both export the same functions.
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';

/** A fresh nonce for a webview's Content-Security-Policy: 18 random bytes, base64. */
export function nonce(): string {
  return randomBytes(18).toString('base64');
}

/** Who writes an annotation (its `by:`): the OS user, or 'unknown'. */
export function userName(): string {
  try {
    const name = os.userInfo().username;
    if (name) return name;
  } catch {
    // no user database (containers): fall through
  }
  return process.env.USER || process.env.USERNAME || 'unknown';
}
