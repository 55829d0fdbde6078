// Commands behind quick fixes, hovers and the status bar. Every registry write goes through a
// WorkspaceEdit (so Undo works), computed from the registry's current text, then saved.
import * as vscode from 'vscode';
import { insertFactEdit, addMatchTermEdit, addIgnoreEdit, uniqueFactId, type NewFact, type TextEdit } from '../core/registryEdit';
import { guessMatchGroups, restateFigure, suggestFactId, suggestTerms } from '../core/suggest';
import { unitsCompatible } from '../core/intervals';
import { sentenceAround } from '../core/sentences';
import { foldText } from '../core/fold';
import { excludedSpans } from '../core/mask';
import { FactLinker } from '../core/link';
import { formatFactValue } from '../core/format';
import type { FactBound } from '../core/types';
import type { AnalyzedFigure } from '../core/workspace';
import type { FactLedgerModel } from './model';
import { createRegistryFile } from './registryFile';

export const COMMANDS = {
  openFact: 'factLedger.openFact',
  openLocation: 'factLedger.openLocation',
  addFact: 'factLedger.addFact',
  linkToFact: 'factLedger.linkToFact',
  useRegistryValue: 'factLedger.useRegistryValue',
  ignoreFigure: 'factLedger.ignoreFigure',
  createRegistry: 'factLedger.createRegistry',
  showOutput: 'factLedger.showOutput',
  recheck: 'factLedger.recheck',
} as const;


