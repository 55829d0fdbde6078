// The fact sheet: a webview panel for one fact — its claim, registry value, status, sources, and a
// chart of every value claimed across the workspace against the registry's interval. The page is
// built by media/factSheet.js from JSON the extension posts; it posts back only requests to open a
// claim or a source, which are checked against what was sent.
import * as vscode from 'vscode';
import { formatFactValue, formatFigure } from '../core/format';
import { factInterval, figureInterval, type Interval } from '../core/intervals';
import type { Fact } from '../core/types';
import { statusName } from './counts';
import { claimInfos, FACTS_COMMANDS, revealClaim, viewsApi, type FactsNode } from './factsTree';
import type { FactLedgerModel, RegistryState } from './model';
import { nonce } from './platform';

const VIEW_TYPE = 'factLedger.factSheet';
const UPDATE_DELAY_MS = 100;

/** One claim as the webview gets it. Intervals are in the fact's unit; dates as day numbers. */
export interface SheetClaim {
  path: string;
  file: string;
  line: number;
  character: number;
  text: string;
  value: string;
  /** 'point' for a single stated value, 'bar' for a range or a bound; absent when incomparable. */
  kind?: 'point' | 'bar';
  min?: number | null;
  max?: number | null;
  conflict: boolean;
  problems: string[];
  agrees: boolean | null;
}

