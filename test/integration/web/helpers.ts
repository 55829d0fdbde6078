// Helpers for suites that run in the web worker extension host too (web/*.test.ts, l10n/*.test.ts):
// no Node — no node:assert, no fs; files through vscode.workspace.fs. Every wait is on an event
// with a timeout, never a fixed sleep.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'fact-ledger.fact-ledger';
export const TIMEOUT = 15_000;

export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** A file of the (single) workspace folder. */
export function file(...parts: string[]): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  equal(folders.length, 1, 'workspace folders');
  return vscode.Uri.joinPath(folders[0]!.uri, ...parts);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Fact Ledger');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code);
}

/** Resolves when `check` holds for the diagnostics of `uri`, re-checking on every change. */
export async function waitForDiagnostics(uri: vscode.Uri, check: (ds: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  if (check(ours(uri))) return ours(uri);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; have: ${JSON.stringify(ours(uri).map((d) => [codeOf(d), d.message]))}`));
    }, TIMEOUT);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (check(ours(uri))) {
        clearTimeout(timer);
        listener.dispose();
        resolve(ours(uri));
      }
    });
  });
}

/** Resolves when `check` holds, re-checking on each of `events` (and once at the start). */
export async function until(events: vscode.Event<unknown>[], check: () => boolean | Promise<boolean>, what: string, poke?: () => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      listeners.forEach((l) => l.dispose());
      if (error) reject(error);
      else resolve();
    };
    const test = (): void => {
      void Promise.resolve(check()).then(
        (holds) => holds && finish(),
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), TIMEOUT);
    // Listen first, then check: a change during the first check is not missed.
    const listeners = events.map((event) => event(test));
    test();
    poke?.();
  });
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** The hovers at the first occurrence of `needle` in a file (`delta` characters into it). */
export async function hoversAt(uri: vscode.Uri, needle: string, delta = 1): Promise<vscode.Hover[]> {
  const document = await vscode.workspace.openTextDocument(uri);
  const at = document.getText().indexOf(needle);
  ok(at >= 0, `${JSON.stringify(needle)} is in ${uri.path}`);
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(at + delta));
}

export async function hoverAt(uri: vscode.Uri, needle: string, delta = 1): Promise<string> {
  return hoverText(await hoversAt(uri, needle, delta));
}

/** Activates Fact Ledger and waits for its first scan; its API. */
export async function activated<Api extends { ready: Promise<void> }>(): Promise<Api> {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  ok(extension, `${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** The commands a set of hovers lets run (their MarkdownStrings' isTrusted.enabledCommands). */
export function enabledCommands(hovers: vscode.Hover[]): string[] {
  return hovers.flatMap((h) =>
    h.contents.flatMap((c) => {
      if (typeof c === 'string' || !('isTrusted' in c)) return [];
      ok(c.isTrusted !== true, 'a hover never trusts every command');
      return typeof c.isTrusted === 'object' ? [...(c.isTrusted.enabledCommands ?? [])] : [];
    }),
  );
}
