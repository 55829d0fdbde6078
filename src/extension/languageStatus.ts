// A language status item for articles: "N figures · M linked · K conflicts" for the current file,
// and "Show Claims in This File": a quick pick of the file's figures that reveals the chosen one.
import * as vscode from 'vscode';
import { formatFigure } from '../core/format';
import type { AnalyzedFigure } from '../core/workspace';
import { counted } from './counts';
import { viewsApi } from './factsTree';
import type { FactLedgerModel } from './model';

export const SHOW_FILE_CLAIMS = 'factLedger.showFileClaims';
const SELECTOR: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'plaintext' }];

export interface FileSummary {
  figures: number;
  linked: number;
  /** Figures with at least one conflict (with the registry or another article). */
  conflicts: number;
}

export interface FigurePick extends vscode.QuickPickItem {
  figure: AnalyzedFigure;
  range: vscode.Range;
}

export function fileSummary(model: FactLedgerModel, uri: vscode.Uri): FileSummary | undefined {
  const doc = model.analysis(uri);
  if (!doc) return undefined;
  const conflicting = new Set(model.diagnostics(uri).map((d) => d.span.start));
  return { figures: doc.figures.length, linked: doc.figures.filter((f) => f.fact && !f.ignored).length, conflicts: conflicting.size };
}

export function summaryText(s: FileSummary): string {
  return `${counted.figures(s.figures)} · ${vscode.l10n.t('{0} linked', s.linked)} · ${counted.conflicts(s.conflicts)}`;
}

/** The quick pick's items for a file: each figure with its normalised value and linked fact. */
export function figurePicks(model: FactLedgerModel, uri: vscode.Uri): FigurePick[] {
  const doc = model.analysis(uri);
  if (!doc) return [];
  const problems = model.diagnostics(uri);
  const index = model.indexFor(uri);
  return doc.figures.map((figure) => {
    const r = doc.lines.rangeOf(figure.span);
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const mine = problems.filter((d) => d.span.start === figure.span.start);
    const fact = figure.fact ? index.fact(figure.fact) : undefined;
    const detail = figure.ignored
      ? vscode.l10n.t('ignored')
      : fact
        ? vscode.l10n.t('linked to {0} ({1})', fact.id, fact.status) + (mine.length ? ` · ${[...new Set(mine.map((d) => d.code))].join(', ')}` : '')
        : vscode.l10n.t('not linked');
    return {
      label: figure.text,
      description: `${formatFigure(figure)} · ${vscode.l10n.t('line {0}', range.start.line + 1)}`,
      detail,
      iconPath: new vscode.ThemeIcon(mine.length ? 'warning' : fact ? 'link' : 'circle-outline'),
      figure,
      range,
    };
  });
}

export class LanguageStatus implements vscode.Disposable {
  readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly updateEmitter = new vscode.EventEmitter<void>();
  /** Fires after the item's text was set (for tests). */
  readonly onDidUpdate = this.updateEmitter.event;
  private readonly pickEmitter = new vscode.EventEmitter<vscode.QuickPick<FigurePick>>();
  /** Fires when the file's claims are shown in a quick pick (for tests). */
  readonly onDidShowPick = this.pickEmitter.event;

  constructor(private readonly model: FactLedgerModel) {
    this.item = vscode.languages.createLanguageStatusItem('factLedger.figures', SELECTOR);
    this.item.name = 'Fact Ledger';
    this.disposables.push(
      this.item,
      this.updateEmitter,
      this.pickEmitter,
      model.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.commands.registerCommand(SHOW_FILE_CLAIMS, (uri?: unknown) => this.showFileClaims(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : undefined)),
    );
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const summary = editor && fileSummary(this.model, editor.document.uri);
    const registry = editor && this.model.registryFor(editor.document.uri);
    const skipped = editor && !summary ? this.model.skipReason(editor.document.uri) : undefined;
    if (!editor || !summary) {
      this.item.text = 'Fact Ledger';
      this.item.detail = skipped ? vscode.l10n.t('not checked: {0}', skipped) : vscode.l10n.t('not checked');
      this.item.severity = skipped ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
      this.item.command = undefined;
    } else {
      this.item.text = summaryText(summary);
      this.item.detail = registry ? vscode.l10n.t('checked against {0}', this.model.display(registry.uri.toString())) : vscode.l10n.t('no facts.yaml above this file');
      this.item.severity = summary.conflicts > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
      this.item.command = { title: vscode.l10n.t('Show Claims'), command: SHOW_FILE_CLAIMS, arguments: [editor.document.uri.toString()], tooltip: vscode.l10n.t('Fact Ledger: Show Claims in This File') };
    }
    this.item.accessibilityInformation = { label: `Fact Ledger: ${this.item.text}` };
    this.updateEmitter.fire();
  }

  /** Shows the file's figures; the highlighted one is revealed as you move, the chosen one selected. */
  async showFileClaims(uri?: vscode.Uri): Promise<FigurePick | undefined> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Fact Ledger: open an article first.'));
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(target);
    if (!this.model.analysis(target)) this.model.updateDocument(document);
    const items = figurePicks(this.model, target);
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Fact Ledger: no figures in {0}.', this.model.display(target.toString())));
      return undefined;
    }
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
    const before = editor.selection;
    const quickPick = vscode.window.createQuickPick<FigurePick>();
    quickPick.items = items;
    quickPick.title = vscode.l10n.t('Claims in {0}', this.model.display(target.toString()));
    quickPick.placeholder = vscode.l10n.t('Figure, value or fact');
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    const chosen = await new Promise<FigurePick | undefined>((resolve) => {
      let accepted: FigurePick | undefined;
      quickPick.onDidChangeActive(([active]) => {
        if (active) editor.revealRange(active.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      });
      quickPick.onDidAccept(() => {
        accepted = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        quickPick.dispose();
        resolve(accepted);
      });
      quickPick.show();
      this.pickEmitter.fire(quickPick);
    });
    if (chosen) {
      editor.selection = new vscode.Selection(chosen.range.start, chosen.range.end);
      editor.revealRange(chosen.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else {
      editor.revealRange(before, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    return chosen;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function registerLanguageStatus(model: FactLedgerModel): vscode.Disposable {
  const status = new LanguageStatus(model);
  viewsApi.languageStatus = status;
  return status;
}
