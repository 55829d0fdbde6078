// The one typed accessor for factLedger.* settings, refreshed on affectsConfiguration.
import * as vscode from 'vscode';
import type { DiagnosticCode, Severity } from '../core/types';

export type SeveritySetting = Severity | 'off';
export type HighlightStyle = 'background' | 'underline' | 'none';

export interface FactLedgerSettings {
  /** Glob of registry files. */
  registryGlob: string;
  /** Globs of articles checked across the workspace, open or not. */
  articleGlobs: string[];
  exclude: string[];
  severity: Record<DiagnosticCode, SeveritySetting>;
  highlightStyle: HighlightStyle;
  highlightUnlinked: boolean;
  /** Units never highlighted (e.g. "date"). */
  ignoredUnits: string[];
  debounceMs: number;
  /** Articles larger than this (in MB) are not analysed. */
  maxFileSizeMB: number;
}

const SECTION = 'factLedger';

let restrictedForTests = false;

/**
 * Whether Fact Ledger may change files and let hovers run commands: the workspace is trusted (and
 * Restricted Mode is not being simulated). In Restricted Mode it reads, highlights and diagnoses only.
 */
export function isWorkspaceTrusted(): boolean {
  return vscode.workspace.isTrusted && !restrictedForTests;
}

/**
 * Makes Fact Ledger behave as in Restricted Mode (for the integration tests: code-server runs
 * with workspace trust disabled, so a test cannot open an untrusted workspace). It can only take
 * trust away, never grant it.
 */
export function simulateRestrictedMode(on: boolean): void {
  restrictedForTests = on;
}

export function readSettings(): FactLedgerSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    registryGlob: c.get<string>('registry.glob', '**/facts.yaml'),
    articleGlobs: c.get<string[]>('articles.include', ['**/*.md', '**/*.markdown', '**/*.txt']),
    exclude: c.get<string[]>('articles.exclude', ['**/node_modules/**', '**/.git/**']),
    severity: {
      conflict: c.get<SeveritySetting>('severity.conflict', 'warning'),
      'cross-conflict': c.get<SeveritySetting>('severity.crossConflict', 'warning'),
    },
    highlightStyle: c.get<HighlightStyle>('highlight.style', 'background'),
    highlightUnlinked: c.get<boolean>('highlight.unlinked', true),
    ignoredUnits: c.get<string[]>('ignore.units', []),
    debounceMs: Math.max(0, c.get<number>('debounceMs', 250)),
    maxFileSizeMB: Math.max(0.1, c.get<number>('maxFileSizeMB', 10)),
  };
}

/** Holds the current settings and tells listeners when they change. */
export class Settings implements vscode.Disposable {
  private current = readSettings();
  private readonly emitter = new vscode.EventEmitter<FactLedgerSettings>();
  readonly onDidChange = this.emitter.event;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.current = readSettings();
      this.emitter.fire(this.current);
    });
  }

  get value(): FactLedgerSettings {
    return this.current;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}

export function toVscodeSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}
