// Commands behind quick fixes, hovers and the status bar. Registry writes go through
// ./registryWriter: computed from one text of facts.yaml, refused if it changed since, one undo step.
import * as vscode from 'vscode';
import { insertFactEdit, addMatchTermEdit, addIgnoreEdit, applyEdits, uniqueFactId, type NewFact, type TextEdit } from '../core/registryEdit';
import { parseRegistry } from '../core/registry';
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
import { Cancelled, createRegistryFile, guarded, readRegistry, RefusedWrite, writeRegistry } from './registryWriter';

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
    const log = this.log;
    const untrusted = (): string => vscode.l10n.t('Fact Ledger does not change files in an untrusted workspace. Trust the workspace to use this fix.');
    return vscode.Disposable.from(
      vscode.commands.registerCommand(COMMANDS.openFact, guarded(log, COMMANDS.openFact, false, (registry: string, id: string) => this.openFact(registry, id))),
      vscode.commands.registerCommand(COMMANDS.openLocation, guarded(log, COMMANDS.openLocation, false, (uri: string, line: number, character: number) => this.openLocation(uri, line, character))),
      vscode.commands.registerCommand(COMMANDS.addFact, guarded(log, COMMANDS.addFact, untrusted, (uri: string, offset: number, basis?: string) => this.addFact(uri, offset, basis))),
      vscode.commands.registerCommand(
        COMMANDS.linkToFact,
        guarded(log, COMMANDS.linkToFact, untrusted, (uri: string, offset: number, factId?: string, basis?: string) => this.linkToFact(uri, offset, factId, basis)),
      ),
      vscode.commands.registerCommand(COMMANDS.useRegistryValue, guarded(log, COMMANDS.useRegistryValue, untrusted, (uri: string, offset: number) => this.useRegistryValue(uri, offset))),
      vscode.commands.registerCommand(COMMANDS.ignoreFigure, guarded(log, COMMANDS.ignoreFigure, untrusted, (uri: string, offset: number, basis?: string) => this.ignoreFigure(uri, offset, basis))),
      vscode.commands.registerCommand(COMMANDS.createRegistry, guarded(log, COMMANDS.createRegistry, untrusted, () => this.createRegistry())),
      vscode.commands.registerCommand(COMMANDS.showOutput, () => this.log.show()),
      vscode.commands.registerCommand(COMMANDS.recheck, guarded(log, COMMANDS.recheck, false, () => this.model.rescan())),
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

  async addFact(uri: string, offset: number, basis?: string): Promise<string | undefined> {
    const { document, figure } = await this.figure(uri, offset);
    const registryDoc = await this.registryDocument(document.uri);
    const base = await readRegistry(registryDoc.uri);
    const registry = parseRegistry(base.text);
    const text = document.getText();
    const match = guessMatchGroups(text, figure.span);
    const id = uniqueFactId(registry, suggestFactId(match, figure.unit));
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
    await writeRegistry(this.model, base, applyEdits(base.text, [insertFactEdit(base.text, fact)]), vscode.l10n.t('Add a fact'), basis);
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
  async linkToFact(uri: string, offset: number, factId?: string, basis?: string): Promise<string | undefined> {
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
      if (!pick) throw new Cancelled();
      fact = pick.fact;
    }
    // The registry as it is now: the fact must still be there as it was offered.
    const base = await readRegistry(state.uri);
    const chosen = fact.id;
    fact = parseRegistry(base.text).byId.get(chosen);
    if (!fact) throw new RefusedWrite(vscode.l10n.t('{0} is no longer in {1}; nothing was written', chosen, vscode.workspace.asRelativePath(state.uri)));
    const text = document.getText();
    const folded = foldText(text);
    const sentence = sentenceAround(folded, figure.span);
    const single = new FactLinker([fact]);
    const hits = single.termsIn(folded, sentence, excludedSpans(text));
    const present = new Set(hits.flatMap((h) => h.refs.map((r) => r.group)));
    const words = suggestTerms(text, figure.span).map((s) => s.term);
    let registryText = base.text;
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
    // One replacement of the whole changed region: a single undo step.
    if (edits.length > 0) await writeRegistry(this.model, base, registryText, vscode.l10n.t('Link to fact'), basis);
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

  async ignoreFigure(uri: string, offset: number, basis?: string): Promise<boolean> {
    const { document, figure } = await this.figure(uri, offset);
    if (document.languageId === 'markdown') {
      const line = document.lineAt(document.positionAt(figure.span.start).line);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, line.range.end, ' <!-- fact-ledger-ignore -->');
      return vscode.workspace.applyEdit(edit);
    }
    const state = this.model.registryFor(document.uri);
    const registryDoc = await this.registryDocument(document.uri);
    const dir = state?.dir ?? registryDoc.uri.path.slice(0, registryDoc.uri.path.lastIndexOf('/') + 1);
    const file = document.uri.path.startsWith(dir) ? document.uri.path.slice(dir.length) : vscode.workspace.asRelativePath(document.uri);
    const base = await readRegistry(registryDoc.uri);
    const result = await writeRegistry(this.model, base, applyEdits(base.text, [addIgnoreEdit(base.text, { file, text: figure.text })]), vscode.l10n.t('Ignore a figure'), basis);
    return result !== 'unchanged';
  }

  async createRegistry(): Promise<void> {
    const document = await createRegistryFile(this.model, vscode.workspace.workspaceFolders?.[0]);
    await vscode.window.showTextDocument(document);
  }
}
