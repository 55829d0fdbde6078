// "Fact Ledger: New Fact…": asks for a fact field by field (or takes a complete NewFact as its
// argument, for tests and other extensions) and appends it to the registry of the active article
// — or of the registry open in the editor, or the workspace's only/first registry, or a new
// facts.yaml at the workspace root — through one WorkspaceEdit, so Undo takes it out again.
import * as vscode from 'vscode';
import { parseRegistry } from '../core/registry';
import {
  BOUND_HELP,
  STATUS_HELP,
  factIdProblem,
  newFactProblem,
  parseFactValueInput,
  parseMatchInput,
  parseUnitInput,
  unitChoices,
} from '../core/registryCompletion';
import { insertFactEdit, type NewFact } from '../core/registryEdit';
import type { FactBound, FactStatus } from '../core/types';
import { isRegistryUri, type FactLedgerModel } from './model';

export const NEW_FACT_COMMAND = 'factLedger.newFact';

const REGISTRY_TEMPLATE = `# Fact Ledger registry: see docs/registry.md for the format.\nfacts: {}\n`;
const TITLE = 'New Fact';

/** Thrown when the user dismisses a prompt: the command ends quietly. */
class Cancelled extends Error {}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

export function registerNewFact(model: FactLedgerModel, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_FACT_COMMAND, async (fact?: NewFact, registry?: string) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Fact Ledger does not change files in an untrusted workspace. Trust the workspace to add a fact.');
      return undefined;
    }
    try {
      return await newFact(model, log, fact, registry);
    } catch (error) {
      if (error instanceof Cancelled) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${NEW_FACT_COMMAND} failed: ${message}`);
      void vscode.window.showErrorMessage(`Fact Ledger: ${message}`);
      return undefined;
    }
  });
}

async function newFact(model: FactLedgerModel, log: vscode.LogOutputChannel, given: NewFact | undefined, registryArg: string | undefined): Promise<string | undefined> {
  const document = await targetRegistry(model, registryArg);
  const current = parseRegistry(document.getText());
  const taken = (id: string): boolean => current.byId.has(id) || (current.allIds?.has(id) ?? false);
  let fact: NewFact;
  if (given !== undefined) {
    const problem = newFactProblem(given, taken);
    if (problem) throw new Error(`cannot add the fact: ${problem}`);
    fact = given;
  } else {
    fact = await askForFact(taken, vscode.workspace.asRelativePath(document.uri));
  }

  const edit = insertFactEdit(document.getText(), fact);
  const workspaceEdit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(document.positionAt(edit.span.start), document.positionAt(edit.span.end));
  workspaceEdit.replace(document.uri, range, edit.newText, { label: 'New fact', needsConfirmation: false });
  const name = vscode.workspace.asRelativePath(document.uri);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) throw new Error(`could not edit ${name}`);
  // The edit stays in the buffer (and Undo) even when saving fails.
  if (!(await document.save())) throw new Error(`${name} was changed but could not be saved; save it by hand after checking it`);
  model.updateDocument(document);

  const after = parseRegistry(document.getText());
  const added = after.byId.get(fact.id);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const at = added?.location ?? { start: edit.span.start, end: edit.span.start };
  const selection = new vscode.Range(document.positionAt(at.start), document.positionAt(at.end));
  editor.selection = new vscode.Selection(selection.start, selection.end);
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (!added) {
    // Should not happen (the fact was checked): say so rather than leave a silent broken entry.
    void vscode.window.showWarningMessage(`Fact Ledger: the new fact "${fact.id}" was written to ${name} but does not load; see the Problems panel.`);
  }
  log.info(`New fact ${fact.id} in ${name}`);
  return fact.id;
}

/** The registry to write to: the argument, the active registry or article's, the only/first one, or a new one. */
async function targetRegistry(model: FactLedgerModel, registryArg: string | undefined): Promise<vscode.TextDocument> {
  if (registryArg) return vscode.workspace.openTextDocument(vscode.Uri.parse(registryArg));
  const active = vscode.window.activeTextEditor?.document;
  if (active && isRegistryUri(active.uri)) return active;
  const owned = active ? model.registryFor(active.uri) : undefined;
  if (owned) return vscode.workspace.openTextDocument(owned.uri);
  const states = model.registryStates.sort((a, b) => a.uri.path.split('/').length - b.uri.path.split('/').length || a.uri.path.localeCompare(b.uri.path));
  if (states.length > 0) return vscode.workspace.openTextDocument(states[0].uri);
  const folder = (active && vscode.workspace.getWorkspaceFolder(active.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: the registry facts.yaml lives in the workspace');
  const uri = vscode.Uri.joinPath(folder.uri, 'facts.yaml');
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(REGISTRY_TEMPLATE) });
  await vscode.workspace.applyEdit(edit);
  const document = await vscode.workspace.openTextDocument(uri);
  await document.save();
  model.updateDocument(document);
  return document;
}

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(items: Pick<T>[], step: number, placeHolder: string): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, { title: `${TITLE} (${step}/8)`, placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  return required(chosen).value;
}

async function input(step: number, prompt: string, options: Omit<vscode.InputBoxOptions, 'title' | 'prompt'> = {}): Promise<string> {
  const text = await vscode.window.showInputBox({ title: `${TITLE} (${step}/8)`, prompt, ignoreFocusOut: true, ...options });
  return required(text).trim();
}

/** Asks for each field in turn; the unit comes before the value, which is read according to it. */
async function askForFact(taken: (id: string) => boolean, registryName: string): Promise<NewFact> {
  const id = await input(1, `Id of the new fact in ${registryName}`, {
    placeHolder: 'e.g. deepseek-v3.training-gpus',
    validateInput: (value) => factIdProblem(value.trim(), taken),
  });
  const claim = await input(2, 'Claim: the fact in one plain sentence (optional)');

  const OTHER = '\u0000other';
  let unit = await pick(
    [...unitChoices().map(([u, detail]) => ({ label: u, description: detail, value: u })), { label: 'Other currency…', description: 'any ISO 4217 code', value: OTHER }],
    3,
    'Unit of the value',
  );
  if (unit === OTHER) {
    const typed = await input(3, 'ISO 4217 currency code', { placeHolder: 'e.g. CHF', validateInput: (value) => parseUnitInput(value).error });
    unit = parseUnitInput(typed).unit!;
  }

  const valueText = await input(4, unit === 'date' ? 'Value: a date YYYY-MM-DD (optional)' : 'Value: a number, or a range low-high / low..high (optional)', {
    validateInput: (value) => parseFactValueInput(value, unit).error,
  });
  const { value } = parseFactValueInput(valueText, unit);

  const bound = await pick<FactBound>(
    BOUND_HELP.map(([b, detail]) => ({ label: b, description: detail, value: b as FactBound })),
    5,
    'How the value bounds the truth',
  );
  const matchText = await input(6, 'Match terms: a sentence must contain one term of every group. Terms by ",", groups by "|"', {
    placeHolder: 'e.g. DeepSeek, 深度求索 | GPU, H800',
  });
  const status = await pick<FactStatus>(
    // The default first.
    [...STATUS_HELP].sort(([a], [b]) => Number(b === 'reported') - Number(a === 'reported')).map(([s, detail]) => ({ label: s, description: detail, value: s as FactStatus })),
    7,
    'Status of the fact',
  );
  // Escape here means no source, not the end of the command.
  const title = ((await vscode.window.showInputBox({ title: `${TITLE} (8/8)`, prompt: 'First source: its title (optional; empty or Escape for none)', ignoreFocusOut: true })) ?? '').trim();
  const url = title
    ? await input(8, 'First source: its URL (optional)', {
        placeHolder: 'https://…',
        validateInput: (text) => (text.trim() === '' || /^https?:\/\/\S+$/.test(text.trim()) ? undefined : 'A URL starts with http:// or https://'),
      })
    : '';

  const fact: NewFact = { id, unit, match: parseMatchInput(matchText), status };
  if (claim) fact.claim = claim;
  if (value !== undefined) fact.value = value;
  if (bound !== 'exact') fact.bound = bound;
  if (title) fact.sources = [url ? { title, url } : { title }];
  return fact;
}
