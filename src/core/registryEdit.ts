// Writes to the registry as minimal text edits, so comments, key order, quoting and blank lines
// outside the edit stay byte for byte. Pure: no `vscode`, no `fs`.

import { Document, Scalar, isAlias, isMap, isScalar, isSeq, stringify, visit } from 'yaml';
import type { ParsedNode, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex } from './lineIndex';
import { keyName, parseYaml } from './registry';
import type { Registry } from './registry';
import type { QuoteSelector, Verdict } from './annotations';
import type { FactBound, FactSource, FactStatus, Span } from './types';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface NewFact {
  id: string;
  claim?: string;
  value?: number | [number, number] | string;
  unit: string;
  bound?: FactBound;
  tolerance?: number;
  match: string[][];
  status?: FactStatus;
  sources?: FactSource[];
  note?: string;
}

type YamlMap = YAMLMap.Parsed<ParsedNode, ParsedNode | null>;
type YamlPair = YamlMap['items'][number];

const BOM = '\uFEFF';
/** Scalars on one line, no folding: the edit must not depend on where it lands. */
const SCALAR_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * Appends a fact at the end of the `facts:` mapping, in the file's own indentation and line
 * endings. Throws when the file holds something other than a registry mapping to add to.
 */
export function insertFactEdit(text: string, fact: NewFact): TextEdit {
  const layout = new Layout(text);
  const root = loadRoot(text);
  const factsPair = root && findPair(root, 'facts', text);
  if (!root || !factsPair) {
    const column = root ? layout.column(root.range[0]) : 0;
    return appendTopLevel(layout, root, [`${pad(column)}facts:`, ...indent(factLines(fact, layout.step), column + layout.step)]);
  }
  const facts = factsPair.value;
  const keyColumn = layout.column(factsPair.key!.range[0]);
  if (isMap(facts) && !facts.flow && facts.items.length > 0) {
    const entries = (facts as YamlMap).items;
    const factColumn = layout.column(entries[0].key!.range[0]);
    const firstBody = entries[0].value;
    const firstField = isMap(firstBody) && !firstBody.flow ? (firstBody as YamlMap).items[0]?.key : undefined;
    const fieldStep = firstField ? layout.column(firstField.range[0]) - factColumn : layout.step;
    const lines = indent(factLines(fact, fieldStep), factColumn);
    // Keep the file's habit of a blank line between facts.
    const spaced = entries.length > 1 && layout.blankLineBefore(entries[1].key!.range[0]);
    return insertLinesAfter(layout, layout.sectionEnd(lastContentEnd(facts), keyColumn), spaced ? ['', ...lines] : lines);
  }
  const lines = indent(factLines(fact, layout.step), keyColumn + layout.step);
  if (isBareEmpty(facts)) return insertLinesAfter(layout, layout.sectionEnd(factsPair.key!.range[1], keyColumn), lines);
  if (isExplicitEmpty(facts)) return replaceWithBlock(layout, facts!, lines);
  if (isMap(facts) && facts.flow) return appendToFlow(text, facts, `${flowScalar(fact.id)}: ${flowValue(factBody(fact))}`);
  throw new Error('Cannot add a fact: "facts" in the registry is not a mapping.');
}

/** `base` made into a valid fact id that no entry of the registry uses yet. */
export function uniqueFactId(registry: Registry, base: string): string {
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/-+$/, '') || 'fact';
  const taken = (id: string) => registry.byId.has(id) || (registry.allIds?.has(id) ?? false);
  if (!taken(slug)) return slug;
  for (let n = 2; ; n++) if (!taken(`${slug}-${n}`)) return `${slug}-${n}`;
}

/**
 * Adds `term` to match group `groupIndex` of a fact, or as a new one-term group.
 * Undefined when the fact or group is not found, is an alias, or already holds the term.
 */
