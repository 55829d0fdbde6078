// The one way Fact Ledger writes facts.yaml (quick fixes, New Fact…, annotations, Create facts.yaml).
//
// A write is computed from one text of the registry (`readRegistry`) and applied by
// `writeRegistry` only if that text is still what the editor holds and what is on disk; else it is
// refused with a message and nothing is written (src/core/registryGuard.ts decides). It goes in as
// a single WorkspaceEdit replacement, so one Undo takes it out. Then:
// - a registry without unsaved edits is saved;
// - a registry open with unsaved edits of the user's is changed in the editor but NOT saved:
//   saving would write their unfinished text to disk too. They save (or undo) when they choose.
// A quick fix or hover link may pass the fingerprint of the registry text it was offered on
// (`basisFor`): if the registry changed since, the fix is refused rather than applied to a file
// the user has not seen. In an untrusted workspace nothing is written at all.
import * as vscode from 'vscode';
import { decideWrite, registryBasis, singleEdit, type RefuseReason } from '../core/registryGuard';
import type { FactLedgerModel } from './model';
import { isWorkspaceTrusted, simulateRestrictedMode } from './settings';

const REGISTRY_TEMPLATE = `# Fact Ledger registry: see docs/registry.md for the format.\nfacts: {}\n`;

/** A write Fact Ledger refused to make, for a reason the user should know: shown as a warning. */
export class RefusedWrite extends Error {}

/** The user dismissed a prompt: the command ends quietly. */
export class Cancelled extends Error {}

export interface Notice {
  level: 'information' | 'warning' | 'error';
  message: string;
}

const noticeEmitter = new vscode.EventEmitter<Notice>();

/** For the integration tests: the messages shown, and Restricted Mode simulated. */
export const reliabilityApi = {
  onDidNotify: noticeEmitter.event,
  simulateRestrictedMode,
};

/** Shows a message (without waiting for it to be dismissed) and tells the tests. */
export function notify(level: Notice['level'], message: string): void {
  noticeEmitter.fire({ level, message });
  if (level === 'error') void vscode.window.showErrorMessage(message);
  else if (level === 'warning') void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}

export function disposeNotices(): vscode.Disposable {
  return noticeEmitter;
}

/** Why fixes that change files are shown disabled: the workspace is not trusted. Undefined when trusted. */
export function restrictedReason(): string | undefined {
  return isWorkspaceTrusted() ? undefined : vscode.l10n.t('Fact Ledger changes no files in Restricted Mode: trust the workspace to use this fix.');
}

/** A command handler that refuses writes in Restricted Mode and reports failures instead of throwing. */
export function guarded<A extends unknown[]>(
  log: vscode.LogOutputChannel,
  name: string,
  write: false | (() => string),
  fn: (...args: A) => Promise<unknown> | unknown,
): (...args: A) => Promise<unknown> {
  return async (...args: A): Promise<unknown> => {
    if (write && !isWorkspaceTrusted()) {
      log.warn(`${name} refused: the workspace is not trusted`);
      notify('warning', write());
      return undefined;
    }
    try {
      return await fn(...args);
    } catch (error) {
      if (error instanceof Cancelled) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      log[error instanceof RefusedWrite ? 'warn' : 'error'](`${name} ${error instanceof RefusedWrite ? 'refused' : 'failed'}: ${message}`);
      notify(error instanceof RefusedWrite ? 'warning' : 'error', vscode.l10n.t('Fact Ledger: {0}', message));
      return undefined;
    }
  };
}

/** The registry text a quick fix or hover link for an article is offered on. */
export function basisFor(model: FactLedgerModel, article: vscode.Uri): string | undefined {
  const state = model.registryFor(article);
  return state ? registryBasis(state.text) : undefined;
}

/** A registry as read for one write: the edit is computed from `text`. */
export interface RegistryText {
  document: vscode.TextDocument;
  version: number;
  text: string;
}

export async function readRegistry(uri: vscode.Uri): Promise<RegistryText> {
  const document = await vscode.workspace.openTextDocument(uri);
  return { document, version: document.version, text: document.getText() };
}

