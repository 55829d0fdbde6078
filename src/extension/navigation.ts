// Go to Definition from a figure to its registry entry; Find All References from a fact id in
// facts.yaml to every figure; a CodeLens above each fact.
import * as vscode from 'vscode';
import { LineIndex } from '../core/lineIndex';
import type { WorkspaceIndex } from '../core/workspace';
import { isKeptRegistry, isRegistryUri, type FactLedgerModel, type RegistryState } from './model';
import { counted } from './counts';

function claimLocations(index: WorkspaceIndex, factId: string): vscode.Location[] {
  return index.claimsOf(factId).flatMap((claim) => {
    const doc = index.get(claim.path);
    if (!doc) return [];
    const r = doc.lines.rangeOf(claim.figure.span);
    return [new vscode.Location(vscode.Uri.parse(claim.path), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character))];
  });
}

function factAt(state: RegistryState, offset: number) {
  // Positions are of the last readable text while the file is not readable YAML.
  if (isKeptRegistry(state)) return undefined;
  return state.registry.facts.find((f) => f.location.start <= offset && offset <= f.location.end);
}

export function registerNavigation(model: FactLedgerModel): vscode.Disposable {
  const lensEmitter = new vscode.EventEmitter<void>();
  const articles = [{ language: 'markdown' }, { language: 'plaintext' }];
  const registry = { pattern: '**/facts.yaml' };
  return vscode.Disposable.from(
    lensEmitter,
    model.onDidChange(() => lensEmitter.fire()),
    vscode.languages.registerDefinitionProvider(articles, {
      provideDefinition(document, position) {
        model.current(document);
        const figure = model.figureAt(document.uri, document.offsetAt(position));
        const state = model.registryFor(document.uri);
        const fact = figure?.fact ? state?.registry.byId.get(figure.fact) : undefined;
        if (!fact || !state) return undefined;
        const lines = new LineIndex(state.goodText);
        const r = lines.rangeOf(fact.location);
        return new vscode.Location(state.uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
      },
    }),
    vscode.languages.registerReferenceProvider(registry, {
      provideReferences(document, position) {
        const state = model.registryState(document.uri);
        if (!state || !isRegistryUri(document.uri)) return undefined;
        const fact = factAt(state, document.offsetAt(position));
        return fact ? claimLocations(state.index, fact.id) : undefined;
      },
    }),
    vscode.languages.registerCodeLensProvider(registry, {
      onDidChangeCodeLenses: lensEmitter.event,
      provideCodeLenses(document) {
        const state = model.registryState(document.uri);
        if (!state || state.text !== document.getText() || isKeptRegistry(state)) return [];
        // Count conflicting claims, not diagnostics: one figure may have a conflict and a cross-conflict.
        const conflictsByFact = new Map<string, Set<string>>();
        for (const path of state.index.paths()) {
          for (const d of state.index.diagnostics(path)) {
            let claims = conflictsByFact.get(d.fact);
            if (!claims) conflictsByFact.set(d.fact, (claims = new Set()));
            claims.add(`${path}#${d.span.start}`);
          }
        }
        return state.registry.facts.map((fact) => {
          const locations = claimLocations(state.index, fact.id);
          const conflicts = conflictsByFact.get(fact.id)?.size ?? 0;
          const title = counted.claims(locations.length) + (conflicts ? ` · ${counted.conflicts(conflicts)}` : '');
          const position = document.positionAt(fact.location.start);
          return new vscode.CodeLens(new vscode.Range(position, position), {
            title,
            command: locations.length ? 'editor.action.showReferences' : '',
            arguments: locations.length ? [document.uri, position, locations] : undefined,
          });
        });
      },
    }),
  );
}
