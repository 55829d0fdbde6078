// Creating the registry file where a workspace has none: shared by the quick fixes and New Fact….
import * as vscode from 'vscode';
import type { FactLedgerModel } from './model';

const REGISTRY_TEMPLATE = `# Fact Ledger registry: see docs/registry.md for the format.\nfacts: {}\n`;

/** Creates facts.yaml at a folder's root (kept if it exists), saved and known to the model. */
export async function createRegistryFile(model: FactLedgerModel, folder: vscode.WorkspaceFolder | undefined): Promise<vscode.TextDocument> {
  if (!folder) throw new Error(vscode.l10n.t('open a folder first: the registry facts.yaml lives in the workspace'));
  const uri = vscode.Uri.joinPath(folder.uri, 'facts.yaml');
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(REGISTRY_TEMPLATE) });
  await vscode.workspace.applyEdit(edit);
  const document = await vscode.workspace.openTextDocument(uri);
  await document.save();
  model.updateDocument(document);
  return document;
}
