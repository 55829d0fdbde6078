// Annotations: any passage of an article tied to a fact (supports / contradicts / mentions), stored
// in the registry's `annotations:` list as a quote selector and found again after every edit.
// Highlighted and hovered in the article, listed by Find All References on the fact; an annotation
// that can no longer be found is an `orphaned-annotation` problem on its registry entry, with quick
// fixes to re-anchor or delete it. Self-contained: its own diagnostics, decoration, hover, actions.
import * as vscode from 'vscode';
import { anchorAnnotation, makeSelector, VERDICTS, type AnchorResult, type Annotation, type QuoteSelector, type Verdict } from '../core/annotations';
import { decodeArticle } from '../core/decode';
import { LineIndex } from '../core/lineIndex';
import { parseRegistry } from '../core/registry';
import { containedPath, type PathProblem } from '../core/paths';
import { addAnnotationEdit, applyEdits, insertFactEdit, removeAnnotationEdit, uniqueFactId, updateAnnotationSelectorEdit } from '../core/registryEdit';
import { registryBasis } from '../core/registryGuard';
import type { Span } from '../core/types';
import { COMMANDS } from './commands';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { commandLink, escapeMarkdown, trustedMarkdown } from './markdown';
import { isKeptRegistry, isRegistryUri, type FactLedgerModel, type RegistryState } from './model';
import { userName } from './platform';
import { guarded, readRegistry, RefusedWrite, restrictedReason, writeRegistry, type RegistryText } from './registryWriter';

export const ANNOTATION_COMMANDS = {
  annotateSelection: 'factLedger.annotateSelection',
  reanchor: 'factLedger.reanchorAnnotation',
  remove: 'factLedger.deleteAnnotation',
  /** Internal: the annotations of an article as anchored now (for tests and tools). */
  list: 'factLedger.annotationsIn',
} as const;

export const ORPHANED = 'orphaned-annotation';
/** A re-anchor quick fix is offered for a best match at least this similar. */
const SUGGEST_THRESHOLD = 0.4;
const verdictLabels = (): Record<Verdict, string> => ({ supports: vscode.l10n.t('supports the fact'), contradicts: vscode.l10n.t('contradicts the fact'), mentions: vscode.l10n.t('mentions the fact') });
const NEW_FACT_UNITS = ['count', 'percent', 'date', 'USD', 'CNY', 'EUR', 'times', 'rank', 'day', 'month', 'year'];

export interface AnchoredAnnotation {
  registry: RegistryState;
  annotation: Annotation;
  /** Undefined when `file:` points outside the registry's folder (`refused` says how). */
  article?: vscode.Uri;
  /** Why the article was not read: its path leaves the registry's folder, or goes through a symbolic link. */
  refused?: PathProblem | 'symlink';
  /** The article text it was anchored in; undefined when the article could not be read. */
  text?: string;
  /** Undefined: orphaned (or not read yet). */
  result?: AnchorResult;
  /** The article could not be read (missing, not UTF-8): orphaned too. */
  unreadable?: boolean;
}

/** Arguments of factLedger.annotateSelection that skip its prompts (tests, keybindings). */
export interface AnnotateArgs {
  factId?: string;
  verdict?: Verdict;
  note?: string;
  /** Create this fact first (a fact needs a unit). */
  newFact?: { id: string; claim?: string; unit: string };
}

function toRange(lines: LineIndex, span: Span): vscode.Range {
  const r = lines.rangeOf(span);
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The article an annotation names, inside the registry's folder; refused when `file:` leaves it. */
function articleUri(state: RegistryState, file: string): { uri: vscode.Uri; problem?: undefined } | { uri?: undefined; problem: PathProblem } {
  const contained = containedPath(file);
  if (contained.problem) return { problem: contained.problem };
  return { uri: vscode.Uri.joinPath(state.uri.with({ path: state.dir }), ...contained.path.split('/')) };
}

/** Whether a path below `dir` (segments `parts`) goes through a symbolic link, which may lead out of the workspace. */
async function throughSymlink(dir: vscode.Uri, parts: string[]): Promise<boolean> {
  let uri = dir;
  for (const part of parts) {
    uri = vscode.Uri.joinPath(uri, part);
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.SymbolicLink) return true;
    } catch {
      return false; // missing: the read fails and says so
    }
  }
  return false;
}

