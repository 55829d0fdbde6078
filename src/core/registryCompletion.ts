// What to complete at a place in a registry (facts.yaml): unit, status and bound values, the
// keys of a fact or a source not yet present, and at fact-id indentation a new-fact snippet and
// the id namespaces already in use; and reading what is typed into the New Fact prompts.
// Pure: no `vscode`, no `fs`.

import { isMap, isSeq } from 'yaml';
import type { ParsedNode, YAMLMap } from 'yaml';
import { FACT_ID_PATTERN, isIsoDate, isUnit, keyName, parseYaml, registryKeyPath } from './registry';
import type { NewFact } from './registryEdit';
import { NON_CURRENCY_UNITS } from './types';
import type { Span } from './types';
import { formatMessage, type Translate } from './workspace';

export type RegistryCompletionKind = 'value' | 'key' | 'snippet' | 'namespace';

export interface RegistryCompletion {
  label: string;
  kind: RegistryCompletionKind;
  /** One line shown next to the label. */
  detail: string;
  /** Longer help, Markdown. */
  documentation?: string;
  /** Text that replaces `replace`; a VS Code snippet (`$1`, `${2:x}`) when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  /** The word being typed, which the completion replaces. */
  replace: Span;
  /** Orders the list (lower first); the label is the tie-breaker. */
  sortText: string;
  /** Reopen the suggestions after inserting (a key whose value is also completed). */
  retrigger?: boolean;
}

/** The translator of the descriptions and messages: the editor passes vscode.l10n.t, the CLI @vscode/l10n's t. */
export interface CompletionOptions {
  t?: Translate;
}

interface L10n {
  t: Translate;
}

const l10nOf = (t: Translate | undefined): L10n => ({ t: t ?? formatMessage });

/** Currencies offered first; any ISO 4217 code (three capitals) is valid. */
function currencyHelp(l10n: L10n): [string, string][] {
  return [
    ['USD', l10n.t('US dollar (美元, $, US$)')],
    ['CNY', l10n.t('Chinese yuan, renminbi (元, 人民币, ¥, RMB)')],
    ['EUR', l10n.t('euro (欧元, €)')],
    ['JPY', l10n.t('Japanese yen (日元, 円)')],
    ['GBP', l10n.t('pound sterling (英镑, £)')],
    ['HKD', l10n.t('Hong Kong dollar (港元, HK$)')],
    ['TWD', l10n.t('New Taiwan dollar (新台币, NT$)')],
    ['KRW', l10n.t('South Korean won (韩元, ₩)')],
  ];
}

function unitHelp(l10n: L10n): Record<string, string> {
  return {
    percent: l10n.t('a percentage, written without %: value 17 is 17%'),
    count: l10n.t('a count of things: GPUs, users, parameters'),
    times: l10n.t('a multiplier: 10倍, 10x'),
    rank: l10n.t('a rank: 第1名, No. 3'),
    date: l10n.t('a calendar date; value "YYYY-MM-DD"'),
    second: l10n.t('a duration in seconds'),
    minute: l10n.t('a duration in minutes'),
    hour: l10n.t('a duration in hours'),
    day: l10n.t('a duration in days'),
    week: l10n.t('a duration in weeks'),
    month: l10n.t('a duration in months'),
    year: l10n.t('a duration in years'),
  };
}

function statusHelp(l10n: L10n): [string, string][] {
  return [
    ['verified', l10n.t('checked against a primary source; conflicts are warnings')],
    ['reported', l10n.t('stated by a credible source, not independently checked (the default)')],
    ['disputed', l10n.t('sources disagree or the only source is contested; conflicts are lowered to information')],
    ['false', l10n.t('the claim is known to be false; any figure that repeats it is flagged')],
  ];
}

function boundHelp(l10n: L10n): [string, string][] {
  return [
    ['exact', l10n.t('the value is the figure (the default)')],
    ['about', l10n.t('roughly the value; tolerance defaults to 0.1 (10%)')],
    ['at-least', l10n.t('the truth is the value or more')],
    ['at-most', l10n.t('the truth is the value or less')],
  ];
}

