// Hovers: on a figure, its value, the linked fact, its sources, what other articles say and, for
// a conflict, what to do; on a fact id in facts.yaml, every claim of it.
import * as vscode from 'vscode';
import { anchorAnnotation } from '../core/annotations';
import { formatFactValue, formatFigure } from '../core/format';
import type { Fact } from '../core/types';
import type { AnalyzedFigure, DocumentAnalysis, WorkspaceIndex } from '../core/workspace';
import { statusName } from './counts';
import { COMMANDS } from './commands';
import { commandLink, escapeMarkdown, safeLink, trustedMarkdown } from './markdown';
import { isKeptRegistry, isRegistryUri, type FactLedgerModel } from './model';
import { basisFor } from './registryWriter';

const MAX_CLAIMS = 12;
const HOVER_COMMANDS = [COMMANDS.openFact, COMMANDS.addFact, COMMANDS.useRegistryValue, COMMANDS.openLocation];

function appendSources(md: vscode.MarkdownString, fact: Fact): void {
  if (fact.sources.length === 0) {
    md.appendMarkdown(`\n\n*${vscode.l10n.t('No sources recorded.')}*`);
    return;
  }
  md.appendMarkdown(`\n\n**${vscode.l10n.t('Sources')}**`);
  for (const s of fact.sources) {
    const title = s.title ?? s.url ?? vscode.l10n.t('untitled source');
    let line = `\n- ${safeLink(title, s.url)}`;
    if (s.date) line += ` (${escapeMarkdown(s.date)})`;
    if (s.quote) line += `\n  > ${escapeMarkdown(s.quote)}`;
    md.appendMarkdown(line);
  }
}

function appendClaims(md: vscode.MarkdownString, model: FactLedgerModel, index: WorkspaceIndex, fact: Fact, exceptPath?: string, exceptStart?: number): void {
  const claims = index.claimsOf(fact.id).filter((c) => !(c.path === exceptPath && c.figure.span.start === exceptStart));
  if (claims.length === 0) return;
  md.appendMarkdown(`\n\n**${exceptPath ? vscode.l10n.t('Other claims') : vscode.l10n.t('Claims')}** (${claims.length})`);
  for (const claim of claims.slice(0, MAX_CLAIMS)) {
    const doc = index.get(claim.path);
    const pos = doc ? doc.lines.positionAt(claim.figure.span.start) : { line: 0, character: 0 };
    const agrees = index.agreesWithRegistry(claim.figure, fact);
    const mark = agrees === undefined ? '' : agrees ? '$(check) ' : '$(warning) ';
    const where = `${model.display(claim.path)}:${pos.line + 1}`;
    const link = commandLink(where, COMMANDS.openLocation, [claim.path, pos.line, pos.character]);
    md.appendMarkdown(`\n- ${mark}${link} — ${escapeMarkdown(claim.figure.text)} (${escapeMarkdown(formatFigure(claim.figure))})`);
  }
  if (claims.length > MAX_CLAIMS) md.appendMarkdown(`\n- ${vscode.l10n.t('… and {0} more', claims.length - MAX_CLAIMS)}`);
}

/** "Linked by hand (by X, date)" for a figure an annotation links, from that annotation's by/at. */
function handLink(model: FactLedgerModel, document: vscode.TextDocument, doc: DocumentAnalysis, figure: AnalyzedFigure): string | undefined {
  if (figure.linkedBy !== 'annotation') return undefined;
  const state = model.registryFor(document.uri);
  const file = state && document.uri.path.startsWith(state.dir) ? document.uri.path.slice(state.dir.length) : undefined;
  const annotation = state?.registry.annotations.find((a) => {
    if (a.fact !== figure.fact || a.file !== file) return false;
    const found = anchorAnnotation(doc.text, a.selector);
    return found !== undefined && found.span.start <= figure.span.start && figure.span.end <= found.span.end;
  });
  const who = [annotation?.by, annotation?.at?.slice(0, 10)].filter((x): x is string => Boolean(x));
  return who.length > 0 ? vscode.l10n.t('Linked by hand ({0})', who.join(', ')) : vscode.l10n.t('Linked by hand');
}

