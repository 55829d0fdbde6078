// Highlights every figure in visible editors, by state: linked and consistent, conflicting,
// disputed, unlinked. Colours are theme colours contributed in package.json.
import * as vscode from 'vscode';
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
    if (figure.ignored) continue;
    if (conflicting.has(figure.span.start)) states.set(figure.span.start, 'conflict');
    else if (figure.fact) states.set(figure.span.start, index.fact(figure.fact)?.status === 'disputed' ? 'disputed' : 'linked');
    else states.set(figure.span.start, 'unlinked');
  }
  return states;
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

export function registerDecorations(model: FactLedgerModel, settings: Settings, applied = new AppliedHighlights()): vscode.Disposable {
  let types = new Map<FigureState, vscode.TextEditorDecorationType>();
  const createTypes = (): void => {
    for (const t of types.values()) t.dispose();
    types = new Map(STATES.map((s) => [s, decorationType(s, settings.value.highlightStyle)]));
  };
  createTypes();

  const decorate = (editor: vscode.TextEditor): void => {
    const doc = model.analysis(editor.document.uri);
    // While an edit waits for its debounce, keep the old highlights: VS Code moves them with the text.
    if (doc && doc.text !== editor.document.getText()) return;
    const byState = new Map<FigureState, vscode.Range[]>(STATES.map((s) => [s, []]));
    const { highlightStyle, highlightUnlinked, ignoredUnits } = settings.value;
    if (doc && highlightStyle !== 'none') {
      const states = figureStates(model, editor.document.uri);
      for (const figure of doc.figures) {
        const state = states.get(figure.span.start);
        if (!state || (state === 'unlinked' && !highlightUnlinked) || ignoredUnits.includes(figure.unit)) continue;
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
    settings.onDidChange(() => {
      createTypes();
      decorateAll();
    }),
    { dispose: () => types.forEach((t) => t.dispose()) },
  );
}