function factKeyHelp(l10n: L10n): [string, string][] {
  return [
    ['claim', l10n.t('the fact in one plain sentence')],
    ['value', l10n.t('a number, [low, high], or "YYYY-MM-DD" for a date')],
    ['unit', l10n.t('required: an ISO 4217 code or percent, count, times, rank, date, second … year')],
    ['bound', 'exact | about | at-least | at-most'],
    ['tolerance', l10n.t('relative (0.1 = 10%); for dates, days')],
    ['match', l10n.t('term groups: a sentence must contain one term of every group')],
    ['status', 'verified | reported | disputed | false'],
    ['sources', l10n.t('where the fact comes from: title, url, date, quote')],
    ['note', l10n.t('free text for the desk')],
  ];
}

function sourceKeyHelp(l10n: L10n): [string, string][] {
  return [
    ['title', l10n.t('the title of the source')],
    ['url', l10n.t('where to read it')],
    ['date', l10n.t('its publication date, YYYY-MM-DD')],
    ['quote', l10n.t('the words that state the fact')],
  ];
}

const ENGLISH = l10nOf(undefined);
/** The common currencies with English descriptions (see unitChoices for translated ones). */
export const COMMON_CURRENCIES: readonly [string, string][] = currencyHelp(ENGLISH);
/** The statuses with English descriptions (see statusChoices for translated ones). */
export const STATUS_HELP: readonly [string, string][] = statusHelp(ENGLISH);
/** The bounds with English descriptions (see boundChoices for translated ones). */
export const BOUND_HELP: readonly [string, string][] = boundHelp(ENGLISH);

/** Every unit with a one-line description: the common currencies, then the other units. */
export function unitChoices(t?: Translate): [string, string][] {
  const l10n = l10nOf(t);
  const help = unitHelp(l10n);
  return [...currencyHelp(l10n), ...NON_CURRENCY_UNITS.map((unit): [string, string] => [unit, help[unit] ?? unit])];
}

/** The statuses with a one-line description each, translated by `t`. */
export function statusChoices(t?: Translate): [string, string][] {
  return statusHelp(l10nOf(t));
}

/** The bounds with a one-line description each, translated by `t`. */
export function boundChoices(t?: Translate): [string, string][] {
  return boundHelp(l10nOf(t));
}

const PLACEHOLDER = 'fact_ledger_completion';
const VALUE_KEYS = new Set(['unit', 'status', 'bound']);

type YamlMap = YAMLMap.Parsed<ParsedNode, ParsedNode | null>;

