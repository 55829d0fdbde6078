// Fact Ledger's entry point: wires the model and one Disposable per feature. Activation does no
// scanning; the workspace scan starts right after activate() returns.
import * as vscode from 'vscode';
import { registerAnnotations } from './annotations';
import { registerCodeActions } from './codeActions';
import { FactLedgerCommands } from './commands';
import { AppliedHighlights, registerDecorations } from './decorations';
import { registerDiagnostics, SentProblems } from './diagnostics';
import { registerFactSheet } from './factSheet';
import { registerFactsTree, viewsApi, type ViewsApi } from './factsTree';
import { registerHover } from './hover';
import { registerLanguageStatus } from './languageStatus';
import { FactLedgerModel, isRegistryUri } from './model';
import { registerNavigation } from './navigation';
import { registerNewFact } from './newFact';
import { registerRegistryLanguage } from './registryLanguage';
import { disposeNotices, reliabilityApi } from './registryWriter';
import { Settings } from './settings';
import { registerStatusBar } from './statusBar';

/** What activate() returns: used by the integration tests to wait for the first scan. */
export interface FactLedgerApi {
  ready: Promise<void>;
  model: FactLedgerModel;
  /** The highlights last applied to each visible document. */
  highlights: AppliedHighlights;
  /** Blocks of Problems entries as they are sent to VS Code (for the integration tests). */
  problems: SentProblems;
  /** The Facts view, fact sheets and language status (for the integration tests). */
  views: ViewsApi;
  /** The messages Fact Ledger shows, and Restricted Mode simulated (for the integration tests). */
  reliability: typeof reliabilityApi;
  /** activate()'s own work, in ms (performance.now() at its start and end; bench/editor). */
  activationMs: number;
  /**
   * The extension host's CPU time over activate(), in ms, where Node tells it (undefined in a web
   * worker): on a busy machine the wall time also counts time the process waited for a core.
   */
  activationCpuMs?: number;
  /** From the start of activate() until `ready` (the first workspace scan), in ms; undefined before. */
  readyMs?: number;
}

export function activate(context: vscode.ExtensionContext): FactLedgerApi {
  const started = performance.now();
  const cpuAtStart = processCpuMs();
  const log = vscode.window.createOutputChannel('Fact Ledger', { log: true });
  const settings = new Settings();
  const model = new FactLedgerModel(settings, log);
  const highlights = new AppliedHighlights();
  const problems = new SentProblems();
  context.subscriptions.push(
    log,
    disposeNotices(),
    highlights,
    problems,
    settings,
    model,
    new FactLedgerCommands(model, log).register(),
    registerDiagnostics(context, model, settings, problems),
    registerDecorations(model, settings, highlights),
    registerHover(model),
    registerCodeActions(model),
    registerNavigation(model),
    registerStatusBar(model),
    registerWatchers(model, settings),
    registerAnnotations(context, model, log),
    registerFactsTree(model),
    registerFactSheet(context, model),
    registerLanguageStatus(model),
    registerRegistryLanguage(),
    registerNewFact(model, log),
  );
  const ready = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => model.start());
  ready.catch((error: unknown) => {
    log.error(`Workspace scan failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Fact Ledger could not scan the workspace; see the Fact Ledger output.'));
  });
  const api: FactLedgerApi = { ready, model, highlights, problems, views: viewsApi, reliability: reliabilityApi, activationMs: 0 };
  void ready.then(() => (api.readyMs = performance.now() - started), () => undefined);
  api.activationMs = performance.now() - started;
  const cpuAtEnd = processCpuMs();
  if (cpuAtStart !== undefined && cpuAtEnd !== undefined) api.activationCpuMs = cpuAtEnd - cpuAtStart;
  return api;
}

/** CPU time of the process so far, in ms; undefined where there is no Node `process` (a web worker). */
function processCpuMs(): number | undefined {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage?.();
  return usage && (usage.user + usage.system) / 1000;
}

/** Open buffers (live, debounced) and files on disk (watched) keep the model current. */
function registerWatchers(model: FactLedgerModel, settings: Settings): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  const watch = (glob: string): void => {
    const watcher = vscode.workspace.createFileSystemWatcher(glob);
    disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void model.updateFromDisk(uri)),
      watcher.onDidChange((uri) => void model.updateFromDisk(uri)),
      watcher.onDidDelete((uri) => model.removeUri(uri)),
    );
  };
  const watchAll = (): void => {
    watch(settings.value.registryGlob);
    for (const glob of settings.value.articleGlobs) watch(glob);
  };
  watchAll();
  let scanned = JSON.stringify([settings.value.registryGlob, settings.value.articleGlobs, settings.value.exclude, settings.value.maxFileSizeMB]);
  const relevant = (document: vscode.TextDocument): boolean => isRegistryUri(document.uri) || model.isArticleDocument(document);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (relevant(document)) model.updateDocument(document);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || !relevant(event.document)) return;
      model.acceptChange(event);
      model.scheduleDocument(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      model.closeDocument(document);
      // Unsaved edits are gone with the buffer: the file on disk is what counts again.
      if (document.uri.scheme !== 'untitled' && relevant(document)) void model.updateFromDisk(document.uri);
      else if (document.uri.scheme === 'untitled') model.removeUri(document.uri);
    }),
    settings.onDidChange((value) => {
      // Only a change of what is scanned needs a new scan; styles and severities apply as they are.
      const scope = JSON.stringify([value.registryGlob, value.articleGlobs, value.exclude, value.maxFileSizeMB]);
      if (scope === scanned) return;
      scanned = scope;
      for (const d of disposables.splice(0)) d.dispose();
      watchAll();
      void model.rescan();
    }),
    { dispose: () => disposables.forEach((d) => d.dispose()) },
  );
}

export function deactivate(): void {}
