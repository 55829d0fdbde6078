// Completion in facts.yaml: unit, status and bound values, the keys a fact or a source still
// lacks, and at fact-id indentation a new-fact snippet and the id namespaces in use. What fits
// where is decided in core/registryCompletion.ts; this file only adapts it to VS Code.
import * as vscode from 'vscode';
import { registryCompletions, type RegistryCompletion } from '../core/registryCompletion';

export const REGISTRY_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', pattern: '**/facts.yaml' },
  // A registry opened before the YAML language is known (or with YAML support disabled).
  { language: 'plaintext', pattern: '**/facts.yaml' },
];

const KINDS: Record<RegistryCompletion['kind'], vscode.CompletionItemKind> = {
  value: vscode.CompletionItemKind.EnumMember,
  key: vscode.CompletionItemKind.Property,
  snippet: vscode.CompletionItemKind.Snippet,
  namespace: vscode.CompletionItemKind.Module,
};

function toItem(document: vscode.TextDocument, completion: RegistryCompletion): vscode.CompletionItem {
  const item = new vscode.CompletionItem({ label: completion.label, description: completion.detail }, KINDS[completion.kind]);
  item.detail = completion.detail;
  if (completion.documentation) item.documentation = new vscode.MarkdownString(completion.documentation);
  item.insertText = completion.snippet ? new vscode.SnippetString(completion.insertText) : completion.insertText;
  item.range = new vscode.Range(document.positionAt(completion.replace.start), document.positionAt(completion.replace.end));
  item.sortText = completion.sortText;
  // A quoted value ("false") still filters on what is typed without the quote.
  item.filterText = document.getText(item.range).startsWith('"') ? `"${completion.label}` : completion.label;
  if (completion.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
  return item;
}

export function registerRegistryLanguage(): vscode.Disposable {
  const provider: vscode.CompletionItemProvider = {
    provideCompletionItems(document, position) {
      const completions = registryCompletions(document.getText(), document.offsetAt(position), { t: vscode.l10n.t });
      if (completions.length === 0) return undefined;
      return new vscode.CompletionList(completions.map((c) => toItem(document, c)), false);
    },
  };
  return vscode.languages.registerCompletionItemProvider(REGISTRY_SELECTOR, provider, ':', ' ');
}
