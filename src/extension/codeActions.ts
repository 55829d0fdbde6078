// Quick fixes, keyed on the diagnostic code, and from the light bulb on any figure.
import * as vscode from 'vscode';
import { formatFactValue } from '../core/format';
import { restateFigure } from '../core/suggest';
import { COMMANDS } from './commands';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { FactLedgerModel } from './model';
import { basisFor, restrictedReason } from './registryWriter';

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

export class FactCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly model: FactLedgerModel) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const doc = this.model.current(document);
    if (!doc) return [];
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const figures = doc.figures.filter((f) => f.span.start <= end && f.span.end >= start && !f.ignored);
    const actions: vscode.CodeAction[] = [];
    const uri = document.uri.toString();
    // The registry text these fixes are offered on: a fix is refused if facts.yaml changes before it runs.
    const basis = basisFor(this.model, document.uri);
    for (const figure of figures) {
      const ours = context.diagnostics.filter(
        (d) => d.source === DIAGNOSTIC_SOURCE && document.offsetAt(d.range.start) === figure.span.start,
      );
      const conflicts = ours.filter((d) => codeOf(d) === 'conflict' || codeOf(d) === 'cross-conflict');
      const fact = figure.fact ? this.model.indexFor(document.uri).fact(figure.fact) : undefined;
      if (fact && conflicts.length > 0) {
        const replacement = restateFigure(figure, fact);
        if (replacement && fact.status !== 'false') {
          const action = new vscode.CodeAction(vscode.l10n.t("Use the registry's value: {0} ({1})", replacement, formatFactValue(fact)), vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, new vscode.Range(document.positionAt(figure.span.start), document.positionAt(figure.span.end)), replacement);
          action.diagnostics = conflicts;
          action.isPreferred = true;
          actions.push(action);
        }
      }
      if (!figure.fact) {
        const add = new vscode.CodeAction(vscode.l10n.t('Add a fact for "{0}"', figure.text), vscode.CodeActionKind.QuickFix);
        add.command = { command: COMMANDS.addFact, title: add.title, arguments: [uri, figure.span.start, basis] };
        actions.push(add);
        if (this.model.registryFor(document.uri)) {
          const link = new vscode.CodeAction(vscode.l10n.t('Link "{0}" to a fact…', figure.text), vscode.CodeActionKind.QuickFix);
          link.command = { command: COMMANDS.linkToFact, title: link.title, arguments: [uri, figure.span.start, undefined, basis] };
          actions.push(link);
        }
      }
      const ignore = new vscode.CodeAction(vscode.l10n.t('Ignore "{0}"', figure.text), vscode.CodeActionKind.QuickFix);
      ignore.command = { command: COMMANDS.ignoreFigure, title: ignore.title, arguments: [uri, figure.span.start, basis] };
      if (conflicts.length > 0) ignore.diagnostics = conflicts;
      actions.push(ignore);
    }
    // Restricted Mode: shown, but disabled with the reason, rather than silently missing.
    const restricted = restrictedReason();
    if (restricted) for (const action of actions) action.disabled = { reason: restricted };
    return actions;
  }
}

export function registerCodeActions(model: FactLedgerModel): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider([{ language: 'markdown' }, { language: 'plaintext' }], new FactCodeActionProvider(model), {
    providedCodeActionKinds: FactCodeActionProvider.kinds,
  });
}