export function addMatchTermEdit(text: string, factId: string, groupIndex: number | 'new', term: string): TextEdit | undefined {
  const layout = new Layout(text);
  const root = tryLoadRoot(text);
  const facts = root && findPair(root, 'facts', text)?.value;
  if (!isMap(facts)) return undefined;
  const factPair = (facts as YamlMap).items.find((pair) => keyName(pair.key, text) === factId);
  const body = factPair?.value;
  if (!factPair?.key || !isMap(body)) return undefined;
  const matchPair = findPair(body as YamlMap, 'match', text);
  const match = matchPair?.value;

  if (groupIndex === 'new') {
    const group = flowValue([term]);
    if (!matchPair?.key) {
      if (body.flow) return appendToFlow(text, body, `match: [${group}]`);
      const fieldColumn = layout.column((body as YamlMap).items[0].key!.range[0]);
      const at = layout.sectionEnd(lastContentEnd(body), layout.column(factPair.key.range[0]));
      return insertLinesAfter(layout, at, [`${pad(fieldColumn)}match:`, `${pad(fieldColumn + layout.step)}- ${group}`]);
    }
    const matchColumn = layout.column(matchPair.key.range[0]);
    if (isBareEmpty(match)) {
      return insertLinesAfter(layout, layout.sectionEnd(matchPair.key.range[1], matchColumn), [`${pad(matchColumn + layout.step)}- ${group}`]);
    }
    if (isScalar(match) && match.value === null) return { span: spanOf(match), newText: `[${group}]` };
    if (!isSeq(match)) return undefined;
    if (match.flow) return appendToFlow(text, match, group);
    const dashColumn = layout.column(match.range[0]);
    return insertLinesAfter(layout, layout.sectionEnd(lastContentEnd(match), matchColumn), [`${pad(dashColumn)}- ${group}`]);
  }

  const groupNode = isSeq(match) ? match.items[groupIndex] : undefined;
  if (!groupNode || isAlias(groupNode)) return undefined;
  if (isScalar(groupNode)) {
    // A one-term group written as a bare string becomes a flow list.
    const existing = scalarText(groupNode, text);
    if (existing === undefined || existing === term) return undefined;
    return { span: spanOf(groupNode), newText: flowValue([existing, term]) };
  }
  if (!isSeq(groupNode)) return undefined;
  if (groupNode.items.some((item) => isScalar(item) && scalarText(item, text) === term)) return undefined;
  if (groupNode.flow) return appendToFlow(text, groupNode, flowScalar(term));
  const dashColumn = layout.column(groupNode.range[0]);
  return insertLinesAfter(layout, layout.sectionEnd(lastContentEnd(groupNode), dashColumn), [`${pad(dashColumn)}- ${blockScalar(term)}`]);
}

/** Adds an entry to `ignore:` (creating the list if needed). Throws when `ignore` is not a list. */
export function addIgnoreEdit(text: string, entry: { file: string; text: string }): TextEdit {
  const layout = new Layout(text);
  const root = loadRoot(text);
  const itemLines = (column: number) => [`${pad(column)}- file: ${blockScalar(entry.file)}`, `${pad(column + 2)}text: ${blockScalar(entry.text)}`];
  const ignorePair = root && findPair(root, 'ignore', text);
  if (!root || !ignorePair) {
    const column = root ? layout.column(root.range[0]) : 0;
    return appendTopLevel(layout, root, [`${pad(column)}ignore:`, ...itemLines(column + layout.step)]);
  }
  const list = ignorePair.value;
  const keyColumn = layout.column(ignorePair.key!.range[0]);
  if (isBareEmpty(list)) return insertLinesAfter(layout, layout.sectionEnd(ignorePair.key!.range[1], keyColumn), itemLines(keyColumn + layout.step));
  if (isExplicitEmpty(list)) return replaceWithBlock(layout, list!, itemLines(keyColumn + layout.step));
  if (isSeq(list) && list.flow) return appendToFlow(text, list, flowValue({ file: entry.file, text: entry.text }));
  if (isSeq(list)) {
    const dashColumn = layout.column(list.range[0]);
    return insertLinesAfter(layout, layout.sectionEnd(lastContentEnd(list), keyColumn), itemLines(dashColumn));
  }
  throw new Error('Cannot add an ignore entry: "ignore" in the registry is not a list.');
}

export interface NewAnnotation {
  fact: string;
  file: string;
  selector: QuoteSelector;
  verdict?: Verdict;
  note?: string;
  by?: string;
  at?: string;
}

