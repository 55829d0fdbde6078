// The Facts view: every registry's facts grouped by status, each with the claims articles make
// about it; a filter to conflicts only; a badge counting conflicting claims. Also the views' test
// API (what activate() exposes for the integration tests).
import * as vscode from 'vscode';
import { formatFactValue, formatFigure } from '../core/format';
import type { Fact, FactStatus, FigureDiagnostic } from '../core/types';
import type { AnalyzedFigure } from '../core/workspace';
import type { FactLedgerModel, RegistryState } from './model';
import { counted, statusName } from './counts';

export const FACTS_VIEW = 'factLedger.facts';
export const FACTS_COMMANDS = {
  showConflictsOnly: 'factLedger.facts.showConflictsOnly',
  showAll: 'factLedger.facts.showAll',
  editEntry: 'factLedger.facts.editEntry',
  openFactSheet: 'factLedger.openFactSheet',
} as const;
/** Context key: the view shows conflicting claims only (picks the title button's icon). */
const CONFLICTS_ONLY_KEY = 'factLedger.facts.conflictsOnly';
const REFRESH_DELAY_MS = 100;
const STATUSES: FactStatus[] = ['verified', 'reported', 'disputed', 'false'];
const STATUS_ICONS: Record<FactStatus, string> = { verified: 'pass', reported: 'comment', disputed: 'question', false: 'error' };

export interface ClaimInfo {
  path: string;
  figure: AnalyzedFigure;
  /** 0-based line and character of the figure's start, and its range. */
  range: vscode.Range;
  /** Diagnostics on this figure (conflict, cross-conflict). */
  problems: FigureDiagnostic[];
  /** Whether the figure agrees with the registry's value (undefined without one). */
  agrees: boolean | undefined;
}

export interface StatusNode {
  kind: 'status';
  status: FactStatus;
  facts: FactNode[];
}

export interface FactNode {
  kind: 'fact';
  /** The registry's URI, as a string. */
  registry: string;
  fact: Fact;
  claims: ClaimNode[];
  parent: StatusNode;
}

export interface ClaimNode {
  kind: 'claim';
  claim: ClaimInfo;
  parent: FactNode;
}

export type FactsNode = StatusNode | FactNode | ClaimNode;

/** The problems of a registry's articles by file and figure start, each file's computed once, when first asked. */
export class ProblemIndex {
  private readonly byPath = new Map<string, Map<number, FigureDiagnostic[]>>();

  constructor(private readonly state: RegistryState) {}

  /** The problems of the figure starting at `start` in a file (a map lookup: the Facts view asks for thousands). */
  at(path: string, start: number): readonly FigureDiagnostic[] {
    return this.starts(path).get(start) ?? [];
  }

  private starts(path: string): Map<number, FigureDiagnostic[]> {
    let starts = this.byPath.get(path);
    if (!starts) {
      starts = new Map();
      for (const d of this.state.index.diagnostics(path)) {
        const list = starts.get(d.span.start);
        if (list) list.push(d);
        else starts.set(d.span.start, [d]);
      }
      this.byPath.set(path, starts);
    }
    return starts;
  }
}

/** Every claim of a fact in one registry, with its place, problems and agreement. Shared with the fact sheet. */
export function claimInfos(state: RegistryState, fact: Fact, problemIndex: ProblemIndex = new ProblemIndex(state)): ClaimInfo[] {
  return state.index.claimsOf(fact.id).flatMap(({ path, figure }) => {
    const doc = state.index.get(path);
    if (!doc) return [];
    const r = doc.lines.rangeOf(figure.span);
    const problems = problemIndex.at(path, figure.span.start).filter((d) => d.fact === fact.id);
    return [{ path, figure, range: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), problems, agrees: state.index.agreesWithRegistry(figure, fact) }];
  });
}

/** Opens an article at a claim, with the figure selected. */
export async function revealClaim(path: string, range: vscode.Range, preview = true): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(path));
  return vscode.window.showTextDocument(document, { selection: range, preview });
}

