// Building hover Markdown from untrusted text: everything from articles and registries is escaped.
// Hovers may run only Fact Ledger's own commands, and none in Restricted Mode.
import * as vscode from 'vscode';
import { isWorkspaceTrusted } from './settings';

/** Escapes Markdown, HTML and theme icons so that article or registry text renders as plain text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~"'$]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

/** A link target is shown only for http(s) URLs; anything else (command:, javascript:, file:) is text. */
export function safeLink(title: string, url: string | undefined): string {
  if (url && /^https?:\/\/[^\s<>()]+$/i.test(url)) return `[${escapeMarkdown(title)}](${url.replace(/\)/g, '%29')})`;
  return escapeMarkdown(title) + (url ? ` (${escapeMarkdown(url)})` : '');
}

/** Markdown that may run only the extension's own commands; none in Restricted Mode. */
export function trustedMarkdown(commands: string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = isWorkspaceTrusted() ? { enabledCommands: commands } : false;
  md.supportHtml = false;
  return md;
}

/** A link that runs one of our commands; in Restricted Mode only its label, as text. */
export function commandLink(label: string, command: string, args: unknown[]): string {
  if (!isWorkspaceTrusted()) return escapeMarkdown(label);
  return `[${escapeMarkdown(label)}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}