/** The lines of an annotation entry at column 0: `- fact: …` and its fields, the selector as a block. */
function annotationLines(annotation: NewAnnotation, step: number): string[] {
  const field = (name: string, value: string | undefined): string[] => (value === undefined ? [] : [`${pad(2)}${name}: ${blockScalar(value)}`]);
  return [
    `- fact: ${blockScalar(annotation.fact)}`,
    ...field('file', annotation.file),
    ...field('verdict', annotation.verdict),
    `${pad(2)}selector:`,
    ...indent(selectorLines(annotation.selector), 2 + step),
    ...field('note', annotation.note),
    ...field('by', annotation.by),
    ...field('at', annotation.at),
  ];
}

/** `exact`, `prefix`, `suffix`, `start` at column 0, one scalar a line. */
function selectorLines(selector: QuoteSelector): string[] {
  const lines = [`exact: ${blockScalar(selector.exact)}`];
  if (selector.prefix !== undefined) lines.push(`prefix: ${blockScalar(selector.prefix)}`);
  if (selector.suffix !== undefined) lines.push(`suffix: ${blockScalar(selector.suffix)}`);
  if (selector.start !== undefined) lines.push(`start: ${selector.start}`);
  return lines;
}

function flowAnnotation(annotation: NewAnnotation): string {
  const selector = { exact: annotation.selector.exact, prefix: annotation.selector.prefix, suffix: annotation.selector.suffix };
  const start = annotation.selector.start === undefined ? '' : `, start: ${annotation.selector.start}`;
  const fields = flowValue({ fact: annotation.fact, file: annotation.file, verdict: annotation.verdict }).slice(0, -1);
  const rest = flowValue({ note: annotation.note, by: annotation.by, at: annotation.at }).slice(1, -1);
  return `${fields}, selector: ${flowValue(selector).slice(0, -1)}${start}}${rest ? `, ${rest}` : ''}}`;
}

/** Adds an entry to `annotations:` (creating the list if needed). Throws when `annotations` is not a list. */
export function addAnnotationEdit(text: string, annotation: NewAnnotation): TextEdit {
  const layout = new Layout(text);
  const root = loadRoot(text);
  const lines = (column: number) => indent(annotationLines(annotation, layout.step), column);
  const pair = root && findPair(root, 'annotations', text);
  if (!root || !pair) {
    const column = root ? layout.column(root.range[0]) : 0;
    return appendTopLevel(layout, root, [`${pad(column)}annotations:`, ...lines(column + layout.step)]);
  }
  const list = pair.value;
  const keyColumn = layout.column(pair.key!.range[0]);
  if (isBareEmpty(list)) return insertLinesAfter(layout, layout.sectionEnd(pair.key!.range[1], keyColumn), lines(keyColumn + layout.step));
  if (isExplicitEmpty(list)) return replaceWithBlock(layout, list!, lines(keyColumn + layout.step));
  if (isSeq(list) && list.flow) return appendToFlow(text, list, flowAnnotation(annotation));
  if (isSeq(list)) {
    const dashColumn = layout.column(list.range[0]);
    return insertLinesAfter(layout, layout.sectionEnd(lastContentEnd(list), keyColumn), lines(dashColumn));
  }
  throw new Error('Cannot add an annotation: "annotations" in the registry is not a list.');
}

/** The `annotations:` list and its item at `index`; undefined when either is missing or an alias. */
function annotationItem(text: string, index: number): { key: ParsedNode; list: YAMLSeq.Parsed<ParsedNode>; item: ParsedNode } | undefined {
  const root = tryLoadRoot(text);
  const pair = root && findPair(root, 'annotations', text);
  const list = pair?.value;
  if (!pair?.key || !isSeq(list)) return undefined;
  const item = list.items[index];
  if (!item || isAlias(item)) return undefined;
  return { key: pair.key, list: list as YAMLSeq.Parsed<ParsedNode>, item };
}