export interface SheetData {
  id: string;
  claim: string | null;
  value: string;
  bound: string;
  status: string;
  /** The status in the display language. */
  statusName: string;
  unit: string;
  note: string | null;
  registry: string;
  /** The registry's interval; null ends are open. Absent when the fact has no value. */
  interval?: { min: number | null; max: number | null };
  sources: { title: string; url: string | null; date: string | null; quote: string | null }[];
  claims: SheetClaim[];
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function isHttpUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function sheetData(model: FactLedgerModel, state: RegistryState, fact: Fact): SheetData {
  const factRange: Interval | undefined = factInterval(fact);
  const claims = claimInfos(state, fact).map((c): SheetClaim => {
    const interval = figureInterval(c.figure, fact.unit, fact);
    const single = c.figure.bound === 'exact' && (c.figure.unit === 'date' ? !c.figure.dateEnd && c.figure.date?.day != null : c.figure.min === c.figure.max);
    const result: SheetClaim = {
      path: c.path,
      file: model.display(c.path),
      line: c.range.start.line,
      character: c.range.start.character,
      text: c.figure.text,
      value: formatFigure(c.figure),
      conflict: c.problems.length > 0,
      problems: c.problems.map((p) => p.message),
      agrees: c.agrees ?? null,
    };
    if (interval && (Number.isFinite(interval.min) || Number.isFinite(interval.max))) {
      if (single) {
        // The stated value itself, not the rounding slack around it.
        const mid = Number.isFinite(interval.min) && Number.isFinite(interval.max) ? (interval.min + interval.max) / 2 : finite(interval.min) ?? interval.max;
        Object.assign(result, { kind: 'point', min: mid, max: mid });
      } else {
        Object.assign(result, { kind: 'bar', min: finite(interval.min), max: finite(interval.max) });
      }
    }
    return result;
  });
  return {
    id: fact.id,
    claim: fact.claim ?? null,
    value: formatFactValue(fact),
    bound: fact.bound,
    status: fact.status,
    statusName: statusName(fact.status),
    unit: fact.unit,
    note: fact.note ?? null,
    registry: model.display(state.uri.toString()),
    interval: factRange ? { min: finite(factRange.min), max: finite(factRange.max) } : undefined,
    sources: fact.sources.map((s) => ({ title: s.title ?? s.url ?? vscode.l10n.t('untitled source'), url: isHttpUrl(s.url) ? s.url : null, date: s.date ?? null, quote: s.quote ?? null })),
    claims,
  };
}

/** The page script's labels in the display language, keyed by their English text (media/factSheet.js). */
function sheetLabels(): Record<string, string> {
  return {
    'No claim can be placed on a common axis with this fact’s unit.': vscode.l10n.t('No claim can be placed on a common axis with this fact’s unit.'),
    'Claimed values of {0}': vscode.l10n.t('Claimed values of {0}'),
    'Values claimed for {0} in each article, against the registry’s {1}': vscode.l10n.t('Values claimed for {0} in each article, against the registry’s {1}'),
    'registry interval': vscode.l10n.t('registry interval'),
    'registry: {0}': vscode.l10n.t('registry: {0}'),
    'logarithmic scale': vscode.l10n.t('logarithmic scale'),
    'linear scale': vscode.l10n.t('linear scale'),
    date: vscode.l10n.t('date'),
    agrees: vscode.l10n.t('agrees'),
    disagrees: vscode.l10n.t('disagrees'),
    conflict: vscode.l10n.t('conflict'),
    'no registry value to compare': vscode.l10n.t('no registry value to compare'),
    '● stated value · ▬ range or bound': vscode.l10n.t('● stated value · ▬ range or bound'),
    'Edit Entry': vscode.l10n.t('Edit Entry'),
    'Registry value': vscode.l10n.t('Registry value'),
    Status: vscode.l10n.t('Status'),
    'Unit · bound': vscode.l10n.t('Unit · bound'),
    Registry: vscode.l10n.t('Registry'),
    Note: vscode.l10n.t('Note'),
    Where: vscode.l10n.t('Where'),
    Text: vscode.l10n.t('Text'),
    Value: vscode.l10n.t('Value'),
    State: vscode.l10n.t('State'),
    'No claim text.': vscode.l10n.t('No claim text.'),
    'Claims across the workspace ({0})': vscode.l10n.t('Claims across the workspace ({0})'),
    'Claims across the workspace ({0}, {1} in conflict)': vscode.l10n.t('Claims across the workspace ({0}, {1} in conflict)'),
    'No article claims this fact yet.': vscode.l10n.t('No article claims this fact yet.'),
    Sources: vscode.l10n.t('Sources'),
    'No sources recorded.': vscode.l10n.t('No sources recorded.'),
    'The fact {0} is no longer in the registry.': vscode.l10n.t('The fact {0} is no longer in the registry.'),
  };
}

/** What a sheet's page keeps with vscode.setState, for the serializer after a window reload. */
export interface SheetState {
  registry: string;
  id: string;
}

/**
 * The saved state of a page, if it is one: the page is the webview's, so its state is checked
 * like any message — a registry URI of an allowed scheme, a fact id of the registry's syntax.
 */
export function parseSheetState(state: unknown): SheetState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { registry, id } = state as Record<string, unknown>;
  if (typeof registry !== 'string' || typeof id !== 'string' || id.length > 200 || !/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(id)) return undefined;
  try {
    const uri = vscode.Uri.parse(registry, true);
    if (!SHEET_SCHEMES.has(uri.scheme)) return undefined;
  } catch {
    return undefined;
  }
  return { registry, id };
}

const SHEET_SCHEMES = new Set(['file', 'vscode-remote', 'vscode-vfs', 'vscode-test-web', 'untitled']);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** One open fact sheet. */
export class FactSheet implements vscode.Disposable {
  /** The HTML last set on the webview (for tests). */
  html = '';
  /** The data last posted to the webview. */
  data: SheetData | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly updateEmitter = new vscode.EventEmitter<void>();
  /** Fires after data was posted to the webview (for tests). */
  readonly onDidUpdate = this.updateEmitter.event;

  constructor(
    private readonly model: FactLedgerModel,
    private readonly mediaRoot: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    readonly registry: string,
    readonly factId: string,
  ) {
    const webview = panel.webview;
    this.disposables.push(
      this.updateEmitter,
      webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      model.onDidChange(() => this.schedule()),
      panel.onDidDispose(() => this.dispose()),
    );
    this.html = this.render();
    webview.html = this.html;
  }

  get key(): string {
    return `${this.registry}#${this.factId}`;
  }

  /** The webview URI of media/ (what every resource in the page starts with). */
  get resourceRoot(): string {
    return this.panel.webview.asWebviewUri(this.mediaRoot).toString();
  }