export class FactsTree implements vscode.TreeDataProvider<FactsNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<FactsNode | undefined>();
  private readonly refreshEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** Fires after the tree was rebuilt (for tests). */
  readonly onDidRefresh = this.refreshEmitter.event;
  readonly view: vscode.TreeView<FactsNode>;
  private roots: StatusNode[] = [];
  private conflicts = 0;
  private filter = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The tree is older than the model: changes came while the view was hidden (see schedule). */
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: FactLedgerModel) {
    this.view = vscode.window.createTreeView(FACTS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changeEmitter,
      this.refreshEmitter,
      model.onDidChange(() => this.schedule()),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) this.rebuild();
      }),
      vscode.commands.registerCommand(FACTS_COMMANDS.showConflictsOnly, () => this.setConflictsOnly(true)),
      vscode.commands.registerCommand(FACTS_COMMANDS.showAll, () => this.setConflictsOnly(false)),
      vscode.commands.registerCommand(FACTS_COMMANDS.editEntry, (node?: FactsNode) => {
        const fact = node?.kind === 'fact' ? node : node?.kind === 'claim' ? node.parent : undefined;
        if (fact) return vscode.commands.executeCommand('factLedger.openFact', fact.registry, fact.fact.id);
        return undefined;
      }),
    );
    void vscode.commands.executeCommand('setContext', CONFLICTS_ONLY_KEY, false);
    this.rebuild();
  }

  get conflictsOnly(): boolean {
    return this.filter;
  }

  /** Whether the tree is older than the model (changes while the view was hidden; for tests). */
  get isStale(): boolean {
    return this.stale;
  }

  /** Conflicting claims across the workspace (what the badge shows). */
  get conflictCount(): number {
    return this.conflicts;
  }

  async setConflictsOnly(on: boolean): Promise<void> {
    this.filter = on;
    await vscode.commands.executeCommand('setContext', CONFLICTS_ONLY_KEY, on);
    this.view.description = on ? vscode.l10n.t('conflicts only') : undefined;
    this.rebuild();
  }

  /** Rebuilds now (tests call this after waiting for the model). */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.rebuild();
  }

  getTreeItem(node: FactsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'status': {
        const item = new vscode.TreeItem(statusName(node.status), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `status:${node.status}`;
        item.iconPath = new vscode.ThemeIcon(STATUS_ICONS[node.status]);
        const conflicting = node.facts.filter((f) => f.claims.some((c) => c.claim.problems.length > 0)).length;
        item.description = counted.facts(node.facts.length) + (conflicting ? ` · ${vscode.l10n.t('{0} with conflicts', conflicting)}` : '');
        item.contextValue = 'status';
        return item;
      }
      case 'fact': {
        const { fact } = node;
        const conflicts = node.claims.filter((c) => c.claim.problems.length > 0).length;
        // Filtered to conflicts, facts open on their conflicting claims (an id of their own keeps
        // the expansion the user chose in the full view apart).
        const open = this.filter ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
        const item = new vscode.TreeItem(fact.id, node.claims.length ? open : vscode.TreeItemCollapsibleState.None);
        item.id = `${this.filter ? 'conflicts:' : ''}fact:${node.registry}#${fact.id}`;
        const multiple = this.model.registryStates.length > 1 ? ` · ${this.model.display(node.registry)}` : '';
        item.description = `${formatFactValue(fact)} · ${counted.claims(node.claims.length)}` + (conflicts ? ` · ${counted.conflicts(conflicts)}` : '') + multiple;
        // Plain text: registry text is never rendered as Markdown here.
        item.tooltip = [fact.id, fact.claim, vscode.l10n.t('Registry: {0} · status: {1}', formatFactValue(fact), statusName(fact.status)), fact.sources.map((s) => s.title ?? s.url).filter(Boolean).join('; ')]
          .filter(Boolean)
          .join('\n');
        item.iconPath = new vscode.ThemeIcon(conflicts ? 'warning' : 'law', conflicts ? new vscode.ThemeColor('list.warningForeground') : undefined);
        item.contextValue = 'fact';
        return item;
      }
      case 'claim': {
        const { claim } = node;
        const line = claim.range.start.line + 1;
        const item = new vscode.TreeItem(`${this.model.display(claim.path)}:${line}`, vscode.TreeItemCollapsibleState.None);
        item.id = `${this.filter ? 'conflicts:' : ''}claim:${node.parent.registry}#${node.parent.fact.id}#${claim.path}#${claim.figure.span.start}`;
        const value = `${claim.figure.text} → ${formatFigure(claim.figure)}`;
        const codes = [...new Set(claim.problems.map((p) => p.code))];
        item.description = codes.length ? `${value} · ${codes.join(', ')}` : value;
        item.tooltip = [value, ...claim.problems.map((p) => p.message)].join('\n');
        item.iconPath = claim.problems.length
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : claim.agrees
            ? new vscode.ThemeIcon('check', new vscode.ThemeColor('charts.green'))
            : new vscode.ThemeIcon('circle-outline');
        item.contextValue = claim.problems.length ? 'claim.conflict' : 'claim';
        item.command = { title: vscode.l10n.t('Open Claim'), command: 'vscode.open', arguments: [vscode.Uri.parse(claim.path), { selection: claim.range, preview: true }] };
        return item;
      }
    }
  }

  getChildren(node?: FactsNode): FactsNode[] {
    if (!node) {
      if (this.stale) this.rebuild();
      return this.roots;
    }
    if (node.kind === 'status') return node.facts;
    if (node.kind === 'fact') return node.claims;
    return [];
  }

  getParent(node: FactsNode): FactsNode | undefined {
    return node.kind === 'status' ? undefined : node.parent;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  /**
   * A rebuild after the model changed, once changes pause. While the view is hidden only the badge
   * is brought up to date (it shows on the activity bar): the tree is rebuilt when the view is
   * shown or asked for its roots — at every keystroke in a long article, the whole tree cost
   * about 5 ms for nobody to see.
   */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.view.visible) this.rebuild();
      else this.recount();
    }, REFRESH_DELAY_MS);
  }

  /** The badge brought up to date, the tree left stale. */
  private recount(): void {
    this.stale = true;
    this.updateBadge();
    this.refreshEmitter.fire();
  }

  /** The badge: the claims with a problem, across the workspace (whatever the filter shows). */
  private updateBadge(): void {
    const conflicting = new Set<string>();
    for (const state of this.model.registryStates) {
      for (const path of state.index.paths()) for (const d of state.index.diagnostics(path)) conflicting.add(`${path}#${d.span.start}`);
    }
    this.conflicts = conflicting.size;
    this.view.badge = this.conflicts ? { value: this.conflicts, tooltip: counted.conflictingClaims(this.conflicts) } : undefined;
  }

  private rebuild(): void {
    const groups = new Map<FactStatus, StatusNode>(STATUSES.map((status) => [status, { kind: 'status', status, facts: [] }]));
    for (const state of this.model.registryStates) {
      const problems = new ProblemIndex(state);
      for (const fact of state.registry.facts) {
        const group = groups.get(fact.status) ?? groups.get('reported')!;
        const node: FactNode = { kind: 'fact', registry: state.uri.toString(), fact, claims: [], parent: group };
        let claims = claimInfos(state, fact, problems);
        if (this.filter) claims = claims.filter((c) => c.problems.length > 0);
        if (this.filter && claims.length === 0) continue;
        node.claims = claims.map((claim) => ({ kind: 'claim', claim, parent: node }));
        group.facts.push(node);
      }
    }
    this.roots = [...groups.values()].filter((g) => g.facts.length > 0);
    this.stale = false;
    this.updateBadge();
    this.view.message = this.roots.length
      ? undefined
      : this.filter
        ? vscode.l10n.t('No conflicting claims.')
        : this.model.registryStates.length
          ? vscode.l10n.t('The registry has no facts yet.')
          : vscode.l10n.t('No facts.yaml registry in this workspace.');
    this.changeEmitter.fire(undefined);
    this.refreshEmitter.fire();
  }
}

/** What the views expose through activate()'s return value, for the integration tests. */
export interface ViewsApi {
  factsTree?: FactsTree;
  factSheet?: import('./factSheet').FactSheets;
  languageStatus?: import('./languageStatus').LanguageStatus;
}

export const viewsApi: ViewsApi = {};

export function registerFactsTree(model: FactLedgerModel): vscode.Disposable {
  const tree = new FactsTree(model);
  viewsApi.factsTree = tree;
  return tree;
}
