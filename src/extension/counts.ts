// Counts in the display language ("1 fact", "3 claims"): one bundle key for the singular and
// one for the plural, so that languages without plural forms translate both alike.
import * as vscode from 'vscode';
import type { FactStatus } from '../core/types';

export const counted = {
  facts: (n: number): string => (n === 1 ? vscode.l10n.t('{0} fact', n) : vscode.l10n.t('{0} facts', n)),
  claims: (n: number): string => (n === 1 ? vscode.l10n.t('{0} claim', n) : vscode.l10n.t('{0} claims', n)),
  conflicts: (n: number): string => (n === 1 ? vscode.l10n.t('{0} conflict', n) : vscode.l10n.t('{0} conflicts', n)),
  figures: (n: number): string => (n === 1 ? vscode.l10n.t('{0} figure', n) : vscode.l10n.t('{0} figures', n)),
  conflictingClaims: (n: number): string => (n === 1 ? vscode.l10n.t('{0} conflicting claim', n) : vscode.l10n.t('{0} conflicting claims', n)),
};

/** A registry status in the display language (the registry itself keeps the English keyword). */
export function statusName(status: FactStatus): string {
  switch (status) {
    case 'verified':
      return vscode.l10n.t('verified');
    case 'reported':
      return vscode.l10n.t('reported');
    case 'disputed':
      return vscode.l10n.t('disputed');
    case 'false':
      return vscode.l10n.t('false');
  }
}
