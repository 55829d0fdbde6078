// The status bar: this file's figures and conflicts, or a hint when the workspace has no registry.
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import type { FactLedgerModel } from './model';

export function registerStatusBar(model: FactLedgerModel): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('factLedger.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Fact Ledger';
  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    if (model.registryStates.length === 0) {
      item.text = `$(law) ${vscode.l10n.t('No facts.yaml')}`;
      item.tooltip = vscode.l10n.t('Fact Ledger found no facts.yaml registry in this workspace: figures are highlighted but not checked. Click to create one.');
      item.command = COMMANDS.createRegistry;
      item.show();
      return;
    }
    const doc = editor ? model.analysis(editor.document.uri) : undefined;
    if (!editor || !doc) {
      item.hide();
      return;
    }
    const linked = doc.figures.filter((f) => f.fact).length;
    const conflicts = model.diagnostics(editor.document.uri).length;
    item.text = `$(law) ${vscode.l10n.t('{0} figures · {1} linked', doc.figures.length, linked)}` + (conflicts ? ` · $(warning) ${conflicts}` : '');
    item.tooltip = vscode.l10n.t('Fact Ledger: {0} figures in this file, {1} linked to the registry, {2} conflicts', doc.figures.length, linked, conflicts);
    item.command = 'workbench.actions.view.problems';
    item.show();
  };
  update();
  return vscode.Disposable.from(item, model.onDidChange(update), vscode.window.onDidChangeActiveTextEditor(update));
}
