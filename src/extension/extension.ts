import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Fact Ledger', { log: true });
  context.subscriptions.push(log);
  log.info('Fact Ledger activated');
}

export function deactivate(): void {}