/** The completions that fit at `offset` of a registry's text (empty when none does). */
export function registryCompletions(text: string, offset: number, options: CompletionOptions = {}): RegistryCompletion[] {
  const l10n = l10nOf(options.t);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);

  // `unit: US|`, `status: |`, `- bound: a|` — a value of a key we know the words of.
  const valueMatch = /^(\s*(?:-\s+)?)(unit|status|bound)(\s*:\s*)(["']?)([A-Za-z-]*)$/.exec(before);
  if (valueMatch && /^["']?[A-Za-z-]*["']?\s*(#.*)?$/.test(after)) {
    const [, , key, , quote, word] = valueMatch;
    const wordStart = offset - word.length - quote.length;
    const afterWord = /^[A-Za-z-]*["']?/.exec(after)![0].length;
    const replace = { start: wordStart, end: offset + afterWord };
    const probe = text.slice(0, wordStart) + PLACEHOLDER + text.slice(replace.end);
    const path = registryKeyPath(probe, wordStart + 1);
    if (!path || path.length !== 3 || path[0] !== 'facts' || path[2] !== key || !VALUE_KEYS.has(key)) return [];
    return valueCompletions(key, replace, l10n);
  }

  // A key being typed on a line of its own: `    cl|` or `      - ti|`.
  const keyMatch = /^(\s*)(-\s+)?([A-Za-z0-9._-]*)$/.exec(before);
  if (!keyMatch || !/^[A-Za-z0-9._-]*\s*$/.test(after) || /\t/.test(keyMatch[1])) return [];
  const word = keyMatch[3];
  const afterWord = /^[A-Za-z0-9._-]*/.exec(after)![0].length;
  const replace = { start: offset - word.length, end: offset + afterWord };
  const probeLine = `${PLACEHOLDER}: x`;
  const probe = text.slice(0, replace.start) + probeLine + text.slice(replace.end);
  const path = registryKeyPath(probe, replace.start + 1);
  if (!path || path[path.length - 1] !== PLACEHOLDER) return [];
  const parents = path.slice(0, -1);
  if (parents.length === 1 && parents[0] === 'facts' && !keyMatch[2]) return factIdCompletions(text, replace, l10n);
  const siblings = (): Set<string> => siblingKeys(probe, parents, PLACEHOLDER);
  if (parents.length === 2 && parents[0] === 'facts' && !keyMatch[2]) return keyCompletions(factKeyHelp(l10n), siblings(), replace, 'fact', l10n);
  if (parents.length === 4 && parents[0] === 'facts' && parents[2] === 'sources' && /^\d+$/.test(parents[3])) {
    return keyCompletions(sourceKeyHelp(l10n), siblings(), replace, 'source', l10n);
  }
  return [];
}

function valueCompletions(key: string, replace: Span, l10n: L10n): RegistryCompletion[] {
  const choices = key === 'unit' ? unitChoices(l10n.t) : key === 'status' ? statusHelp(l10n) : boundHelp(l10n);
  return choices.map(([label, detail], index) => ({
    label,
    kind: 'value',
    detail,
    // An unquoted false is a YAML boolean.
    insertText: key === 'status' && label === 'false' ? '"false"' : label,
    replace,
    sortText: String(index).padStart(3, '0'),
  }));
}

function keyCompletions(keys: [string, string][], present: Set<string>, replace: Span, owner: 'fact' | 'source', l10n: L10n): RegistryCompletion[] {
  return keys
    .filter(([key]) => !present.has(key))
    .map(([key, help], index) => {
      const detail = owner === 'fact' ? l10n.t('fact key: {0}', help) : l10n.t('source key: {0}', help);
      const completion: RegistryCompletion = { label: key, kind: 'key', detail, insertText: `${key}: `, replace, sortText: String(index).padStart(3, '0') };
      if (owner === 'fact' && VALUE_KEYS.has(key)) completion.retrigger = true;
      return completion;
    });
}

/** At fact-id indentation: a new-fact snippet, and the namespaces (`deepseek-v3.`) of the ids in use. */
function factIdCompletions(text: string, replace: Span, l10n: L10n): RegistryCompletion[] {
  const { doc } = parseYaml(text);
  const facts = isMap(doc?.contents) ? (doc!.contents as YamlMap).items.find((pair) => keyName(pair.key, text) === 'facts')?.value : undefined;
  const ids = isMap(facts) ? (facts as YamlMap).items.map((pair) => keyName(pair.key, text)).filter((id): id is string => id !== undefined) : [];
  const indentUnit = detectIndent(text);
  const body = (line: string) => `\n${indentUnit}${line}`;
  const snippet =
    '${1:new.fact-id}:' +
    body('claim: ${2:' + snippetText(l10n.t('What the fact says, in one sentence')) + '}') +
    body('value: ${3:0}') +
    body('unit: ${4|' + unitChoices().map(([unit]) => unit).join(',') + '|}') +
    body('match:') +
    body(`${indentUnit}- [\${5:term}]`) +
    body('status: ${6|reported,verified,disputed,"false"|}') +
    '$0';
  const completions: RegistryCompletion[] = [
    {
      label: 'new fact',
      kind: 'snippet',
      detail: l10n.t('a fact entry: id, claim, value, unit, match, status'),
      documentation: l10n.t('Fact ids use lowercase letters, digits, ".", "-" and "_". The command **Fact Ledger: New Fact…** asks for each field.'),
      insertText: snippet,
      snippet: true,
      replace,
      sortText: '000',
    },
  ];
  const namespaces = new Map<string, string[]>();
  for (const id of ids) {
    const dot = id.lastIndexOf('.');
    if (dot <= 0) continue;
    const namespace = id.slice(0, dot + 1);
    namespaces.set(namespace, [...(namespaces.get(namespace) ?? []), id]);
  }
  for (const [namespace, members] of [...namespaces].sort(([a], [b]) => a.localeCompare(b))) {
    completions.push({
      label: namespace,
      kind: 'namespace',
      detail: members.length === 1 ? l10n.t('{0} fact: {1}', members.length, members.join(', ')) : l10n.t('{0} facts: {1}', members.length, members.join(', ')),
      documentation: l10n.t('An id prefix already used in this registry: continue it with a new name (existing ids are not offered, a second entry with one would be a duplicate).'),
      insertText: namespace,
      replace,
      sortText: `001${namespace}`,
    });
  }
  return completions;
}

/** Text for a snippet placeholder: `$`, `}` and `\` escaped. */
function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** The keys of the mapping at `path` (except `skip`), in the probe text. */
function siblingKeys(text: string, path: string[], skip: string): Set<string> {
  const { doc } = parseYaml(text);
  let node: ParsedNode | null | undefined = doc?.contents;
  for (const step of path) {
    if (isMap(node)) node = (node as YamlMap).items.find((pair) => keyName(pair.key, text) === step)?.value;
    else if (isSeq(node)) node = node.items[Number(step)];
    else return new Set();
  }
  if (!isMap(node)) return new Set();
  const keys = (node as YamlMap).items.map((pair) => keyName(pair.key, text)).filter((key): key is string => key !== undefined && key !== skip);
  return new Set(keys);
}

/** The file's indentation step, two spaces when nothing is indented yet. */
function detectIndent(text: string): string {
  let step = Infinity;
  for (const line of text.split('\n')) {
    const depth = /^ */.exec(line)![0].length;
    if (depth > 0 && depth < line.trimEnd().length && line[depth] !== '#') step = Math.min(step, depth);
  }
  return ' '.repeat(step <= 8 ? step : 2);
}

// ---- What the user types into the New Fact prompts ----

/** Why `id` cannot be a new fact's id, or undefined when it can. */
export function factIdProblem(id: string, taken: ReadonlySet<string> | ((id: string) => boolean), t?: Translate): string | undefined {
  const l10n = l10nOf(t);
  if (id === '') return l10n.t('A fact needs an id, e.g. {0}.', 'deepseek-v3.training-gpus');
  if (!FACT_ID_PATTERN.test(id)) return l10n.t('Use lowercase letters, digits, ".", "-" and "_", starting with a letter or digit.');
  const isTaken = typeof taken === 'function' ? taken(id) : taken.has(id);
  if (isTaken) return l10n.t('The registry already has a fact "{0}".', id);
  return undefined;
}

const NUMBER = String.raw`-?\d[\d,_]*(?:\.\d+)?(?:e[+-]?\d+)?|-?\.\d+`;

function readNumber(text: string): number | undefined {
  const cleaned = text.replace(/[,_]/g, '');
  if (!new RegExp(`^(?:${NUMBER})$`, 'i').test(text.trim())) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A value typed for a fact in `unit`: a date YYYY-MM-DD for unit date; otherwise a number or a
 * range written `low-high`, `low..high`, `low–high` or `[low, high]`. Empty is no value.
 */
export function parseFactValueInput(input: string, unit: string, t?: Translate): { value?: NewFact['value']; error?: string } {
  const l10n = l10nOf(t);
  const text = input.trim();
  if (text === '') return {};
  if (unit === 'date') {
    const date = text.replace(/^["']|["']$/g, '');
    return isIsoDate(date) ? { value: date } : { error: l10n.t('A date is written YYYY-MM-DD, e.g. {0} (or leave it empty).', '2025-01-29') };
  }
  const single = readNumber(text);
  if (single !== undefined) return { value: single };
  const range = new RegExp(`^\\[?\\s*(${NUMBER})\\s*(?:\\.\\.|-|–|—|,|~|to)\\s*(${NUMBER})\\s*\\]?$`, 'i').exec(text);
  if (range) {
    const low = readNumber(range[1]);
    const high = readNumber(range[2]);
    if (low !== undefined && high !== undefined) {
      if (low > high) return { error: l10n.t('The low end {0} is above the high end {1}.', low, high) };
      return { value: [low, high] };
    }
  }
  return { error: l10n.t('Write a number ({0}), a range ({1} or {2}), or leave it empty.', '5576000', '3.6-3.7', '3.6..3.7') };
}

/** A unit typed by hand: one of the units, or any ISO 4217 code (lower case accepted). */
export function parseUnitInput(input: string, t?: Translate): { unit?: string; error?: string } {
  const text = input.trim();
  if (isUnit(text)) return { unit: text };
  if (/^[a-z]{3}$/i.test(text)) return { unit: text.toUpperCase() };
  const l10n = l10nOf(t);
  return { error: l10n.t('Use an ISO 4217 code (USD, CNY, EUR…) or one of {0}.', NON_CURRENCY_UNITS.join(', ')) };
}

/**
 * Match groups typed on one line: groups separated by "|", terms within a group by "," (or the
 * full-width ，、). `DeepSeek, 深度求索 | GPU, H800` → [[DeepSeek, 深度求索], [GPU, H800]].
 */
export function parseMatchInput(input: string): string[][] {
  return input
    .split(/[|｜]/)
    .map((group) => [...new Set(group.split(/[,，、]/).map((term) => term.trim()).filter((term) => term !== ''))])
    .filter((group) => group.length > 0);
}

/** Why a complete NewFact (e.g. a command argument) cannot be written, or undefined. */
export function newFactProblem(fact: NewFact, taken: ReadonlySet<string> | ((id: string) => boolean), t?: Translate): string | undefined {
  const l10n = l10nOf(t);
  if (!fact || typeof fact !== 'object') return l10n.t('expected a fact object');
  const idProblem = factIdProblem(typeof fact.id === 'string' ? fact.id : '', taken, t);
  if (idProblem) return idProblem;
  if (typeof fact.unit !== 'string' || !isUnit(fact.unit)) return l10n.t('unknown unit {0}', String(JSON.stringify(fact.unit)));
  if (!Array.isArray(fact.match) || !fact.match.every((g) => Array.isArray(g) && g.every((t) => typeof t === 'string' && t.trim() !== ''))) {
    return l10n.t('match must be a list of groups of non-empty terms');
  }
  const value = fact.value;
  if (value !== undefined) {
    if (fact.unit === 'date') {
      if (typeof value !== 'string' || !isIsoDate(value)) return l10n.t('a date fact takes a value YYYY-MM-DD');
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return l10n.t('the value must be a finite number');
    } else if (Array.isArray(value)) {
      if (value.length !== 2 || !value.every(Number.isFinite) || value[0] > value[1]) return l10n.t('a range is [low, high] with low ≤ high');
    } else return l10n.t('the value must be a number or [low, high]');
  }
  if (fact.bound !== undefined && !BOUND_HELP.some(([b]) => b === fact.bound)) return l10n.t('unknown bound {0}', String(JSON.stringify(fact.bound)));
  if (fact.status !== undefined && !STATUS_HELP.some(([s]) => s === fact.status)) return l10n.t('unknown status {0}', String(JSON.stringify(fact.status)));
  if (fact.tolerance !== undefined && !(Number.isFinite(fact.tolerance) && fact.tolerance >= 0)) return l10n.t('tolerance must be a number ≥ 0');
  for (const source of fact.sources ?? []) {
    if (source.date !== undefined && !isIsoDate(source.date)) return l10n.t('the source date {0} is not YYYY-MM-DD', String(JSON.stringify(source.date)));
  }
  return undefined;
}
