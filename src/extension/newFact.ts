// "Fact Ledger: New Fact…": asks for a fact field by field (or takes a complete NewFact as its
// argument, for tests and other extensions) and appends it to the registry of the active article
// — or of the registry open in the editor, or the workspace's only/first registry, or a new
// facts.yaml at the workspace root — through ./registryWriter (one WorkspaceEdit, so Undo takes it
// out again; refused if the registry changes while the fields are asked for).
import * as vscode from 'vscode';
import { parseRegistry } from '../core/registry';
import {
  boundChoices,
  factIdProblem,
  newFactProblem,
  parseFactValueInput,
  parseMatchInput,
  parseUnitInput,
  statusChoices,
  unitChoices,
} from '../core/registryCompletion';
import { applyEdits, insertFactEdit, type NewFact } from '../core/registryEdit';
import type { FactBound, FactStatus } from '../core/types';
import { isRegistryUri, type FactLedgerModel } from './model';
import { Cancelled, createRegistryFile, guarded, readRegistry, RefusedWrite, writeRegistry } from './registryWriter';

export const NEW_FACT_COMMAND = 'factLedger.newFact';


function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

export function registerNewFact(model: FactLedgerModel, log: vscode.LogOutputChannel): vscode.Disposable {
  const untrusted = (): string => vscode.l10n.t('Fact Ledger does not change files in an untrusted workspace. Trust the workspace to add a fact.');
  return vscode.commands.registerCommand(
    NEW_FACT_COMMAND,
    guarded(log, NEW_FACT_COMMAND, untrusted, (fact?: NewFact, registry?: string) => newFact(model, log, fact, registry)),
  );
}

async function newFact(model: FactLedgerModel, log: vscode.LogOutputChannel, given: NewFact | undefined, registryArg: string | undefined): Promise<string | undefined> {
  const document = await targetRegistry(model, registryArg);
  const takenIn = (text: string): ((id: string) => boolean) => {
    const registry = parseRegistry(text);
    return (id) => registry.byId.has(id) || (registry.allIds?.has(id) ?? false);
  };
  let fact: NewFact;
  if (given !== undefined) fact = given;
  else fact = await askForFact(takenIn(document.getText()), vscode.workspace.asRelativePath(document.uri));

  // The registry as it is after the prompts: the fact is checked against it and the edit computed
  // from it; the write is refused if it changes before the edit lands.
  const base = await readRegistry(document.uri);
  const problem = newFactProblem(fact, takenIn(base.text), vscode.l10n.t);
  if (problem) throw (given ? new Error(vscode.l10n.t('cannot add the fact: {0}', problem)) : new RefusedWrite(vscode.l10n.t('cannot add the fact: {0}', problem)));
  const edit = insertFactEdit(base.text, fact);
  const name = vscode.workspace.asRelativePath(document.uri);
  await writeRegistry(model, base, applyEdits(base.text, [edit]), vscode.l10n.t('New fact'));

  const after = parseRegistry(document.getText());
  const added = after.byId.get(fact.id);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const at = added?.location ?? { start: edit.span.start, end: edit.span.start };
  const selection = new vscode.Range(document.positionAt(at.start), document.positionAt(at.end));
  editor.selection = new vscode.Selection(selection.start, selection.end);
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (!added) {
    // Should not happen (the fact was checked): say so rather than leave a silent broken entry.
    void vscode.window.showWarningMessage(vscode.l10n.t('Fact Ledger: the new fact "{0}" was written to {1} but does not load; see the Problems panel.', fact.id, name));
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
  return createRegistryFile(model, (active && vscode.workspace.getWorkspaceFolder(active.uri)) ?? vscode.workspace.workspaceFolders?.[0]);
}

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(items: Pick<T>[], step: number, placeHolder: string): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('New Fact ({0}/8)', step), placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  return required(chosen).value;
}

async function input(step: number, prompt: string, options: Omit<vscode.InputBoxOptions, 'title' | 'prompt'> = {}): Promise<string> {
  const text = await vscode.window.showInputBox({ title: vscode.l10n.t('New Fact ({0}/8)', step), prompt, ignoreFocusOut: true, ...options });
  return required(text).trim();
}

/** Asks for each field in turn; the unit comes before the value, which is read according to it. */
async function askForFact(taken: (id: string) => boolean, registryName: string): Promise<NewFact> {
  const id = await input(1, vscode.l10n.t('Id of the new fact in {0}', registryName), {
    placeHolder: vscode.l10n.t('e.g. {0}', 'deepseek-v3.training-gpus'),
    validateInput: (value) => factIdProblem(value.trim(), taken, vscode.l10n.t),
  });
  const claim = await input(2, vscode.l10n.t('Claim: the fact in one plain sentence (optional)'));

  const OTHER = '\u0000other';
  let unit = await pick(
    [...unitChoices(vscode.l10n.t).map(([u, detail]) => ({ label: u, description: detail, value: u })), { label: vscode.l10n.t('Other currency…'), description: vscode.l10n.t('any ISO 4217 code'), value: OTHER }],
    3,
    vscode.l10n.t('Unit of the value'),
  );
  if (unit === OTHER) {
    const typed = await input(3, vscode.l10n.t('ISO 4217 currency code'), { placeHolder: vscode.l10n.t('e.g. {0}', 'CHF'), validateInput: (value) => parseUnitInput(value, vscode.l10n.t).error });
    unit = parseUnitInput(typed).unit!;
  }

  const valueText = await input(4, unit === 'date' ? vscode.l10n.t('Value: a date YYYY-MM-DD (optional)') : vscode.l10n.t('Value: a number, or a range low-high / low..high (optional)'), {
    validateInput: (value) => parseFactValueInput(value, unit, vscode.l10n.t).error,
  });
  const { value } = parseFactValueInput(valueText, unit);

  const bound = await pick<FactBound>(
    boundChoices(vscode.l10n.t).map(([b, detail]) => ({ label: b, description: detail, value: b as FactBound })),
    5,
    vscode.l10n.t('How the value bounds the truth'),
  );
  const matchText = await input(6, vscode.l10n.t('Match terms: a sentence must contain one term of every group. Terms by ",", groups by "|"'), {
    placeHolder: vscode.l10n.t('e.g. {0}', 'DeepSeek, 深度求索 | GPU, H800'),
  });
  const status = await pick<FactStatus>(
    // The default first.
    statusChoices(vscode.l10n.t).sort(([a], [b]) => Number(b === 'reported') - Number(a === 'reported')).map(([s, detail]) => ({ label: s, description: detail, value: s as FactStatus })),
    7,
    vscode.l10n.t('Status of the fact'),
  );
  // Escape here means no source, not the end of the command.
  const title = ((await vscode.window.showInputBox({ title: vscode.l10n.t('New Fact ({0}/8)', 8), prompt: vscode.l10n.t('First source: its title (optional; empty or Escape for none)'), ignoreFocusOut: true })) ?? '').trim();
  const url = title
    ? await input(8, vscode.l10n.t('First source: its URL (optional)'), {
        placeHolder: 'https://…',
        validateInput: (text) => (text.trim() === '' || /^https?:\/\/\S+$/.test(text.trim()) ? undefined : vscode.l10n.t('A URL starts with http:// or https://')),
      })
    : '';

  const fact: NewFact = { id, unit, match: parseMatchInput(matchText), status };
  if (claim) fact.claim = claim;
  if (value !== undefined) fact.value = value;
  if (bound !== 'exact') fact.bound = bound;
  if (title) fact.sources = [url ? { title, url } : { title }];
  return fact;
}