export function figureHover(model: FactLedgerModel, document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  model.current(document);
  const figure = model.figureAt(document.uri, document.offsetAt(position));
  if (!figure) return undefined;
  const doc = model.analysis(document.uri)!;
  const index = model.indexFor(document.uri);
  const md = trustedMarkdown(HOVER_COMMANDS);
  md.appendMarkdown(`**${escapeMarkdown(figure.text)}** → ${escapeMarkdown(formatFigure(figure))}`);
  const detail = [vscode.l10n.t('unit: {0}', figure.unit), vscode.l10n.t('bound: {0}', figure.bound)];
  if (figure.qualifier) detail.push(vscode.l10n.t('qualifier: {0}', figure.qualifier));
  md.appendMarkdown(`\n\n${escapeMarkdown(detail.join(' · '))}`);
  const r = doc.lines.rangeOf(figure.span);
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  if (figure.ignored) {
    md.appendMarkdown(`\n\n*${vscode.l10n.t('Ignored by a fact-ledger-ignore marker or the registry’s ignore list.')}*`);
    return new vscode.Hover(md, range);
  }
  const fact = figure.fact ? index.fact(figure.fact) : undefined;
  if (!fact) {
    const registry = model.registryFor(document.uri);
    md.appendMarkdown('\n\n' + (registry ? vscode.l10n.t('Not linked to any fact in the registry.') : vscode.l10n.t('No `facts.yaml` registry above this file.')));
    md.appendMarkdown(`\n\n${commandLink(vscode.l10n.t('Add a fact for this figure'), COMMANDS.addFact, [document.uri.toString(), figure.span.start, basisFor(model, document.uri) ?? null])}`);
    return new vscode.Hover(md, range);
  }
  md.appendMarkdown('\n\n---\n\n');
  md.appendMarkdown(`**${vscode.l10n.t('Fact')}** ${commandLink(fact.id, COMMANDS.openFact, [index.registryPath, fact.id])}`);
  if (fact.claim) md.appendMarkdown(` — ${escapeMarkdown(fact.claim)}`);
  md.appendMarkdown(`\n\n${vscode.l10n.t('Registry: {0} · status: {1}', `**${escapeMarkdown(formatFactValue(fact))}**`, escapeMarkdown(statusName(fact.status)))}`);
  const byHand = handLink(model, document, doc, figure);
  if (byHand) md.appendMarkdown(`\n\n$(link) ${escapeMarkdown(byHand)}`);
  appendSources(md, fact);
  appendClaims(md, model, index, fact, document.uri.toString(), figure.span.start);
  const problems = model.diagnostics(document.uri).filter((d) => d.span.start === figure.span.start);
  if (problems.length > 0) {
    md.appendMarkdown('\n\n---\n\n');
    for (const p of problems) md.appendMarkdown(`$(warning) ${escapeMarkdown(p.message)}\n\n`);
    md.appendMarkdown(`**${vscode.l10n.t('What to do:')}** ${vscode.l10n.t('check the sources. If the registry is right,')} `);
    md.appendMarkdown(commandLink(vscode.l10n.t('use the registry’s value'), COMMANDS.useRegistryValue, [document.uri.toString(), figure.span.start]));
    md.appendMarkdown(vscode.l10n.t('; if the article is right, correct the registry entry or mark the fact `disputed`.'));
  }
  return new vscode.Hover(md, range);
}

export function factIdHover(model: FactLedgerModel, document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const state = model.registryState(document.uri);
  if (!state || isKeptRegistry(state)) return undefined;
  const offset = document.offsetAt(position);
  const fact = state.registry.facts.find((f) => f.location.start <= offset && offset <= f.location.end);
  if (!fact) return undefined;
  const md = trustedMarkdown(HOVER_COMMANDS);
  md.appendMarkdown(`**${escapeMarkdown(fact.id)}** — ${escapeMarkdown(formatFactValue(fact))} · ${escapeMarkdown(statusName(fact.status))}`);
  if (fact.claim) md.appendMarkdown(`\n\n${escapeMarkdown(fact.claim)}`);
  const claims = state.index.claimsOf(fact.id);
  if (claims.length === 0) md.appendMarkdown(`\n\n*${vscode.l10n.t('No article claims this fact yet.')}*`);
  appendClaims(md, model, state.index, fact);
  const keyRange = document.getWordRangeAtPosition(position, /[a-z0-9][a-z0-9._-]*/);
  return new vscode.Hover(md, keyRange);
}

export function registerHover(model: FactLedgerModel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider([{ language: 'markdown' }, { language: 'plaintext' }], {
      provideHover: (document, position) => figureHover(model, document, position),
    }),
    vscode.languages.registerHoverProvider({ language: 'yaml', pattern: '**/facts.yaml' }, {
      provideHover: (document, position) => (isRegistryUri(document.uri) ? factIdHover(model, document, position) : undefined),
    }),
  );
}
