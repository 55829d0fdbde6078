// FactLedgerModel: the workspace's registries and articles, kept current from open buffers
// (debounced, live) and from disk (file watchers). Each article belongs to the nearest registry
// above it; articles with none still get their figures read.
import * as vscode from 'vscode';
import { decodeArticle } from '../core/decode';
import { globProblem } from '../core/paths';
import { emptyRegistry, parseRegistry, type Registry } from '../core/registry';
import type { FigureDiagnostic } from '../core/types';
import { WorkspaceIndex, type AnalyzedFigure, type DocumentAnalysis } from '../core/workspace';
import { notify } from './registryWriter';
import type { Settings } from './settings';

export interface RegistryState {
  uri: vscode.Uri;
  /** The registry's folder, as a URI path ending in '/'. */
  dir: string;
  /** The registry's text as it is now (buffer or disk). */
  text: string;
  /**
   * The facts in use and the text their positions refer to. While `text` is not readable YAML,
   * these stay those of the last readable version, so that articles keep their links mid-edit.
   */
  registry: Registry;
  goodText: string;
  /** The problems of `text` (not of `goodText`). */
  problems: Registry['problems'];
  index: WorkspaceIndex;
}

/** Whether the registry's facts are those of an older, readable version of its text. */
export function isKeptRegistry(state: RegistryState): boolean {
  return state.text !== state.goodText;
}

const NO_REGISTRY = '';
const DEFAULT_REGISTRY_GLOB = '**/facts.yaml';
const ARTICLE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-test-web']);

function dirOf(uri: vscode.Uri): string {
  const path = uri.path;
  return path.slice(0, path.lastIndexOf('/') + 1);
}

function relativePath(fromDir: string, uri: vscode.Uri): string {
  return uri.path.startsWith(fromDir) ? uri.path.slice(fromDir.length) : uri.path;
}

export function isRegistryUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith('/facts.yaml');
}