/** Removes annotation `index` (its lines, comments inside it included). Undefined when there is none. */
export function removeAnnotationEdit(text: string, index: number): TextEdit | undefined {
  const found = annotationItem(text, index);
  if (!found) return undefined;
  const { key, list, item } = found;
  const layout = new Layout(text);
  if (list.flow) {
    // The item and the comma after it, or before it for the last one.
    let start = item.range[0];
    let end = item.range[1];
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after) end += after[0].length;
    else {
      const before = /,\s*$/.exec(text.slice(list.range[0], start));
      if (before) start -= before[0].length;
    }
    return { span: { start, end }, newText: '' };
  }
  if (list.items.length === 1) {
    // The list would be left as a bare key: an explicit empty list says it was emptied on purpose.
    const keyEnd = text.indexOf(':', key.range[1]) + 1;
    const end = layout.lineEnd(layout.lines.positionAt(Math.max(item.range[0], lastContentEnd(item) - 1)).line);
    return { span: { start: keyEnd, end }, newText: ' []' };
  }
  // Whole lines: from the start of the dash's line to the end of the item's last line.
  const dashLine = layout.lines.positionAt(item.range[0]).line;
  const lastLine = layout.lines.positionAt(Math.max(item.range[0], lastContentEnd(item) - 1)).line;
  const start = layout.lines.lineStarts[dashLine];
  const next = lastLine + 1 < layout.lines.lineCount ? layout.lines.lineStarts[lastLine + 1] : text.length;
  if (next === text.length && start > 0) {
    // The last line of the file: take the line break before it instead.
    return { span: { start: layout.lineEnd(dashLine - 1), end: text.length }, newText: layout.text.endsWith('\n') ? layout.eol : '' };
  }
  return { span: { start, end: next }, newText: '' };
}

/** Replaces the selector of annotation `index`. Undefined when there is no such entry or selector. */
export function updateAnnotationSelectorEdit(text: string, index: number, selector: QuoteSelector): TextEdit | undefined {
  const found = annotationItem(text, index);
  if (!found || !isMap(found.item)) return undefined;
  const pair = findPair(found.item as YamlMap, 'selector', text);
  const node = pair?.value;
  if (!pair?.key || !node || isAlias(node)) return undefined;
  const layout = new Layout(text);
  if (isMap(node) && !node.flow && node.items.length > 0) {
    const column = layout.column(node.range[0]);
    const lines = selectorLines(selector);
    const end = layout.lineEnd(layout.lines.positionAt(Math.max(node.range[0], lastContentEnd(node) - 1)).line);
    return { span: { start: node.range[0], end }, newText: [lines[0], ...indent(lines.slice(1), column)].join(layout.eol) };
  }
  const value = `${flowValue({ exact: selector.exact, prefix: selector.prefix, suffix: selector.suffix }).slice(0, -1)}${selector.start === undefined ? '' : `, start: ${selector.start}`}}`;
  return { span: spanOf(node), newText: value };
}

/** Applies edits given against the same original text. Throws on overlapping edits. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  // Back to front so earlier offsets stay valid; insertions at one offset keep their given order.
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.span.start - a.edit.span.start || b.index - a.index);
  let result = text;
  let limit = text.length;
  for (const { edit } of ordered) {
    const { start, end } = edit.span;
    if (start < 0 || start > end || end > limit) throw new Error(`Edits overlap or fall outside the text at ${start}–${end}.`);
    result = result.slice(0, start) + edit.newText + result.slice(end);
    limit = start;
  }
  return result;
}

/** Line-level facts about the text: line ending, indentation step, where sections end. */
class Layout {
  readonly lines: LineIndex;
  readonly eol: string;
  /** Smallest indentation used in the file (2 when nothing is indented yet). */
  readonly step: number;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    let step = Infinity;
    for (let line = 0; line < this.lines.lineCount; line++) {
      const content = this.lineText(line);
      const depth = leadingSpaces(content);
      if (depth > 0 && depth < content.length && content[depth] !== '#') step = Math.min(step, depth);
    }
    this.step = step <= 8 ? step : 2;
  }

  lineText(line: number): string {
    const start = this.lines.lineStarts[line] + (line === 0 && this.text.startsWith(BOM) ? 1 : 0);
    return this.text.slice(start, this.lineEnd(line));
  }

  /** Offset before the line's break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lines.lineCount) return this.text.length;
    let end = this.lines.lineStarts[line + 1];
    if (this.text[end - 1] === '\n') end--;
    if (this.text[end - 1] === '\r') end--;
    return end;
  }

  /** Column as indentation: a byte order mark does not count. */
  column(offset: number): number {
    const { line, character } = this.lines.positionAt(offset);
    return line === 0 && this.text.startsWith(BOM) ? Math.max(0, character - 1) : character;
  }

  /**
   * End of the last line of content that ends at `contentEnd`, extended over the comment lines
   * after it that are indented deeper than `parentColumn`: those belong to the section.
   */
  sectionEnd(contentEnd: number, parentColumn: number): number {
    const position = this.lines.positionAt(contentEnd);
    let last = position.character === 0 && position.line > 0 ? position.line - 1 : position.line;
    while (last > 0 && this.lineText(last).trim() === '') last--;
    for (let line = last + 1; line < this.lines.lineCount; line++) {
      const content = this.lineText(line);
      if (content.trim() === '') continue;
      if (content.trimStart().startsWith('#') && leadingSpaces(content) > parentColumn) last = line;
      else break;
    }
    return this.lineEnd(last);
  }

  /** Whether a blank line comes before the line at `offset`, above any comments attached to it. */
  blankLineBefore(offset: number): boolean {
    let line = this.lines.positionAt(offset).line - 1;
    while (line >= 0 && this.lineText(line).trimStart().startsWith('#')) line--;
    return line >= 0 && this.lineText(line).trim() === '';
  }

  lastNonBlankLineEnd(): number {
    let line = this.lines.lineCount - 1;
    while (line > 0 && this.lineText(line).trim() === '') line--;
    return this.lineEnd(line);
  }
}

