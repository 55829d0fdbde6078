// Where diagnostic codes link to: the documentation shipped with the extension.
import * as vscode from 'vscode';

/** docs/diagnostics.md#<code>, opened inside the editor. */
export function docsUri(context: vscode.ExtensionContext, anchor: string): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics.md').with({ fragment: anchor });
}