export class FactLedgerModel implements vscode.Disposable {
  private readonly registries = new Map<string, RegistryState>();
  private readonly fallback: WorkspaceIndex;
  /** Article URI → registry key (NO_REGISTRY when none), and its last known text. */
  private readonly articles = new Map<string, { owner: string; text: string; uri: vscode.Uri }>();
  /**
   * The version of each open document whose text was analysed last: asking whether an analysis is
   * current compares versions, not the whole text (getText() joins every line of a 1 MB article).
   */
  private readonly analysedVersions = new Map<string, { document: vscode.TextDocument; version: number }>();
  /**
   * The text of each open document analysed, kept up to date from its change events: getText()
   * joins every line of the document (7 ms for a 1 MB article, at every keystroke).
   */
  private readonly buffers = new Map<string, { document: vscode.TextDocument; version: number; text: string }>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped on every update of a URI, so a slower disk read never overwrites newer text. */
  private readonly generation = new Map<string, number>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Files not analysed, and why (too large, binary, not UTF-8, a symbolic link), for the language status. */
  private readonly skipped = new Map<string, string>();
  /** Sizes on disk of files found too large, in bytes: an open document knows only its length in characters. */
  private readonly diskSizes = new Map<string, number>();
  /** Open files over the size limit the user was told about (once per file and session). */
  private readonly warned = new Set<string>();
  private scanned: Promise<void> | undefined;
  /** The glob settings last refused, so that the message is not repeated on every scan. */
  private refusedGlobs: string | undefined;
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.fallback = new WorkspaceIndex(emptyRegistry(), { registryPath: '', displayPath: (p) => this.display(p), t: vscode.l10n.t });
    this.disposables.push(this.changeEmitter);
  }

  /** Scans the workspace once and starts watching; later calls return the same promise. */
  start(): Promise<void> {
    this.scanned ??= this.scan();
    return this.scanned;
  }

  get registryStates(): RegistryState[] {
    return [...this.registries.values()];
  }

  registryState(uri: vscode.Uri): RegistryState | undefined {
    return this.registries.get(uri.toString());
  }

  /** The registry an article belongs to. */
  registryFor(uri: vscode.Uri): RegistryState | undefined {
    const owner = this.articles.get(uri.toString())?.owner ?? this.ownerOf(uri);
    return owner ? this.registries.get(owner) : undefined;
  }

  indexFor(uri: vscode.Uri): WorkspaceIndex {
    return this.registryFor(uri)?.index ?? this.fallback;
  }

  analysis(uri: vscode.Uri): DocumentAnalysis | undefined {
    return this.indexFor(uri).get(uri.toString());
  }

  diagnostics(uri: vscode.Uri): FigureDiagnostic[] {
    return this.indexFor(uri).diagnostics(uri.toString());
  }

  /**
   * The analysis of an open document as it is now: a hover or a light bulb asked for during the
   * edit debounce analyses the buffer at once rather than answer from older text.
   */
  current(document: vscode.TextDocument): DocumentAnalysis | undefined {
    if (this.overLimit(document)) return undefined;
    const analysis = this.analysis(document.uri);
    if (analysis && this.isCurrent(document)) return analysis;
    if (!this.isArticleDocument(document)) return analysis;
    this.updateDocument(document);
    return this.analysis(document.uri);
  }

  /** Whether the analysis of an open document is of its text as it is now. */
  isCurrent(document: vscode.TextDocument): boolean {
    const key = document.uri.toString();
    const analysis = this.analysis(document.uri);
    if (!analysis) return false;
    const analysed = this.analysedVersions.get(key);
    // The same open document (a reopened one starts its versions again), at the same version.
    if (analysed && analysed.document === document) return analysed.version === document.version;
    // Read from disk, or by another document object: compare the texts once, and remember the answer.
    if (analysis.text !== this.textOf(document)) return false;
    this.analysedVersions.set(key, { document, version: document.version });
    return true;
  }

  /** An open document's text as it is now. */
  textOf(document: vscode.TextDocument): string {
    const key = document.uri.toString();
    const buffer = this.buffers.get(key);
    // The length check is cheap (VS Code keeps line lengths summed) and catches a copy gone wrong.
    if (buffer && buffer.document === document && buffer.version === document.version && buffer.text.length === lengthOf(document)) return buffer.text;
    const text = document.getText();
    this.buffers.set(key, { document, version: document.version, text });
    return text;
  }

  /**
   * Applies a change event to the text kept of its document. The changes of one event apply one
   * after the other, each at its offset in the text the ones before it left (as VS Code's own copy
   * in the extension host applies them). A version skipped drops the copy: getText() then.
   */
  acceptChange(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const buffer = this.buffers.get(key);
    if (!buffer || event.contentChanges.length === 0) return;
    if (buffer.document !== event.document || buffer.version + 1 !== event.document.version) {
      this.buffers.delete(key);
      return;
    }
    let text = buffer.text;
    for (const change of event.contentChanges) text = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
    buffer.text = text;
    buffer.version = event.document.version;
  }

  /** Forgets what was kept of a closed document: its text, and the version analysed. */
  closeDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.buffers.get(key)?.document === document) this.buffers.delete(key);
    if (this.analysedVersions.get(key)?.document === document) this.analysedVersions.delete(key);
  }

  /**
   * The version of the open document whose text the analysis of `uri` is of; undefined when it was
   * read from disk. Views that keep what they showed by identity compare it too: an edit undone
   * before its analysis gives back the same analysis, while VS Code moved the old ranges with it.
   */
  analysedVersion(uri: vscode.Uri): number | undefined {
    return this.analysedVersions.get(uri.toString())?.version;
  }

  /** Whether a debounced analysis of this document is waiting. */
  hasPendingAnalysis(uri: vscode.Uri): boolean {
    return this.pending.has(uri.toString());
  }

  /** Why a file is not analysed, or undefined. */
  skipReason(uri: vscode.Uri): string | undefined {
    return this.skipped.get(uri.toString());
  }

  figureAt(uri: vscode.Uri, offset: number): AnalyzedFigure | undefined {
    return this.analysis(uri)?.figures.find((f) => f.span.start <= offset && offset <= f.span.end);
  }

  articleUris(): vscode.Uri[] {
    return [...this.articles.values()].map((a) => a.uri);
  }

  isArticleDocument(document: vscode.TextDocument): boolean {
    if (document.languageId !== 'markdown' && document.languageId !== 'plaintext') return false;
    if (isRegistryUri(document.uri)) return false;
    // Files on disk, untitled buffers, remote files, and virtual workspaces (github.dev's vscode-vfs).
    return ARTICLE_SCHEMES.has(document.uri.scheme);
  }

  /** A path as the user knows it: relative to the workspace. */
  display(path: string): string {
    try {
      return vscode.workspace.asRelativePath(vscode.Uri.parse(path), false);
    } catch {
      return path;
    }
  }

  // ---- updates -----------------------------------------------------------------------------

  /** Re-analyses an open document after the debounce delay. */
  scheduleDocument(document: vscode.TextDocument, delay = this.settings.value.debounceMs): void {
    const key = document.uri.toString();
    this.bump(key);
    const existing = this.pending.get(key);
    if (existing) clearTimeout(existing);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (document.isClosed) return;
        if (this.overLimit(document)) {
          if (this.dropTooLarge(document)) this.changeEmitter.fire();
          return;
        }
        if (isRegistryUri(document.uri)) this.setRegistryText(document.uri, this.textOf(document));
        else if (this.isArticleDocument(document)) this.setArticleText(document.uri, this.textOf(document), document);
        this.changeEmitter.fire();
      }, delay),
    );
  }

  /** Analyses an open document now. */
  updateDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.bump(key);
    // This analysis is of the buffer as it is: a debounced one still waiting would only repeat it
    // (a light bulb or hover asking during the debounce used to cost every edit two analyses).
    const pending = this.pending.get(key);
    if (pending) {
      clearTimeout(pending);
      this.pending.delete(key);
    }
    if (this.overLimit(document)) {
      // Never read or analyse it (a hover or light bulb asks again and again): say so once.
      if (this.dropTooLarge(document)) this.changeEmitter.fire();
      return;
    }
    if (isRegistryUri(document.uri)) this.setRegistryText(document.uri, this.textOf(document));
    else if (this.isArticleDocument(document)) this.setArticleText(document.uri, this.textOf(document), document);
    else return;
    this.changeEmitter.fire();
  }

  /** Reads a file from disk unless an open buffer holds newer text. */
  async updateFromDisk(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (this.openDocument(uri)) return;
    const generation = this.bump(key);
    const reasonBefore = this.skipped.get(key);
    const text = await this.read(uri);
    // A newer edit or read started meanwhile: this result is stale.
    if (this.generation.get(key) !== generation) return;
    if (text === undefined) {
      // Now skipped (grown too large, binary, unreadable): its older analysis goes, and the views learn why.
      const stale = this.articles.get(key);
      if (stale) {
        this.indexByOwner(stale.owner).remove(key);
        this.articles.delete(key);
      }
      if (stale || this.skipped.get(key) !== reasonBefore) this.changeEmitter.fire();
      return;
    }
    if (isRegistryUri(uri)) this.setRegistryText(uri, text);
    else this.setArticleText(uri, text);
    this.changeEmitter.fire();
  }

  removeUri(uri: vscode.Uri): void {
    const key = uri.toString();
    this.bump(key);
    this.analysedVersions.delete(key);
    this.skipped.delete(key);
    this.diskSizes.delete(key);
    if (this.registries.has(key)) {
      this.registries.delete(key);
      this.reassignArticles();
    } else {
      const article = this.articles.get(key);
      if (!article) return;
      this.indexByOwner(article.owner).remove(key);
      this.articles.delete(key);
    }
    this.changeEmitter.fire();
  }

  /** Re-reads everything, e.g. after the article globs changed. */
  async rescan(): Promise<void> {
    for (const key of [...this.articles.keys()]) this.indexByOwner(this.articles.get(key)!.owner).remove(key);
    this.articles.clear();
    this.registries.clear();
    this.skipped.clear();
    this.diskSizes.clear();
    this.scanned = this.scan();
    await this.scanned;
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }

  // ---- internals ---------------------------------------------------------------------------

  private bump(key: string): number {
    const next = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, next);
    return next;
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
  }

  private async scan(): Promise<void> {
    const started = Date.now();
    const { registryGlob, articleGlobs, exclude } = this.checkedGlobs();
    const excludeGlob = exclude.length ? `{${exclude.join(',')}}` : undefined;
    const registryUris = await vscode.workspace.findFiles(registryGlob, excludeGlob);
    for (const uri of registryUris) {
      const open = this.openDocument(uri);
      const text = open ? open.getText() : await this.read(uri);
      if (text !== undefined) this.setRegistryText(uri, text, false);
    }
    const articleUris = new Map<string, vscode.Uri>();
    for (const glob of articleGlobs) {
      for (const uri of await vscode.workspace.findFiles(glob, excludeGlob)) articleUris.set(uri.toString(), uri);
    }
    for (const uri of articleUris.values()) {
      const open = this.openDocument(uri);
      const text = open ? open.getText() : await this.read(uri);
      if (text !== undefined) this.setArticleText(uri, text);
    }
    for (const document of vscode.workspace.textDocuments) {
      if (this.isArticleDocument(document) && !this.articles.has(document.uri.toString())) this.setArticleText(document.uri, this.textOf(document), document);
    }
    this.log.info(`Scanned ${registryUris.length} registr${registryUris.length === 1 ? 'y' : 'ies'} and ${articleUris.size} articles in ${Date.now() - started} ms`);
    this.changeEmitter.fire();
  }

  /**
   * The scan's globs, without any that would point outside the workspace (absolute, or climbing
   * out with `..`): those are refused with a message and the default is used instead.
   */
  private checkedGlobs(): { registryGlob: string; articleGlobs: string[]; exclude: string[] } {
    const { registryGlob, articleGlobs, exclude } = this.settings.value;
    const refused: string[] = [];
    let registry = registryGlob;
    if (globProblem(registryGlob)) {
      refused.push(`factLedger.registry.glob: ${registryGlob}`);
      registry = DEFAULT_REGISTRY_GLOB;
    }
    const articles = articleGlobs.filter((glob) => {
      if (!globProblem(glob)) return true;
      refused.push(`factLedger.articles.include: ${glob}`);
      return false;
    });
    if (refused.length > 0) {
      const key = refused.join('\n');
      if (this.refusedGlobs !== key) {
        this.refusedGlobs = key;
        notify('warning', vscode.l10n.t('Fact Ledger ignores settings that point outside the workspace: {0}', refused.join('; ')));
      }
    } else this.refusedGlobs = undefined;
    return { registryGlob: registry, articleGlobs: articles, exclude };
  }

  private async read(uri: vscode.Uri): Promise<string | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      const limit = this.settings.value.maxFileSizeMB * 1024 * 1024;
      if (stat.size > limit) {
        this.diskSizes.set(uri.toString(), stat.size);
        this.skip(uri, this.tooLargeReason(stat.size));
        return undefined;
      }
      this.diskSizes.delete(uri.toString());
      // A link may lead out of the workspace (and a file linked from inside would count twice).
      if (stat.type & vscode.FileType.SymbolicLink) {
        this.skip(uri, vscode.l10n.t('a symbolic link; open its target instead'));
        return undefined;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (!isRegistryUri(uri)) {
        // Articles not open in an editor: UTF-8, UTF-16 with a BOM, GBK or Big5 (an open editor has VS Code's own decoding).
        const decoded = decodeArticle(bytes);
        if ('error' in decoded) {
          this.skip(uri, decoded.error === 'binary' ? vscode.l10n.t('a binary file') : vscode.l10n.t('not in an encoding Fact Ledger reads (UTF-8, UTF-16, GBK, Big5)'));
          return undefined;
        }
        if (decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom') this.log.info(`Read ${this.display(uri.toString())} as ${decoded.encoding}`);
        this.skipped.delete(uri.toString());
        return decoded.text;
      }
      if (bytes.includes(0)) {
        this.skip(uri, vscode.l10n.t('a binary file'));
        return undefined;
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        this.skip(uri, vscode.l10n.t('not UTF-8 text'));
        return undefined;
      }
      this.skipped.delete(uri.toString());
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      this.log.error(`Cannot read ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private limitBytes(): number {
    return this.settings.value.maxFileSizeMB * 1024 * 1024;
  }

  private tooLargeReason(size: number): string {
    return vscode.l10n.t('{0} MB, over the limit of {1} MB (setting factLedger.maxFileSizeMB)', (size / 1024 / 1024).toFixed(1), this.settings.value.maxFileSizeMB);
  }

  private skip(uri: vscode.Uri, reason: string): void {
    const key = uri.toString();
    if (this.skipped.get(key) !== reason) this.log.warn(`Skipped ${this.display(key)}: ${reason}`);
    this.skipped.set(key, reason);
  }

  /**
   * The size of an open document without building its text: its length in characters, or its
   * size on disk when that was found too large and the buffer has no unsaved edits.
   */
  private sizeOf(document: vscode.TextDocument): number {
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    const onDisk = document.isDirty ? undefined : this.diskSizes.get(document.uri.toString());
    return Math.max(length, onDisk ?? 0);
  }

  /** An open article or registry over the size limit. */
  private overLimit(document: vscode.TextDocument): boolean {
    if (!isRegistryUri(document.uri) && !this.isArticleDocument(document)) return false;
    return this.sizeOf(document) > this.limitBytes();
  }

  /**
   * Records an open document as too large, tells the user once, and forgets any older analysis
   * of it. Returns whether the model changed.
   */
  private dropTooLarge(document: vscode.TextDocument): boolean {
    const key = document.uri.toString();
    const size = this.sizeOf(document);
    this.skip(document.uri, this.tooLargeReason(size));
    if (!this.warned.has(key)) {
      this.warned.add(key);
      notify(
        'warning',
        vscode.l10n.t('Fact Ledger does not check {0}: it is {1} MB, over the limit of {2} MB (setting factLedger.maxFileSizeMB).', this.display(key), (size / 1024 / 1024).toFixed(1), this.settings.value.maxFileSizeMB),
      );
    }
    const article = this.articles.get(key);
    if (!article) return false;
    this.indexByOwner(article.owner).remove(key);
    this.articles.delete(key);
    return true;
  }

  private ownerOf(uri: vscode.Uri): string {
    let best: RegistryState | undefined;
    for (const state of this.registries.values()) {
      if (uri.scheme !== state.uri.scheme || uri.authority !== state.uri.authority) continue;
      if (uri.path.startsWith(state.dir) && (!best || state.dir.length > best.dir.length)) best = state;
    }
    if (best) return best.uri.toString();
    // Untitled buffers and files outside every registry's folder use the first registry, if any.
    if (uri.scheme === 'untitled' && this.registries.size > 0) return this.registries.keys().next().value ?? NO_REGISTRY;
    return NO_REGISTRY;
  }

  private indexByOwner(owner: string): WorkspaceIndex {
    return (owner && this.registries.get(owner)?.index) || this.fallback;
  }

  /** `document`: the open document this text is of (at its current version); none when read from disk. */
  private setArticleText(uri: vscode.Uri, text: string, document?: vscode.TextDocument): void {
    const key = uri.toString();
    if (document === undefined) this.analysedVersions.delete(key);
    else this.analysedVersions.set(key, { document, version: document.version });
    const skip = text.length > this.limitBytes() ? this.tooLargeReason(text.length) : text.includes('\u0000') ? vscode.l10n.t('a binary file') : undefined;
    if (skip) {
      this.skip(uri, skip);
      const stale = this.articles.get(key);
      if (stale) {
        this.indexByOwner(stale.owner).remove(key);
        this.articles.delete(key);
      }
      return;
    }
    this.skipped.delete(key);
    const owner = this.ownerOf(uri);
    const previous = this.articles.get(key);
    if (previous && previous.owner !== owner) this.indexByOwner(previous.owner).remove(key);
    this.articles.set(key, { owner, text, uri });
    this.indexByOwner(owner).update(key, text);
  }

  private setRegistryText(uri: vscode.Uri, text: string, reassign = true): void {
    const key = uri.toString();
    const registry = parseRegistry(text, { t: vscode.l10n.t });
    const existing = this.registries.get(key);
    // Not readable as YAML (often half-typed): the articles keep the facts of the last readable
    // version rather than lose every link until the next keystroke.
    const unreadable = registry.problems.some((p) => p.code === 'yaml-syntax' && p.severity === 'error');
    if (existing && unreadable && existing.registry.facts.length > 0) {
      existing.text = text;
      existing.problems = registry.problems;
      this.log.warn(`${this.display(key)} is not readable YAML: keeping the ${existing.registry.facts.length} facts of its last readable version`);
      return;
    }
    if (existing) {
      existing.text = text;
      existing.goodText = text;
      existing.registry = registry;
      existing.problems = registry.problems;
      existing.index.setRegistry(registry, key);
    } else {
      const dir = dirOf(uri);
      const index = new WorkspaceIndex(registry, {
        registryPath: key,
        ignoreKey: (p) => relativePath(dir, vscode.Uri.parse(p)),
        displayPath: (p) => this.display(p),
        t: vscode.l10n.t,
      });
      this.registries.set(key, { uri, dir, text, goodText: text, registry, problems: registry.problems, index });
      if (reassign) this.reassignArticles();
    }
    const errors = registry.problems.filter((p) => p.severity === 'error').length;
    this.log.info(`Loaded ${this.display(key)}: ${registry.facts.length} facts, ${errors} errors`);
  }

  /** After registries appear or vanish, move each article to its nearest registry. */
  private reassignArticles(): void {
    for (const [key, article] of this.articles) {
      const owner = this.ownerOf(article.uri);
      if (owner === article.owner) continue;
      this.indexByOwner(article.owner).remove(key);
      article.owner = owner;
      this.indexByOwner(owner).update(key, article.text);
    }
  }
}

/** A document's length in UTF-16 code units, without joining its lines. */
function lengthOf(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}
