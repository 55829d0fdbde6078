// Highlights every figure in visible editors, by state: linked and consistent, conflicting,
// disputed, unlinked. Colours are theme colours contributed in package.json.
import * as vscode from 'vscode';
import { sameItems } from '../core/arrays';
import type { AnalyzedFigure, DocumentAnalysis, WorkspaceIndex } from '../core/workspace';
import type { FigureDiagnostic } from '../core/types';
import type { FactLedgerModel } from './model';
import type { HighlightStyle, Settings } from './settings';

export type FigureState = 'linked' | 'conflict' | 'disputed' | 'unlinked';
const STATES: FigureState[] = ['linked', 'conflict', 'disputed', 'unlinked'];

function decorationType(state: FigureState, style: HighlightStyle): vscode.TextEditorDecorationType {
  const colour = new vscode.ThemeColor(`factLedger.${state}Background`);
  const border = new vscode.ThemeColor(`factLedger.${state}Border`);
  const overview = state === 'conflict' ? { overviewRulerColor: border, overviewRulerLane: vscode.OverviewRulerLane.Right } : {};
  if (style === 'underline') {
    return vscode.window.createTextEditorDecorationType({
      borderWidth: '0 0 2px 0',
      borderStyle: state === 'unlinked' ? 'dotted' : 'solid',
      borderColor: border,
      ...overview,
    });
  }
  return vscode.window.createTextEditorDecorationType({
    backgroundColor: colour,
    borderRadius: '2px',
    ...(state === 'unlinked' ? { border: '1px dotted', borderColor: border } : {}),
    ...overview,
  });
}

/** The state a figure is shown in. Exported for the hover and tests. */
export function figureStates(model: FactLedgerModel, uri: vscode.Uri): Map<number, FigureState> {
  const states = new Map<number, FigureState>();
  const doc = model.analysis(uri);
  if (!doc) return states;
  const conflicting = new Set(model.diagnostics(uri).map((d) => d.span.start));
  const index = model.indexFor(uri);
  for (const figure of doc.figures) {
    const state = stateOf(figure, conflicting, index);
    if (state) states.set(figure.span.start, state);
  }
  return states;
}

function stateOf(figure: AnalyzedFigure, conflicting: ReadonlySet<number>, index: WorkspaceIndex): FigureState | undefined {
  if (figure.ignored) return undefined;
  if (conflicting.has(figure.span.start)) return 'conflict';
  if (figure.fact) return index.fact(figure.fact)?.status === 'disputed' ? 'disputed' : 'linked';
  return 'unlinked';
}

/** The ranges last applied to each visible document, by state: what the user sees (for tests). */
export class AppliedHighlights {
  readonly byDocument = new Map<string, Record<FigureState, vscode.Range[]>>();
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with a document URI after its highlights were set. */
  readonly onDidApply = this.emitter.event;

