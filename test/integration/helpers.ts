// Shared by the integration suites: finding files, reading diagnostics and hovers, and waiting on
// events with a timeout — never a fixed sleep.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

import { TIMEOUT } from './web/helpers';

export { TIMEOUT };

/** A file of the (single) test workspace folder. */
export function workspaceFile(...parts: string[]): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1);
  return vscode.Uri.joinPath(folders[0]!.uri, ...parts);
}

// Host-agnostic helpers (no Node), shared with the suites of the web worker extension host.
export { codeOf, ours, waitForDiagnostics } from './web/helpers';

/** Resolves when the document's text satisfies `check`. */
export async function waitForText(document: vscode.TextDocument, check: (text: string) => boolean, what: string): Promise<void> {
  if (check(document.getText())) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, TIMEOUT);
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document && check(document.getText())) {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      }
    });
  });
}

export { hoverText } from './web/helpers';

/** A position inside the first occurrence of `needle` in a file. */
export async function positionOf(uri: vscode.Uri, needle: string): Promise<vscode.Position> {
  const document = await vscode.workspace.openTextDocument(uri);
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${uri.path}`);
  return document.positionAt(at + 1);
}

/** The fixture workspace as it is in git; the tests run on a copy of it. */
export const FIXTURE_WORKSPACE = path.resolve(__dirname, '../../../test/fixtures/workspace');

/** A file's content as the fixture has it: what every suite restores, whatever ran before. */
export function pristine(...parts: string[]): Promise<string> {
  return fs.readFile(path.join(FIXTURE_WORKSPACE, ...parts), 'utf8');
}

/**
 * Puts files back as `snapshots` has them, on disk and in open buffers (null: a file a test
 * created, deleted), then closes the editors.
 */
export async function restoreFiles(snapshots: ReadonlyMap<string, string | null>): Promise<void> {
  for (const [target, text] of snapshots) {
    const uri = vscode.Uri.parse(target);
    if (text === null) {
      await fs.rm(uri.fsPath, { force: true });
      continue;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target);
    if (document && (document.getText() !== text || document.isDirty)) {
      // Through the open buffer, so that the buffer and the file agree afterwards.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
      await vscode.workspace.applyEdit(edit);
      assert.ok(await document.save(), `restored ${target}`);
    } else {
      await fs.writeFile(uri.fsPath, text);
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