function tryLoadRoot(text: string): YamlMap | undefined {
  const root = parseYaml(text).doc?.contents;
  return isMap(root) && !root.flow ? (root as YamlMap) : undefined;
}

/** The top-level block mapping; undefined for an empty (or comments-only) file. */
function loadRoot(text: string): YamlMap | undefined {
  const { doc, problems } = parseYaml(text);
  if (!doc) throw new Error(problems[0]?.message ?? 'The registry could not be parsed.');
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return undefined;
  if (isMap(root) && !root.flow) return root as YamlMap;
  throw new Error('Cannot edit the registry: its top level is not a block mapping ("facts:" …).');
}

function findPair(map: YamlMap, name: string, text: string): YamlPair | undefined {
  return map.items.find((pair) => keyName(pair.key, text) === name);
}

/** `key:` with nothing after it. */
function isBareEmpty(node: ParsedNode | null | undefined): boolean {
  return !node || (isScalar(node) && node.value === null && node.range[0] === node.range[1]);
}

/** `{}`, `[]`, `~` or `null`: a token to replace with a block. */
function isExplicitEmpty(node: ParsedNode | null | undefined): boolean {
  if (!node) return false;
  if (isScalar(node)) return node.value === null && node.range[1] > node.range[0];
  return (isMap(node) || isSeq(node)) && node.flow === true && node.items.length === 0;
}

/** Where the last token of a node ends (block collections end after their trailing newline). */
function lastContentEnd(node: ParsedNode): number {
  let current: ParsedNode = node;
  while ((isMap(current) || isSeq(current)) && !current.flow && current.items.length > 0) {
    const last: unknown = current.items[current.items.length - 1];
    if (isMap(current)) {
      const pair = last as YamlPair;
      const next = pair.value && pair.value.range[1] > pair.value.range[0] ? pair.value : pair.key;
      if (!next) break;
      current = next;
    } else current = last as ParsedNode;
  }
  return current.range[1];
}

function insertLinesAfter(layout: Layout, offset: number, lines: string[]): TextEdit {
  return { span: { start: offset, end: offset }, newText: layout.eol + lines.join(layout.eol) };
}

/** Replaces `{}`/`[]`/`~` with block lines, keeping a comment that followed it on the key's line. */
function replaceWithBlock(layout: Layout, node: ParsedNode, lines: string[]): TextEdit {
  const { text } = layout;
  let start = node.range[0];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const end = layout.lineEnd(layout.lines.positionAt(node.range[1]).line);
  const rest = text.slice(node.range[1], end).trim();
  return { span: { start, end }, newText: (rest ? ` ${rest}` : '') + layout.eol + lines.join(layout.eol) };
}

/** Adds an item just after the last item of a flow collection, before its closing bracket. */
function appendToFlow(text: string, node: ParsedNode, itemText: string): TextEdit {
  let before = node.range[1] - 2; // range[1] is just past the closing bracket
  while (before > node.range[0] && /\s/.test(text[before])) before--;
  const last = text[before];
  const separator = last === '[' || last === '{' ? '' : last === ',' ? ' ' : ', ';
  return { span: { start: before + 1, end: before + 1 }, newText: separator + itemText };
}