  private render(): string {
    const webview = this.panel.webview;
    const n = nonce();
    const scale = webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'chartScale.js'));
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'factSheet.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'factSheet.css'));
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${n}';`;
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(style.toString())}">
<title>${escapeHtml(vscode.l10n.t('Fact: {0}', this.factId))}</title>
</head>
<body>
<main id="sheet" aria-live="polite"><p class="muted">${escapeHtml(vscode.l10n.t('Loading…'))}</p></main>
<script nonce="${n}" src="${escapeHtml(scale.toString())}"></script>
<script nonce="${n}" src="${escapeHtml(script.toString())}"></script>
</body>
</html>
`;
  }

  /** Builds the data from the model and posts it; the panel title follows the fact. */
  update(): void {
    const state = this.model.registryState(vscode.Uri.parse(this.registry));
    const fact = state?.registry.byId.get(this.factId);
    const saved: SheetState = { registry: this.registry, id: this.factId };
    if (!state || !fact) {
      this.data = undefined;
      void this.panel.webview.postMessage({ type: 'missing', id: this.factId, labels: sheetLabels(), state: saved });
      this.updateEmitter.fire();
      return;
    }
    this.data = sheetData(this.model, state, fact);
    void this.panel.webview.postMessage({ type: 'update', data: this.data, labels: sheetLabels(), state: saved });
    this.updateEmitter.fire();
  }

  /**
   * Handles a message from the webview. Returns whether it was acted on: a claim is opened only
   * when its path and position are among the claims sent; a source only when its URL is an
   * http(s) URL among the sources sent.
   */
  async receive(message: unknown): Promise<boolean> {
    if (typeof message !== 'object' || message === null) return false;
    const m = message as Record<string, unknown>;
    switch (m.type) {
      case 'ready':
        this.update();
        return true;
      case 'open': {
        const claim = this.data?.claims.find((c) => c.path === m.path && c.line === m.line && c.character === m.character);
        if (!claim) return false;
        const state = this.model.registryState(vscode.Uri.parse(this.registry));
        const fact = state?.registry.byId.get(this.factId);
        const info = state && fact ? claimInfos(state, fact).find((c) => c.path === claim.path && c.range.start.line === claim.line && c.range.start.character === claim.character) : undefined;
        const position = new vscode.Position(claim.line, claim.character);
        await revealClaim(claim.path, info?.range ?? new vscode.Range(position, position), false);
        return true;
      }
      case 'openSource': {
        const url = typeof m.url === 'string' ? m.url : undefined;
        if (!isHttpUrl(url) || !this.data?.sources.some((s) => s.url === url)) return false;
        return vscode.env.openExternal(vscode.Uri.parse(url, true));
      }
      case 'editEntry':
        await vscode.commands.executeCommand('factLedger.openFact', this.registry, this.factId);
        return true;
      default:
        return false;
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, UPDATE_DELAY_MS);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.panel.dispose();
  }
}

/** Every open fact sheet, one per fact, and the command that opens them. */
export class FactSheets implements vscode.Disposable {
  readonly sheets = new Map<string, FactSheet>();
  private readonly openEmitter = new vscode.EventEmitter<FactSheet>();
  /** Fires when a sheet opens (for tests). */
  readonly onDidOpen = this.openEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.openEmitter];
  private readonly mediaRoot: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly model: FactLedgerModel,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    this.disposables.push(
      vscode.commands.registerCommand(FACTS_COMMANDS.openFactSheet, (registry?: unknown, id?: unknown) => this.openCommand(registry, id)),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => {
          await this.revive(panel, state);
        },
      }),
    );
  }

  /** The sheet opened last, if still open. */
  get last(): FactSheet | undefined {
    return [...this.sheets.values()].pop();
  }

  /**
   * Arguments: (registry URI string, fact id); a Facts view node; { registry?, id } (from a
   * keybinding); (undefined, id) to find the id in any registry; nothing, for a quick pick.
   */
  private async openCommand(registry?: unknown, id?: unknown): Promise<FactSheet | undefined> {
    try {
      await this.model.start();
      let target: { registry: string; id: string } | undefined;
      if (registry && typeof registry === 'object' && 'kind' in registry) {
        const node = registry as FactsNode;
        const factNode = node.kind === 'fact' ? node : node.kind === 'claim' ? node.parent : undefined;
        if (factNode) target = { registry: factNode.registry, id: factNode.fact.id };
      } else if (registry && typeof registry === 'object') {
        const r = registry as { registry?: unknown; id?: unknown };
        if (typeof r.id === 'string') target = this.resolve(typeof r.registry === 'string' ? r.registry : undefined, r.id);
      } else if (typeof id === 'string') {
        target = this.resolve(typeof registry === 'string' && registry ? registry : undefined, id);
      }
      if (!target && registry === undefined && id === undefined) target = await this.pick();
      else if (!target) throw new Error(vscode.l10n.t("no fact {0} in the workspace's registries", typeof id === 'string' ? id : ''));
      return target ? this.open(target.registry, target.id) : undefined;
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Fact Ledger: {0}', error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  }

  private resolve(registry: string | undefined, id: string): { registry: string; id: string } | undefined {
    const states = registry ? [this.model.registryState(vscode.Uri.parse(registry))].filter((s): s is RegistryState => !!s) : this.model.registryStates;
    const state = states.find((s) => s.registry.byId.has(id));
    return state ? { registry: state.uri.toString(), id } : undefined;
  }

  private async pick(): Promise<{ registry: string; id: string } | undefined> {
    const items = this.model.registryStates.flatMap((state) =>
      state.registry.facts.map((fact) => ({
        label: fact.id,
        description: `${formatFactValue(fact)} · ${statusName(fact.status)}`,
        detail: fact.claim,
        registry: state.uri.toString(),
      })),
    );
    if (items.length === 0) throw new Error(vscode.l10n.t('the workspace has no facts.yaml registry with facts'));
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open Fact Sheet'), placeHolder: vscode.l10n.t('Fact'), matchOnDescription: true, matchOnDetail: true });
    return pick && { registry: pick.registry, id: pick.label };
  }

  open(registry: string, id: string): FactSheet {
    const key = `${registry}#${id}`;
    const existing = this.sheets.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Fact: {0}', id), vscode.ViewColumn.Active, this.panelOptions());
    return this.adopt(panel, registry, id);
  }

  /** The webview options of every sheet: scripts from media/ only. */
  private panelOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.mediaRoot] };
  }

  /**
   * Brings back a sheet VS Code restored after a window reload (its WebviewPanelSerializer). A
   * state that does not check out closes the panel; a fact that is gone says so in the sheet.
   */
  async revive(panel: vscode.WebviewPanel, state: unknown): Promise<FactSheet | undefined> {
    const saved = parseSheetState(state);
    if (!saved) {
      panel.dispose();
      return undefined;
    }
    panel.webview.options = this.panelOptions();
    panel.title = vscode.l10n.t('Fact: {0}', saved.id);
    await this.model.start();
    const existing = this.sheets.get(`${saved.registry}#${saved.id}`);
    if (existing) {
      // Already open again (e.g. by a command during start-up): one sheet per fact.
      panel.dispose();
      return existing;
    }
    return this.adopt(panel, saved.registry, saved.id);
  }

  private adopt(panel: vscode.WebviewPanel, registry: string, id: string): FactSheet {
    const key = `${registry}#${id}`;
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'facts.svg');
    const sheet = new FactSheet(this.model, this.mediaRoot, panel, registry, id);
    this.sheets.set(key, sheet);
    sheet.onDidDispose(() => {
      if (this.sheets.get(key) === sheet) this.sheets.delete(key);
    });
    this.openEmitter.fire(sheet);
    return sheet;
  }

  dispose(): void {
    for (const sheet of [...this.sheets.values()]) sheet.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function registerFactSheet(context: vscode.ExtensionContext, model: FactLedgerModel): vscode.Disposable {
  const sheets = new FactSheets(context.extensionUri, model);
  viewsApi.factSheet = sheets;
  return sheets;
}