function toRange(document: vscode.TextDocument, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

function figureBound(figure: AnalyzedFigure): FactBound {
  switch (figure.bound) {
    case 'about':
    case 'nearly':
      return 'about';
    case 'at-least':
    case 'more-than':
      return 'at-least';
    case 'at-most':
    case 'less-than':
      return 'at-most';
    default:
      return 'exact';
  }
}

/** The value a new fact takes from a figure. */
function factValue(figure: AnalyzedFigure): NewFact['value'] {
  if (figure.unit === 'date') return typeof figure.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(figure.value) ? figure.value : undefined;
  if (typeof figure.value === 'number') return figure.value;
  if (figure.bound === 'range' && figure.min !== null && figure.max !== null) return [figure.min, figure.max];
  if (figure.bound === 'at-least' || figure.bound === 'more-than') return figure.min ?? undefined;
  if (figure.bound === 'at-most' || figure.bound === 'less-than') return figure.max ?? undefined;
  return undefined;
}

export class FactLedgerCommands {
  constructor(
    private readonly model: FactLedgerModel,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable {
    const writes = new Set<string>([COMMANDS.addFact, COMMANDS.linkToFact, COMMANDS.useRegistryValue, COMMANDS.ignoreFigure, COMMANDS.createRegistry]);
    const guard =
      <A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown> | unknown) =>
      async (...args: A): Promise<unknown> => {
        // Restricted mode: read and highlight, never write.
        if (writes.has(name) && !vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage(vscode.l10n.t('Fact Ledger does not change files in an untrusted workspace. Trust the workspace to use this fix.'));
          return undefined;
        }
        try {
          return await fn(...args);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(`${name} failed: ${message}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Fact Ledger: {0}', message));
          return undefined;
        }
      };
    return vscode.Disposable.from(
      vscode.commands.registerCommand(COMMANDS.openFact, guard(COMMANDS.openFact, (registry: string, id: string) => this.openFact(registry, id))),
      vscode.commands.registerCommand(COMMANDS.openLocation, guard(COMMANDS.openLocation, (uri: string, line: number, character: number) => this.openLocation(uri, line, character))),
      vscode.commands.registerCommand(COMMANDS.addFact, guard(COMMANDS.addFact, (uri: string, offset: number) => this.addFact(uri, offset))),
      vscode.commands.registerCommand(COMMANDS.linkToFact, guard(COMMANDS.linkToFact, (uri: string, offset: number, factId?: string) => this.linkToFact(uri, offset, factId))),
      vscode.commands.registerCommand(COMMANDS.useRegistryValue, guard(COMMANDS.useRegistryValue, (uri: string, offset: number) => this.useRegistryValue(uri, offset))),
      vscode.commands.registerCommand(COMMANDS.ignoreFigure, guard(COMMANDS.ignoreFigure, (uri: string, offset: number) => this.ignoreFigure(uri, offset))),
      vscode.commands.registerCommand(COMMANDS.createRegistry, guard(COMMANDS.createRegistry, () => this.createRegistry())),
      vscode.commands.registerCommand(COMMANDS.showOutput, () => this.log.show()),
      vscode.commands.registerCommand(COMMANDS.recheck, guard(COMMANDS.recheck, () => this.model.rescan())),
    );
  }

  async openFact(registry: string, id: string): Promise<void> {
    const uri = vscode.Uri.parse(registry);
    const state = this.model.registryState(uri);
    const fact = state?.registry.byId.get(id);
    const document = await vscode.workspace.openTextDocument(uri);
    const range = fact ? toRange(document, fact.location) : new vscode.Range(0, 0, 0, 0);
    await vscode.window.showTextDocument(document, { selection: range });
  }

  async openLocation(uri: string, line: number, character: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const position = new vscode.Position(line, character);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
  }

  /** The figure at an offset of an article, with the article's document. */
  private async figure(uri: string, offset: number): Promise<{ document: vscode.TextDocument; figure: AnalyzedFigure }> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    // The model may lag behind a fast typist: analyse the current text first.
    this.model.updateDocument(document);
    const figure = this.model.figureAt(document.uri, offset);
    if (!figure) throw new Error(vscode.l10n.t('there is no figure at that place any more'));
    return { document, figure };
  }

  /** The registry for an article, created at the workspace folder's root when there is none. */
  private async registryDocument(article: vscode.Uri): Promise<vscode.TextDocument> {
    const state = this.model.registryFor(article);
    if (state) return vscode.workspace.openTextDocument(state.uri);
    return createRegistryFile(this.model, vscode.workspace.getWorkspaceFolder(article) ?? vscode.workspace.workspaceFolders?.[0]);
  }



  /** Applies text edits to the registry through a WorkspaceEdit, saves, and shows the result. */
  private async editRegistry(document: vscode.TextDocument, edits: TextEdit[], label: string): Promise<boolean> {
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(document.uri, toRange(document, e.span), e.newText, { label, needsConfirmation: false });
    const name = vscode.workspace.asRelativePath(document.uri);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('could not edit {0}', name));
    // The edit stays in the buffer (and Undo) even when saving fails, e.g. when the file changed on disk.
    if (!(await document.save())) throw new Error(vscode.l10n.t('{0} was changed but could not be saved; save it by hand after checking it', name));
    this.model.updateDocument(document);
    return true;
  }

  async addFact(uri: string, offset: number): Promise<string | undefined> {
    const { document, figure } = await this.figure(uri, offset);
    const registryDoc = await this.registryDocument(document.uri);
    const state = this.model.registryState(registryDoc.uri);
    if (!state) throw new Error(vscode.l10n.t('the registry could not be read'));
    const text = document.getText();
    const match = guessMatchGroups(text, figure.span);
    const id = uniqueFactId(state.registry, suggestFactId(match, figure.unit));
    const sentence = sentenceAround(foldText(text), figure.span);
    const quote = text.slice(sentence.start, sentence.end).trim();
    const fact: NewFact = {
      id,
      claim: quote,
      value: factValue(figure),
      unit: figure.unit,
      bound: figureBound(figure),
      match,
      status: 'reported',
      sources: [{ title: vscode.workspace.asRelativePath(document.uri), quote }],
    };
    const edit = insertFactEdit(registryDoc.getText(), fact);
    await this.editRegistry(registryDoc, [edit], vscode.l10n.t('Add a fact'));
    const editor = await vscode.window.showTextDocument(registryDoc, { preview: false, preserveFocus: true });
    const added = this.model.registryState(registryDoc.uri)?.registry.byId.get(id);
    if (added) editor.revealRange(toRange(registryDoc, added.location), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.log.info(`Added fact ${id} for "${figure.text}"`);
    return id;
  }

  /**
   * Links a figure to a chosen fact by adding, to each match group the sentence lacks, the word
   * nearest the figure. With no fact id given, asks with a quick pick of compatible facts.
   */
  async linkToFact(uri: string, offset: number, factId?: string): Promise<string | undefined> {
    const { document, figure } = await this.figure(uri, offset);
    const state = this.model.registryFor(document.uri);
    if (!state) throw new Error(vscode.l10n.t('there is no facts.yaml registry for this article'));
    const candidates = state.registry.facts.filter((f) => unitsCompatible(figure.unit, f.unit));
    if (candidates.length === 0) throw new Error(vscode.l10n.t('the registry has no fact in a unit compatible with {0}', figure.unit));
    let fact = factId ? state.registry.byId.get(factId) : undefined;
    if (!fact) {
      const pick = await vscode.window.showQuickPick(
        candidates.map((f) => ({ label: f.id, description: formatFactValue(f), detail: f.claim, fact: f })),
        { title: vscode.l10n.t('Link "{0}" to a fact', figure.text), matchOnDescription: true, matchOnDetail: true },
      );
      if (!pick) return undefined;
      fact = pick.fact;
    }
    const text = document.getText();
    const folded = foldText(text);
    const sentence = sentenceAround(folded, figure.span);
    const single = new FactLinker([fact]);
    const hits = single.termsIn(folded, sentence, excludedSpans(text));
    const present = new Set(hits.flatMap((h) => h.refs.map((r) => r.group)));
    const words = suggestTerms(text, figure.span).map((s) => s.term);
    const registryDoc = await vscode.workspace.openTextDocument(state.uri);
    let registryText = registryDoc.getText();
    const edits: TextEdit[] = [];
    const used = new Set<string>();
    for (let group = 0; group < fact.match.length; group++) {
      if (present.has(group)) continue;
      const word = words.find((w) => !used.has(w));
      if (!word) throw new Error(vscode.l10n.t('no word in the sentence can stand for match group {0} of {1}', group + 1, fact.id));
      used.add(word);
      const edit = addMatchTermEdit(registryText, fact.id, group, word);
      if (!edit) throw new Error(vscode.l10n.t('could not add "{0}" to {1}', word, fact.id));
      // Apply in sequence so that each edit is computed on the text the previous one made.
      registryText = registryText.slice(0, edit.span.start) + edit.newText + registryText.slice(edit.span.end);
      edits.push(edit);
    }
    if (fact.match.length === 0) {
      const word = words[0];
      if (!word) throw new Error(vscode.l10n.t('no word in the sentence can serve as a match term'));
      const edit = addMatchTermEdit(registryText, fact.id, 'new', word);
      if (!edit) throw new Error(vscode.l10n.t('could not add "{0}" to {1}', word, fact.id));
      registryText = registryText.slice(0, edit.span.start) + edit.newText + registryText.slice(edit.span.end);
      edits.push(edit);
    }
    if (edits.length > 0) {
      // One replacement of the whole changed region keeps the WorkspaceEdit to a single undo step.
      const original = registryDoc.getText();
      let start = 0;
      while (start < original.length && original[start] === registryText[start]) start++;
      let endOld = original.length;
      let endNew = registryText.length;
      while (endOld > start && endNew > start && original[endOld - 1] === registryText[endNew - 1]) {
        endOld--;
        endNew--;
      }
      await this.editRegistry(registryDoc, [{ span: { start, end: endOld }, newText: registryText.slice(start, endNew) }], vscode.l10n.t('Link to fact'));
    }
    this.log.info(`Linked "${figure.text}" to ${fact.id}`);
    return fact.id;
  }

  async useRegistryValue(uri: string, offset: number): Promise<boolean> {
    const { document, figure } = await this.figure(uri, offset);
    const fact = figure.fact ? this.model.indexFor(document.uri).fact(figure.fact) : undefined;
    if (!fact) throw new Error(vscode.l10n.t('"{0}" is not linked to a fact', figure.text));
    const replacement = restateFigure(figure, fact);
    if (!replacement) throw new Error(vscode.l10n.t('cannot restate "{0}" with {1}', figure.text, formatFactValue(fact)));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, toRange(document, figure.span), replacement);
    return vscode.workspace.applyEdit(edit);
  }

  async ignoreFigure(uri: string, offset: number): Promise<boolean> {
    const { document, figure } = await this.figure(uri, offset);
    if (document.languageId === 'markdown') {
      const line = document.lineAt(document.positionAt(figure.span.start).line);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, line.range.end, ' <!-- fact-ledger-ignore -->');
      return vscode.workspace.applyEdit(edit);
    }
    const state = this.model.registryFor(document.uri);
    const registryDoc = await this.registryDocument(document.uri);
    const dir = (state?.dir ?? registryDoc.uri.path.slice(0, registryDoc.uri.path.lastIndexOf('/') + 1));
    const file = document.uri.path.startsWith(dir) ? document.uri.path.slice(dir.length) : vscode.workspace.asRelativePath(document.uri);
    return this.editRegistry(registryDoc, [addIgnoreEdit(registryDoc.getText(), { file, text: figure.text })], vscode.l10n.t('Ignore a figure'));
  }

  async createRegistry(): Promise<void> {
    const document = await createRegistryFile(this.model, vscode.workspace.workspaceFolders?.[0]);
    await vscode.window.showTextDocument(document);
  }
}