/** The file's text on disk: null when it is gone, undefined when it cannot be read as UTF-8. */
async function diskText(uri: vscode.Uri): Promise<string | null | undefined> {
  if (uri.scheme === 'untitled') return undefined;
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? null : undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function refusal(reason: RefuseReason, name: string): string {
  switch (reason) {
    case 'changed-since-offered':
      return vscode.l10n.t('{0} changed since this fix was offered; nothing was written. Look at the figure again and apply the fix anew.', name);
    case 'changed-in-buffer':
      return vscode.l10n.t('{0} was edited while the change was being prepared; nothing was written. Try again.', name);
    default:
      return vscode.l10n.t('{0} changed on disk since it was read; nothing was written. Try again once the editor shows the new version.', name);
  }
}

/** Whether a write was saved, or left unsaved in the editor because the registry had unsaved edits. */
export type WriteResult = 'saved' | 'unsaved' | 'unchanged';

/**
 * Replaces `base.text` with `after` in the registry, checked as the module comment says. Throws
 * RefusedWrite (nothing written) when the registry is not as it was read.
 */
export async function writeRegistry(model: FactLedgerModel, base: RegistryText, after: string, label: string, basis?: string | null): Promise<WriteResult> {
  const { document } = base;
  const name = vscode.workspace.asRelativePath(document.uri);
  if (!isWorkspaceTrusted()) throw new RefusedWrite(vscode.l10n.t('Fact Ledger does not change files in an untrusted workspace. Trust the workspace to use this fix.'));
  const disk = document.isDirty ? undefined : await diskText(document.uri);
  // Checked after the disk read: the editor may have changed meanwhile.
  // Arguments of hover links travel as JSON: a missing basis may arrive as null.
  const decision = decideWrite({ basis: typeof basis === 'string' ? basis : undefined, computedFrom: base.text, bufferText: document.getText(), dirty: document.isDirty, diskText: disk });
  if (decision.action === 'refuse') throw new RefusedWrite(refusal(decision.reason, name));
  if (document.version !== base.version) throw new RefusedWrite(refusal('changed-in-buffer', name));
  if (after === base.text) return 'unchanged';
  const change = singleEdit(base.text, after);
  const edit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(document.positionAt(change.span.start), document.positionAt(change.span.end));
  edit.replace(document.uri, range, change.newText, { label, needsConfirmation: false });
  // VS Code refuses the edit itself if the document changed after this extension host last saw it.
  if (!(await vscode.workspace.applyEdit(edit))) throw new RefusedWrite(vscode.l10n.t('could not edit {0}', name));
  model.updateDocument(document);
  if (decision.action === 'keep-unsaved') {
    notify('information', vscode.l10n.t('{0} has unsaved changes of yours, so Fact Ledger made its change in the editor without saving. Save the file when you are ready; Undo takes the change out.', name));
    return 'unsaved';
  }
  // The edit stays in the buffer (and Undo) even when saving fails, e.g. when the file changed on disk meanwhile.
  if (!(await document.save())) throw new Error(vscode.l10n.t('{0} was changed but could not be saved; save it by hand after checking it', name));
  model.updateDocument(document);
  return 'saved';
}

/** Creates facts.yaml at a folder's root (kept as it is if it exists), known to the model. */
export async function createRegistryFile(model: FactLedgerModel, folder: vscode.WorkspaceFolder | undefined): Promise<vscode.TextDocument> {
  if (!isWorkspaceTrusted()) throw new RefusedWrite(vscode.l10n.t('Fact Ledger does not change files in an untrusted workspace. Trust the workspace to use this fix.'));
  if (!folder) throw new Error(vscode.l10n.t('open a folder first: the registry facts.yaml lives in the workspace'));
  const uri = vscode.Uri.joinPath(folder.uri, 'facts.yaml');
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(REGISTRY_TEMPLATE) });
  await vscode.workspace.applyEdit(edit);
  const document = await vscode.workspace.openTextDocument(uri);
  // Saved only if the new file is not on disk yet; an existing one with unsaved edits stays as the user left it.
  if (!document.isDirty && (await diskText(uri)) === null) await document.save();
  model.updateDocument(document);
  return document;
}