/** A new top-level section after the last content of the file, set off by a blank line. */
function appendTopLevel(layout: Layout, root: YamlMap | undefined, lines: string[]): TextEdit {
  const { text, eol } = layout;
  if (text.trim() === '') return { span: { start: 0, end: text.length }, newText: lines.join(eol) + eol };
  const at = root ? layout.sectionEnd(lastContentEnd(root), -1) : layout.lastNonBlankLineEnd();
  return { span: { start: at, end: at }, newText: eol + eol + lines.join(eol) };
}

/** The fact entry (`id:` and its fields) as lines at column 0, match groups in flow style. */
function factLines(fact: NewFact, step: number): string[] {
  const doc = new Document({ [fact.id]: factBody(fact) });
  const body = doc.get(fact.id) as YAMLMap<unknown, unknown>;
  const match = body.get('match', true);
  if (isSeq(match)) for (const group of match.items) if (isSeq(group)) group.flow = true;
  const value = body.get('value', true);
  if (isSeq(value)) value.flow = true;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const out = doc.toString({ ...SCALAR_OPTIONS, indent: step });
  return out.slice(0, out.endsWith('\n') ? -1 : undefined).split('\n');
}

function factBody(fact: NewFact): Record<string, unknown> {
  const groups = fact.match.filter((group) => group.length > 0);
  const entries: [string, unknown][] = [
    ['claim', fact.claim],
    ['value', fact.value],
    ['unit', fact.unit],
    ['bound', fact.bound],
    ['tolerance', fact.tolerance],
    ['match', groups.length > 0 ? groups : undefined],
    ['status', fact.status],
    ['sources', fact.sources?.length ? fact.sources.map(withoutUndefined) : undefined],
    ['note', fact.note],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function withoutUndefined(source: FactSource): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined));
}

/** A value in flow style on one line, e.g. `[DeepSeek, "a, b"]` or `{file: x, text: y}`. */
function flowValue(value: unknown): string {
  if (typeof value === 'string') return flowScalar(value);
  if (Array.isArray(value)) return `[${value.map(flowValue).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${flowScalar(key)}: ${flowValue(item)}`).join(', ')}}`;
  }
  return stringify(value).trim();
}

/**
 * Line breaks, and white space at either end: yaml writes "第5名\u3000" (or a trailing U+2028,
 * U+00A0, U+FEFF) as a plain scalar, and reads it back without that character.
 */
function needsQuotes(value: string): boolean {
  return /[\r\n]|^\s|\s$/.test(value);
}

/**
 * A string as a flow-context scalar on one line; quoted only when YAML needs it. When yaml would
 * write more than one line, a JSON string instead: JSON strings are valid YAML double-quoted scalars.
 */
function flowScalar(value: string): string {
  if (needsQuotes(value)) return JSON.stringify(value);
  const text = stringify([value], { ...SCALAR_OPTIONS, collectionStyle: 'flow' }).trim().slice(1, -1);
  return /[\r\n]/.test(text) ? JSON.stringify(value) : text;
}

/**
 * A string as a block-context scalar on one line; quoted only when YAML needs it. yaml writes a
 * value that starts with a document marker ("...", "---") as a block literal over two lines, which
 * the line-based edits cannot place: a JSON string instead.
 */
function blockScalar(value: string): string {
  if (needsQuotes(value)) return JSON.stringify(value);
  const text = stringify(value, SCALAR_OPTIONS).trimEnd();
  return /[\r\n]/.test(text) ? JSON.stringify(value) : text;
}

function scalarText(node: ParsedNode, text: string): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return typeof node.value === 'string' ? node.value : text.slice(node.range[0], node.range[1]);
}

function spanOf(node: ParsedNode): Span {
  return { start: node.range[0], end: node.range[1] };
}

function leadingSpaces(line: string): number {
  return /^ */.exec(line)![0].length;
}

function pad(column: number): string {
  return ' '.repeat(column);
}

function indentLine(line: string, column: number): string {
  return line === '' ? line : pad(column) + line;
}

function indent(lines: string[], column: number): string[] {
  return lines.map((line) => indentLine(line, column));
}