function refusedReason(a: AnchoredAnnotation): string {
  return a.refused === 'symlink'
    ? vscode.l10n.t('{0} is reached through a symbolic link, which may lead out of the workspace; it was not read', a.annotation.file)
    : vscode.l10n.t('{0} is not a path inside the registry’s folder; it was not read', a.annotation.file);
}

function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Anchors every registry's annotations in the articles' current texts; remembers what it found. */
class Anchors {
  anchored: AnchoredAnnotation[] = [];
  private readonly cache = new Map<string, { text: string; result: AnchorResult | undefined }>();
  /** Articles the model does not hold (excluded, too large, not yet scanned): read from disk. */
  private readonly disk = new Map<string, string | null>();
  private readonly reading = new Set<string>();
  /** Articles reached through a symbolic link: never read. */
  private readonly symlinks = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly model: FactLedgerModel) {}

  refresh(): void {
    const anchored: AnchoredAnnotation[] = [];
    const used = new Set<string>();
    for (const registry of this.model.registryStates) {
      for (const annotation of registry.registry.annotations) {
        const target = articleUri(registry, annotation.file);
        if (!target.uri) {
          anchored.push({ registry, annotation, refused: target.problem, unreadable: true });
          continue;
        }
        const article = target.uri;
        const text = this.textOf(registry, article);
        const entry: AnchoredAnnotation = { registry, annotation, article, text };
        if (this.symlinks.has(article.toString())) entry.refused = 'symlink';
        if (text === undefined) entry.unreadable = this.disk.get(article.toString()) === null;
        else {
          const key = `${article.toString()}\u0000${JSON.stringify(annotation.selector)}`;
          used.add(key);
          const cached = this.cache.get(key);
          if (cached && cached.text === text) entry.result = cached.result;
          else {
            entry.result = anchorAnnotation(text, annotation.selector);
            this.cache.set(key, { text, result: entry.result });
          }
        }
        anchored.push(entry);
      }
    }
    for (const key of this.cache.keys()) if (!used.has(key)) this.cache.delete(key);
    this.anchored = anchored;
    this.emitter.fire();
  }

  /** The article's text: the model's (open buffer or disk), else a disk read that refreshes when done. */
  private textOf(registry: RegistryState, uri: vscode.Uri): string | undefined {
    const inModel = this.model.analysis(uri)?.text;
    if (inModel !== undefined) return inModel;
    const key = uri.toString();
    if (this.disk.has(key)) return this.disk.get(key) ?? undefined;
    if (!this.reading.has(key)) {
      this.reading.add(key);
      const dir = registry.uri.with({ path: registry.dir });
      const parts = uri.path.slice(registry.dir.length).split('/');
      void throughSymlink(dir, parts).then(async (linked): Promise<string | null> => {
        if (linked) {
          this.symlinks.add(key);
          return null;
        }
        this.symlinks.delete(key);
        try {
          const decoded = decodeArticle(await vscode.workspace.fs.readFile(uri));
          return 'error' in decoded ? null : decoded.text;
        } catch {
          return null;
        }
      }).then((text) => {
        this.reading.delete(key);
        this.disk.set(key, text);
        this.refresh();
      });
    }
    return undefined;
  }

  /** Forget disk reads when files change: the next refresh reads them again. */
  forget(uri: vscode.Uri): void {
    this.disk.delete(uri.toString());
  }

  inArticle(uri: vscode.Uri): AnchoredAnnotation[] {
    const key = uri.toString();
    return this.anchored.filter((a) => a.article?.toString() === key);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerAnnotations(context: vscode.ExtensionContext, model: FactLedgerModel, log: vscode.LogOutputChannel): vscode.Disposable {
  const anchors = new Anchors(model);
  const collection = vscode.languages.createDiagnosticCollection('factLedger.annotations');
  const decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('factLedger.annotationBackground'),
    borderWidth: '0 0 1px 0',
    borderStyle: 'dashed',
    borderColor: new vscode.ThemeColor('factLedger.annotationBorder'),
    overviewRulerColor: new vscode.ThemeColor('factLedger.annotationBorder'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });
  const docsTarget = vscode.Uri.joinPath(context.extensionUri, 'docs', 'registry.md').with({ fragment: 'orphaned-annotations' });
  const articles = [{ language: 'markdown' }, { language: 'plaintext' }];
  const registries = { pattern: '**/facts.yaml' };

  const updateDiagnostics = (): void => {
    const byRegistry = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const state of model.registryStates) byRegistry.set(state.uri.toString(), { uri: state.uri, diagnostics: [] });
    const lineIndexes = new Map<string, LineIndex>();
    for (const a of anchors.anchored) {
      if (a.result) continue;
      const key = a.registry.uri.toString();
      const entry = byRegistry.get(key);
      // Not read yet: no verdict until the read finishes.
      if (!entry || (a.text === undefined && !a.unreadable)) continue;
      let lines = lineIndexes.get(key);
      if (!lines) lineIndexes.set(key, (lines = new LineIndex(a.registry.text)));
      const why = a.refused ? refusedReason(a) : a.text === undefined ? vscode.l10n.t('{0} cannot be read', a.annotation.file) : vscode.l10n.t('the passage is no longer in {0}', a.annotation.file);
      const message = vscode.l10n.t('Orphaned annotation of {0}: {1}: "{2}"', a.annotation.fact, why, shorten(a.annotation.selector.exact));
      const diagnostic = new vscode.Diagnostic(toRange(lines, a.annotation.span), message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = { value: ORPHANED, target: docsTarget };
      entry.diagnostics.push(diagnostic);
    }
    collection.clear();
    collection.set([...byRegistry.values()].map(({ uri, diagnostics }) => [uri, diagnostics]));
  };

  const decorate = (editor: vscode.TextEditor): void => {
    const ranges: vscode.DecorationOptions[] = [];
    const here = anchors.inArticle(editor.document.uri);
    // Most editors have no annotation: do not build their text (it may be a file of many MB).
    if (here.length === 0) {
      editor.setDecorations(decoration, ranges);
      return;
    }
    const text = editor.document.getText();
    // While an edit waits for its debounce, keep the old highlights: VS Code moves them with the text.
    if (here.some((a) => a.text !== undefined && a.text !== text)) return;
    let lines: LineIndex | undefined;
    for (const a of here) {
      if (!a.result) continue;
      lines ??= new LineIndex(text);
      ranges.push({ range: toRange(lines, a.result.span) });
    }
    editor.setDecorations(decoration, ranges);
  };
  const decorateAll = (): void => vscode.window.visibleTextEditors.forEach(decorate);

  anchors.onDidChange(() => {
    updateDiagnostics();
    decorateAll();
  });

  const hover = (document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined => {
    const offset = document.offsetAt(position);
    const annotated = anchors.inArticle(document.uri);
    if (annotated.length === 0) return undefined;
    const text = document.getText();
    const here = annotated.filter((a) => a.result && a.text === text && a.result.span.start <= offset && offset <= a.result.span.end);
    if (here.length === 0) return undefined;
    const md = trustedMarkdown([COMMANDS.openFact]);
    const lines = new LineIndex(text);
    let range: vscode.Range | undefined;
    here.forEach((a, i) => {
      if (i > 0) md.appendMarkdown('\n\n---\n\n');
      const fact = a.registry.registry.byId.get(a.annotation.fact);
      md.appendMarkdown(`**${vscode.l10n.t('Annotation')}** · ${escapeMarkdown(verdictLabels()[a.annotation.verdict])} ${commandLink(a.annotation.fact, COMMANDS.openFact, [a.registry.uri.toString(), a.annotation.fact])}`);
      if (fact?.claim) md.appendMarkdown(` — ${escapeMarkdown(fact.claim)}`);
      else if (!fact) md.appendMarkdown(` — *${vscode.l10n.t('not a fact of the registry')}*`);
      if (a.annotation.note) md.appendMarkdown(`\n\n${escapeMarkdown(a.annotation.note)}`);
      const who = [a.annotation.by, a.annotation.at].filter((x): x is string => Boolean(x));
      if (who.length) md.appendMarkdown(`\n\n*${escapeMarkdown(who.join(' · '))}*`);
      if (!a.result!.exact) {
        const how = a.result!.score < 1 ? vscode.l10n.t('the text changed since it was annotated ({0}% alike)', Math.round(a.result!.score * 100)) : vscode.l10n.t('found in another script or width');
        md.appendMarkdown(`\n\n$(info) ${escapeMarkdown(how)}: “${escapeMarkdown(shorten(a.annotation.selector.exact, 120))}”`);
      }
      range ??= toRange(lines, a.result!.span);
    });
    return new vscode.Hover(md, range);
  };

  const codeActions: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const state = model.registryState(document.uri);
      if (!state) return [];
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        const code = typeof diagnostic.code === 'object' && diagnostic.code ? String(diagnostic.code.value) : String(diagnostic.code);
        if (diagnostic.source !== DIAGNOSTIC_SOURCE || code !== ORPHANED) continue;
        const start = document.offsetAt(diagnostic.range.start);
        const a = anchors.anchored.find((x) => x.registry.uri.toString() === document.uri.toString() && x.annotation.span.start === start);
        if (!a) continue;
        const args = [document.uri.toString(), a.annotation.index, a.annotation.selector.exact];
        // The registry text the fixes are offered on: they are refused if it changes before they run.
        const basis = registryBasis(state.text);
        if (a.text !== undefined) {
          const best = anchorAnnotation(a.text, a.annotation.selector, { threshold: SUGGEST_THRESHOLD });
          if (best) {
            const found = a.text.slice(best.span.start, best.span.end);
            const action = new vscode.CodeAction(vscode.l10n.t('Re-anchor to the best match: “{0}” ({1}% alike)', shorten(found, 40), Math.round(best.score * 100)), vscode.CodeActionKind.QuickFix);
            action.command = { command: ANNOTATION_COMMANDS.reanchor, title: action.title, arguments: [...args, best.span.start, best.span.end, basis] };
            action.diagnostics = [diagnostic];
            actions.push(action);
          }
        }
        const editor = a.article && vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === a.article?.toString() && !e.selection.isEmpty);
        if (editor) {
          const span = { start: editor.document.offsetAt(editor.selection.start), end: editor.document.offsetAt(editor.selection.end) };
          const action = new vscode.CodeAction(vscode.l10n.t('Re-anchor to the selection in {0}: “{1}”', a.annotation.file, shorten(editor.document.getText(editor.selection), 40)), vscode.CodeActionKind.QuickFix);
          action.command = { command: ANNOTATION_COMMANDS.reanchor, title: action.title, arguments: [...args, span.start, span.end, basis] };
          action.diagnostics = [diagnostic];
          actions.push(action);
        }
        const remove = new vscode.CodeAction(vscode.l10n.t('Delete this annotation'), vscode.CodeActionKind.QuickFix);
        remove.command = { command: ANNOTATION_COMMANDS.remove, title: remove.title, arguments: [...args, basis] };
        remove.diagnostics = [diagnostic];
        actions.push(remove);
      }
      const restricted = restrictedReason();
      if (restricted) for (const action of actions) action.disabled = { reason: restricted };
      return actions;
    },
  };

  /** The annotation entry `index` of the registry as it is now, checked to still quote `exact`. */
  const entryNow = async (registry: string, index: number, exact: string): Promise<{ base: RegistryText; annotation: Annotation }> => {
    const base = await readRegistry(vscode.Uri.parse(registry));
    const annotation = parseRegistry(base.text).annotations.find((a) => a.index === index);
    if (!annotation || annotation.selector.exact !== exact) throw new RefusedWrite(vscode.l10n.t('the annotation has changed in the registry since; look at it again'));
    return { base, annotation };
  };

  const annotateSelection = async (args: AnnotateArgs = {}): Promise<number | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) throw new Error(vscode.l10n.t('select the passage to annotate first'));
    const document = editor.document;
    if (!model.isArticleDocument(document)) throw new Error(vscode.l10n.t('only passages of Markdown or plain-text articles can be annotated'));
    model.updateDocument(document);
    const state = model.registryFor(document.uri);
    if (!state) throw new Error(vscode.l10n.t('there is no facts.yaml registry above this article; create one first (Fact Ledger: Create facts.yaml)'));
    if (!document.uri.path.startsWith(state.dir)) throw new Error(vscode.l10n.t('the article is not inside the registry’s folder'));
    const file = document.uri.path.slice(state.dir.length);
    const text = document.getText();
    const span = { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
    const passage = text.slice(span.start, span.end);
    if (passage.trim() === '') throw new Error(vscode.l10n.t('the selection is only white space'));

    // The fact: given, picked, or new.
    let factId = args.factId;
    let newFact = args.newFact;
    if (!factId && !newFact) {
      const NEW = `$(add) ${vscode.l10n.t('New fact…')}`;
      const pick = await vscode.window.showQuickPick(
        [{ label: NEW, description: vscode.l10n.t('a fact for this claim'), id: '' }, ...state.registry.facts.map((f) => ({ label: f.id, description: f.claim ?? '', id: f.id }))],
        { title: vscode.l10n.t('Annotate “{0}”: which fact?', shorten(passage, 40)), matchOnDescription: true },
      );
      if (!pick) return undefined;
      if (pick.id) factId = pick.id;
      else {
        const suggested = uniqueFactId(state.registry, shorten(passage, 40).replace(/[^A-Za-z0-9]+/g, '-') || 'claim');
        const id = await vscode.window.showInputBox({
          title: vscode.l10n.t('New fact: id'),
          value: suggested,
          validateInput: (value) => (/^[a-z0-9][a-z0-9._-]*$/.test(value) ? (state.registry.allIds?.has(value) ? vscode.l10n.t('a fact with this id exists') : undefined) : vscode.l10n.t('lowercase letters, digits, ".", "-" and "_", starting with a letter or digit')),
        });
        if (!id) return undefined;
        const unit = await vscode.window.showQuickPick(NEW_FACT_UNITS, { title: vscode.l10n.t('New fact {0}: the unit of the figures it is about (the registry needs one)', id) });
        if (!unit) return undefined;
        newFact = { id, claim: shorten(passage, 200), unit };
      }
    }
    if (factId && !state.registry.byId.has(factId) && !state.registry.allIds?.has(factId)) throw new Error(vscode.l10n.t('there is no fact "{0}" in the registry', factId));

    let verdict = args.verdict;
    if (!verdict) {
      const pick = await vscode.window.showQuickPick(
        VERDICTS.map((v) => ({ label: v, description: verdictLabels()[v], verdict: v })),
        { title: vscode.l10n.t('Does the passage support, contradict or only mention the fact?') },
      );
      if (!pick) return undefined;
      verdict = pick.verdict;
    }
    if (!VERDICTS.includes(verdict)) throw new Error(vscode.l10n.t('the verdict must be one of {0}', VERDICTS.join(', ')));
    let note = args.note;
    if (note === undefined && !args.factId && !args.newFact) {
      note = await vscode.window.showInputBox({ title: vscode.l10n.t('Note (optional)'), prompt: vscode.l10n.t('Why this verdict, caveats. Leave empty for none.') });
      if (note === undefined) return undefined;
    }

    const base = await readRegistry(state.uri);
    const current = parseRegistry(base.text);
    if (factId && !current.byId.has(factId) && !current.allIds?.has(factId)) throw new RefusedWrite(vscode.l10n.t('{0} is no longer in {1}; nothing was written', factId, vscode.workspace.asRelativePath(state.uri)));
    let after = base.text;
    if (newFact) after = applyEdits(after, [insertFactEdit(after, { id: newFact.id, claim: newFact.claim, unit: newFact.unit, match: [] })]);
    const selector: QuoteSelector = makeSelector(text, span);
    after = applyEdits(after, [
      addAnnotationEdit(after, {
        fact: newFact?.id ?? factId!,
        file,
        verdict,
        selector,
        note: note?.trim() ? note.trim() : undefined,
        by: userName(),
        at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      }),
    ]);
    await writeRegistry(model, base, after, vscode.l10n.t('Annotate a passage'));
    const index = parseRegistry(after).annotations.reduce((last, a) => Math.max(last, a.index), -1);
    log.info(`Annotated "${shorten(passage)}" in ${file} as ${verdict} ${newFact?.id ?? factId}`);
    return index;
  };

  const reanchor = async (registry: string, index: number, exact: string, start?: number, end?: number, basis?: string): Promise<boolean> => {
    const { base, annotation } = await entryNow(registry, index, exact);
    const state = model.registryState(base.document.uri);
    if (!state) throw new Error(vscode.l10n.t('the registry could not be read'));
    const article = articleUri(state, annotation.file);
    if (!article.uri) throw new RefusedWrite(vscode.l10n.t('{0} is not a path inside the registry’s folder; it was not read', annotation.file));
    if (await throughSymlink(state.uri.with({ path: state.dir }), article.uri.path.slice(state.dir.length).split('/'))) {
      throw new RefusedWrite(vscode.l10n.t('{0} is reached through a symbolic link, which may lead out of the workspace; it was not read', annotation.file));
    }
    const articleDoc = await vscode.workspace.openTextDocument(article.uri);
    const text = articleDoc.getText();
    let span = start !== undefined && end !== undefined && start < end && end <= text.length ? { start, end } : undefined;
    span ??= anchorAnnotation(text, annotation.selector, { threshold: SUGGEST_THRESHOLD })?.span;
    if (!span) throw new Error(vscode.l10n.t('nothing in {0} is like “{1}”; select the passage there and use the fix “Re-anchor to the selection”', annotation.file, shorten(exact)));
    const edit = updateAnnotationSelectorEdit(base.text, index, makeSelector(text, span));
    if (!edit) throw new Error(vscode.l10n.t('the annotation’s selector could not be rewritten'));
    await writeRegistry(model, base, applyEdits(base.text, [edit]), vscode.l10n.t('Re-anchor an annotation'), basis);
    return true;
  };

  const remove = async (registry: string, index: number, exact: string, basis?: string): Promise<boolean> => {
    const { base } = await entryNow(registry, index, exact);
    const edit = removeAnnotationEdit(base.text, index);
    if (!edit) throw new Error(vscode.l10n.t('the annotation could not be removed'));
    await writeRegistry(model, base, applyEdits(base.text, [edit]), vscode.l10n.t('Delete an annotation'), basis);
    return true;
  };

  const list = (uri: string): { fact: string; verdict: Verdict; index: number; start: number; end: number; text: string; exact: boolean; score: number }[] =>
    anchors.inArticle(vscode.Uri.parse(uri)).flatMap((a) =>
      a.result && a.text !== undefined
        ? [{ fact: a.annotation.fact, verdict: a.annotation.verdict, index: a.annotation.index, start: a.result.span.start, end: a.result.span.end, text: a.text.slice(a.result.span.start, a.result.span.end), exact: a.result.exact, score: a.result.score }]
        : [],
    );

  const untrusted = (): string => vscode.l10n.t('Fact Ledger does not change files in an untrusted workspace. Trust the workspace to annotate.');

  const references: vscode.ReferenceProvider = {
    provideReferences(document, position) {
      const state = model.registryState(document.uri);
      if (!state || !isRegistryUri(document.uri) || isKeptRegistry(state)) return undefined;
      const offset = document.offsetAt(position);
      const fact = state.registry.facts.find((f) => f.location.start <= offset && offset <= f.location.end);
      if (!fact) return undefined;
      return anchors.anchored.flatMap((a) =>
        a.registry === state && a.article && a.annotation.fact === fact.id && a.result && a.text !== undefined ? [new vscode.Location(a.article, toRange(new LineIndex(a.text), a.result.span))] : [],
      );
    },
  };

  const fileWatcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onFile = (uri: vscode.Uri): void => {
    if (anchors.anchored.some((a) => a.article?.toString() === uri.toString())) {
      anchors.forget(uri);
      anchors.refresh();
    }
  };

  anchors.refresh();
  return vscode.Disposable.from(
    anchors,
    collection,
    decoration,
    fileWatcher,
    fileWatcher.onDidCreate(onFile),
    fileWatcher.onDidChange(onFile),
    fileWatcher.onDidDelete(onFile),
    model.onDidChange(() => anchors.refresh()),
    vscode.window.onDidChangeVisibleTextEditors(decorateAll),
    vscode.languages.registerHoverProvider(articles, { provideHover: hover }),
    vscode.languages.registerCodeActionsProvider(registries, codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerReferenceProvider(registries, references),
    vscode.commands.registerCommand(ANNOTATION_COMMANDS.annotateSelection, guarded(log, ANNOTATION_COMMANDS.annotateSelection, untrusted, annotateSelection)),
    vscode.commands.registerCommand(ANNOTATION_COMMANDS.reanchor, guarded(log, ANNOTATION_COMMANDS.reanchor, untrusted, reanchor)),
    vscode.commands.registerCommand(ANNOTATION_COMMANDS.remove, guarded(log, ANNOTATION_COMMANDS.remove, untrusted, remove)),
    vscode.commands.registerCommand(ANNOTATION_COMMANDS.list, (uri: string) => list(uri)),
  );
}