  set(uri: string, ranges: Record<FigureState, vscode.Range[]>): void {
    this.byDocument.set(uri, ranges);
    this.emitter.fire(uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * An article with more figures than this is highlighted around what its editor shows (conflicts
 * everywhere, for the overview ruler): each keystroke in a 1 MB article would otherwise send ~8,000
 * ranges to the window. Scrolling out of the highlighted lines highlights the new ones.
 */
export const WINDOWED_FIGURES = 2000;
/** Lines highlighted above and below what an editor shows, when its article is windowed. */
export const WINDOW_MARGIN_LINES = 300;

/** What an editor's highlights were last made from, to skip a repeat (another article changed). */
interface Decorated {
  /** The figures (a new array whenever they or their links change, the registry's too). */
  figures: readonly AnalyzedFigure[] | undefined;
  conflicts: readonly FigureDiagnostic[];
  generation: number;
  /**
   * The document's version: after an edit the highlights are set again even when the analysis is
   * the same (an edit undone before its analysis), since VS Code moved the old ones with the edit.
   */
  version: number;
  /** The lines highlighted (all of them when undefined). */
  lines?: { from: number; to: number };
}

export function registerDecorations(model: FactLedgerModel, settings: Settings, applied = new AppliedHighlights()): vscode.Disposable {
  let types = new Map<FigureState, vscode.TextEditorDecorationType>();
  let generation = 0;
  const decorated = new WeakMap<vscode.TextEditor, Decorated>();
  const createTypes = (): void => {
    for (const t of types.values()) t.dispose();
    types = new Map(STATES.map((s) => [s, decorationType(s, settings.value.highlightStyle)]));
    generation++;
  };
  createTypes();

  /** The lines an editor shows, with the margin; undefined for the whole article. */
  const linesToHighlight = (editor: vscode.TextEditor, doc: DocumentAnalysis | undefined): { from: number; to: number } | undefined => {
    if (!doc || doc.figures.length <= WINDOWED_FIGURES || editor.visibleRanges.length === 0) return undefined;
    const from = Math.min(...editor.visibleRanges.map((r) => r.start.line));
    const to = Math.max(...editor.visibleRanges.map((r) => r.end.line));
    return { from: Math.max(0, from - WINDOW_MARGIN_LINES), to: to + WINDOW_MARGIN_LINES };
  };

  const decorate = (editor: vscode.TextEditor): void => {
    const doc = model.analysis(editor.document.uri);
    // While an edit waits for its debounce, keep the old highlights: VS Code moves them with the text.
    if (doc && !model.isCurrent(editor.document)) return;
    const conflicts = doc ? model.diagnostics(editor.document.uri) : [];
    const lines = linesToHighlight(editor, doc);
    const last = decorated.get(editor);
    const version = editor.document.version;
    if (last && last.figures === doc?.figures && last.generation === generation && last.version === version && sameItems(last.conflicts, conflicts) && covers(last.lines, lines)) return;
    // Highlight twice the margin beyond what is shown, so that scrolling a little asks for nothing.
    const window = lines && { from: Math.max(0, lines.from - WINDOW_MARGIN_LINES), to: lines.to + WINDOW_MARGIN_LINES };
    decorated.set(editor, { figures: doc?.figures, conflicts, generation, version, lines: window });
    const byState = new Map<FigureState, vscode.Range[]>(STATES.map((s) => [s, []]));
    const { highlightStyle, highlightUnlinked, ignoredUnits } = settings.value;
    if (doc && highlightStyle !== 'none') {
      const conflicting = new Set(conflicts.map((d) => d.span.start));
      const index = model.indexFor(editor.document.uri);
      const from = window ? doc.lines.offsetAt({ line: window.from, character: 0 }) : 0;
      const to = window ? doc.lines.offsetAt({ line: window.to + 1, character: 0 }) : Infinity;
      for (const figure of doc.figures) {
        const state = stateOf(figure, conflicting, index);
        if (!state || (state === 'unlinked' && !highlightUnlinked) || ignoredUnits.includes(figure.unit)) continue;
        // Outside the window only conflicts: the overview ruler shows them all.
        if (state !== 'conflict' && (figure.span.end < from || figure.span.start > to)) continue;
        const r = doc.lines.rangeOf(figure.span);
        byState.get(state)!.push(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
      }
    }
    for (const [state, ranges] of byState) editor.setDecorations(types.get(state)!, ranges);
    applied.set(editor.document.uri.toString(), Object.fromEntries(byState) as Record<FigureState, vscode.Range[]>);
  };
  const decorateAll = (): void => vscode.window.visibleTextEditors.forEach(decorate);

  return vscode.Disposable.from(
    model.onDidChange(decorateAll),
    vscode.window.onDidChangeVisibleTextEditors(decorateAll),
    // Only a windowed article's highlights depend on what is shown; decorate() returns at once otherwise.
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => decorate(e.textEditor)),
    settings.onDidChange(() => {
      createTypes();
      decorateAll();
    }),
    { dispose: () => types.forEach((t) => t.dispose()) },
  );
}

/** Whether highlighted lines (undefined: all) include the lines wanted (undefined: all). */
function covers(highlighted: { from: number; to: number } | undefined, wanted: { from: number; to: number } | undefined): boolean {
  if (!highlighted) return true;
  if (!wanted) return false;
  return highlighted.from <= wanted.from && wanted.to <= highlighted.to;
}
