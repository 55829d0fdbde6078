// Reads the YAML fact registry (schema v1) into facts, with exact spans for every problem.
// Pure: no `vscode`, no `fs`. Never throws.

import { Composer, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { CST, Document, ParsedNode, Scalar, YAMLMap } from 'yaml';
import { VERDICTS } from './annotations';
import type { Annotation, QuoteSelector, Verdict } from './annotations';
import { NON_CURRENCY_UNITS } from './types';
import type { Fact, FactBound, FactSource, FactStatus, RegistryProblem, Severity, Span } from './types';
import { formatMessage, type Translate } from './workspace';

export interface RegistryOptions {
  /**
   * Translates the problems' message templates ({0}, {1}… placeholders), as WorkspaceOptions.t:
   * the editor passes vscode.l10n.t, the CLI @vscode/l10n's t. The default formats the English.
   */
  t?: Translate;
}

export interface RegistryIgnore {
  file: string;
  text: string;
  /** The whole ignore entry. */
  span: Span;
}

export interface Registry {
  facts: Fact[];
  byId: Map<string, Fact>;
  ignores: RegistryIgnore[];
  /** Passages of articles tied to facts (the `annotations:` list), valid entries only. */
  annotations: Annotation[];
  problems: RegistryProblem[];
  /** Every fact id in the file, loaded or not (a broken entry still holds its id). */
  allIds?: ReadonlySet<string>;
}

/**
 * A registry with no facts, as `facts: {}` parses — without the YAML parser: the extension makes
 * one when it starts (for articles with no registry above them), before any registry is read.
 */
export function emptyRegistry(): Registry {
  return { facts: [], byId: new Map(), ignores: [], annotations: [], problems: [], allIds: new Set() };
}

/** Alias expansions allowed under one alias: stops "billion laughs" documents. */
export const MAX_ALIAS_COUNT = 100;
/** Larger texts are refused: the yaml parser needs about a second per megabyte. */
export const MAX_REGISTRY_LENGTH = 2_000_000;
/** Deeper nesting is refused: very deep YAML can exhaust the stack inside the yaml library. */
export const MAX_NESTING_DEPTH = 100;

export const FACT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const FACT_KEYS = ['claim', 'value', 'unit', 'bound', 'tolerance', 'match', 'status', 'sources', 'note'];
const SOURCE_KEYS = ['title', 'url', 'date', 'quote'];
const IGNORE_KEYS = ['file', 'text'];
const TOP_KEYS = ['facts', 'ignore', 'annotations', 'version'];
const ANNOTATION_KEYS = ['fact', 'file', 'selector', 'verdict', 'note', 'by', 'at'];
const SELECTOR_KEYS = ['exact', 'prefix', 'suffix', 'start'];
/** ISO 8601: a date, or a date and time with an optional fraction and zone. */
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const BOUNDS: readonly FactBound[] = ['exact', 'about', 'at-least', 'at-most'];
const STATUSES: readonly FactStatus[] = ['verified', 'reported', 'disputed', 'false'];

interface L10n {
  t: Translate;
}

/** What a unit may be, for messages. */
function unitList(l10n: L10n): string {
  return l10n.t('an ISO 4217 code (USD, CNY, EUR…) or one of {0}', NON_CURRENCY_UNITS.join(', '));
}

type YamlDocument = Document.Parsed<ParsedNode>;
type YamlMap = YAMLMap.Parsed<ParsedNode, ParsedNode | null>;

export interface ParsedYaml {
  /** Undefined when the text was refused (too large, too deep) or could not be parsed. */
  doc?: YamlDocument;
  problems: RegistryProblem[];
}

/**
 * Parses YAML the way the registry needs it: YAML 1.2 core schema (dates stay strings),
 * duplicate keys kept so we can report them, one document.
 */
export function parseYaml(text: string, options: RegistryOptions = {}): ParsedYaml {
  const l10n: L10n = { t: options.t ?? formatMessage };
  const problems: RegistryProblem[] = [];
  const whole = { start: 0, end: Math.min(text.length, 1) };
  if (text.length > MAX_REGISTRY_LENGTH) {
    const message = l10n.t('The registry is too large to read ({0} million characters; the limit is {1} million).', (text.length / 1e6).toFixed(1), MAX_REGISTRY_LENGTH / 1e6);
    problems.push(problem(whole, 'error', 'too-large', message));
    return { problems };
  }
  try {
    const tokens = [...new Parser().parse(text)];
    if (cstDepth(tokens) > MAX_NESTING_DEPTH) {
      problems.push(problem(whole, 'error', 'yaml-syntax', l10n.t('The YAML is nested more than {0} levels deep; a registry needs about {1}.', MAX_NESTING_DEPTH, 6)));
      return { problems };
    }
    const composer = new Composer<ParsedNode, true>({ uniqueKeys: false, schema: 'core', version: '1.2', merge: false });
    let doc: YamlDocument | undefined;
    for (const next of composer.compose(tokens, true, text.length)) {
      if (!doc) doc = next;
      else {
        problems.push(problem(rangeSpan(next.range), 'error', 'yaml-syntax', l10n.t('A registry is one YAML document; everything after this "---" is ignored.')));
        break;
      }
    }
    const posSpan = ([start, end]: [number, number]): Span => ({ start: Math.min(start, text.length), end: Math.min(Math.max(start, end), text.length) });
    for (const error of doc?.errors ?? []) problems.push(problem(posSpan(error.pos), 'error', 'yaml-syntax', l10n.t('YAML syntax error: {0}', error.message)));
    for (const warning of doc?.warnings ?? []) problems.push(problem(posSpan(warning.pos), 'warning', 'yaml-syntax', l10n.t('YAML: {0}', warning.message)));
    return { doc, problems };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(problem(whole, 'error', 'yaml-syntax', l10n.t('The YAML could not be parsed: {0}', reason)));
    return { problems };
  }
}

export function parseRegistry(text: string, options: RegistryOptions = {}): Registry {
  const l10n: L10n = { t: options.t ?? formatMessage };
  const { doc, problems } = parseYaml(text, l10n);
  const registry: Registry = { facts: [], byId: new Map(), ignores: [], annotations: [], problems };
  if (!doc) return registry;
  try {
    new RegistryReader(text, doc, registry, l10n).read();
  } catch (error) {
    // Defensive: a bug here must not take the editor down with it.
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(problem({ start: 0, end: 0 }, 'error', 'yaml-syntax', l10n.t('The registry could not be read: {0}', reason)));
  }
  return registry;
}

/** The keys (and list indexes, as strings) leading to `offset`, e.g. ['facts', 'x', 'unit']. */
export function registryKeyPath(text: string, offset: number): string[] | undefined {
  const { doc } = parseYaml(text);
  const path: string[] = [];
  let node: ParsedNode | null | undefined = doc?.contents;
  while (node) {
    if (isMap(node)) {
      const pair = (node as YamlMap).items.find((item) => contains(pairSpan(item), offset));
      if (!pair) break;
      path.push(keyName(pair.key, text) ?? '');
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(nodeSpan(item), offset));
      if (index < 0) break;
      path.push(String(index));
      node = node.items[index];
    } else break;
  }
  return path.length > 0 ? path : undefined;
}

/** The key as written: string keys by value, plain numbers/booleans by their source text; undefined for complex keys. */
export function keyName(key: ParsedNode | null, text: string): string | undefined {
  if (!isScalar(key) || key.value === null) return undefined;
  return typeof key.value === 'string' ? key.value : text.slice(key.range[0], key.range[1]);
}

/** A node's range as a span (block collections include their trailing line break). */
function nodeSpan(node: ParsedNode | null | undefined): Span {
  return node ? { start: node.range[0], end: node.range[1] } : { start: 0, end: 0 };
}

function pairSpan(pair: { key: ParsedNode | null; value: ParsedNode | null }): Span {
  const key = nodeSpan(pair.key);
  const value = pair.value ? nodeSpan(pair.value) : key;
  return { start: pair.key ? key.start : value.start, end: Math.max(key.end, value.end) };
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

function problem(span: Span, severity: Severity, code: string, message: string): RegistryProblem {
  return { span, severity, code, message };
}

function rangeSpan(range: [number, number, number]): Span {
  return { start: range[0], end: range[1] };
}

/** Nesting depth of the CST, walked without recursion. */
function cstDepth(tokens: CST.Token[]): number {
  let deepest = 0;
  const stack: [CST.Token, number][] = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (depth > MAX_NESTING_DEPTH) break;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return deepest;
}

interface Entry {
  name: string;
  key: ParsedNode;
  /** Alias resolved; undefined when empty or the alias was refused. */
  value: ParsedNode | undefined;
  /** Where to point at the value: the value, or the key when the value is empty. */
  valueSpan: Span;
  /** The value was an alias we refused (already reported). */
  refused: boolean;
}

class RegistryReader {
  private readonly problems: RegistryProblem[];
  private readonly aliasTargets = new Map<ParsedNode, ParsedNode | undefined>();
  private readonly refusedAliases = new Set<ParsedNode>();
  /** Counts errors even when a repeated one is not listed twice: a fact loads only if it caused none. */
  private errorsReported = 0;
  /** Facts without match terms, with the warning that says so: dropped for facts that only gather annotations. */
  private readonly noMatchWarnings = new Map<string, RegistryProblem>();
  /** code, start and end of every problem listed: a repeated one is not listed twice (a Set, so a file full of errors stays linear). */
  private readonly listed = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly doc: YamlDocument,
    private readonly registry: Registry,
    private readonly l10n: L10n,
  ) {
    this.problems = registry.problems;
    for (const p of this.problems) this.listed.add(problemKey(p.code, p.span));
  }

  read(): void {
    this.checkAliases();
    const root = this.doc.contents;
    if (!isMap(root)) {
      const message = root
        ? this.l10n.t('Not a fact registry: expected a mapping with a "facts" key, found {0}.', this.describe(root))
        : this.l10n.t('Not a fact registry: expected a mapping with a "facts" key, the file is empty.');
      const span = root ? this.span(root) : { start: 0, end: 0 };
      this.report(span, 'error', 'not-a-registry', message);
      return;
    }
    const entries = this.entries(root as YamlMap, this.l10n.t('the registry'), TOP_KEYS);
    const facts = entries.find((entry) => entry.name === 'facts');
    if (!facts) {
      const first = (root as YamlMap).items[0]?.key;
      const span = first ? this.span(first) : this.span(root);
      this.report(span, 'error', 'not-a-registry', this.l10n.t('Not a fact registry: there is no "facts" key (expected "facts:" with one entry per fact id).'));
    } else this.readFacts(facts);
    const ignore = entries.find((entry) => entry.name === 'ignore');
    if (ignore) this.readIgnores(ignore);
    const annotations = entries.find((entry) => entry.name === 'annotations');
    if (annotations) this.readAnnotations(annotations);
    const version = entries.find((entry) => entry.name === 'version');
    if (version?.value && !(isScalar(version.value) && version.value.value === 1)) {
      this.report(version.valueSpan, 'warning', 'wrong-type', this.l10n.t('Unsupported registry "version": expected 1, found {0}.', this.describe(version.value)));
    }
  }

  private readFacts(facts: Entry): void {
    if (!facts.value) return;
    if (!isMap(facts.value)) {
      this.report(facts.valueSpan, 'error', 'wrong-type', this.l10n.t('"facts" must be a mapping from fact ids to facts, found {0}.', this.describe(facts.value)));
      return;
    }
    const seen = new Set<string>();
    this.registry.allIds = seen;
    const syntaxErrors = this.doc.errors.map((error) => error.pos[0]);
    for (const pair of (facts.value as YamlMap).items) {
      const id = keyName(pair.key, this.text);
      const keySpan = pair.key ? this.span(pair.key) : this.span(pair.value);
      let loadable = true;
      if (id === undefined || !FACT_ID_PATTERN.test(id)) {
        const message =
          id === undefined
            ? this.l10n.t('Invalid fact id this key: ids use lowercase letters, digits, ".", "-" and "_", starting with a letter or digit.')
            : this.l10n.t('Invalid fact id "{0}": ids use lowercase letters, digits, ".", "-" and "_", starting with a letter or digit.', id);
        this.report(keySpan, 'error', 'invalid-id', message);
        loadable = false;
      } else if (seen.has(id)) {
        this.report(keySpan, 'error', 'duplicate-id', this.l10n.t('Duplicate fact id "{0}": only the first entry with this id is used.', id));
        loadable = false;
      }
      // yaml recovers from syntax errors, but what it recovered inside an entry is not to be trusted.
      const entryStart = keySpan.start;
      const entryEnd = pair.value ? pair.value.range[1] : keySpan.end;
      if (syntaxErrors.some((offset) => entryStart < offset && offset <= entryEnd)) loadable = false;
      if (id !== undefined) seen.add(id);
      const fact = this.readFact(id ?? '?', keySpan, pair.value);
      if (loadable && fact) {
        this.registry.facts.push(fact);
        this.registry.byId.set(fact.id, fact);
      }
    }
  }

  /** The fact, or undefined when it has an error (each reader reports its own and returns undefined). */
  private readFact(id: string, location: Span, node: ParsedNode | null): Fact | undefined {
    const errorsBefore = this.errorsReported;
    const body = this.deref(node);
    if (!isMap(body)) {
      const span = node && node.range[1] > node.range[0] ? this.span(node) : location;
      this.report(span, 'error', 'wrong-type', this.l10n.t('Fact "{0}" must be a mapping of keys (claim, value, unit, match, …), found {1}.', id, this.describe(body)));
      return undefined;
    }
    const where = this.l10n.t('in fact "{0}"', id);
    const entries = this.entries(body as YamlMap, this.l10n.t('fact "{0}"', id), FACT_KEYS);
    const get = (name: string): Entry | undefined => entries.find((entry) => entry.name === name);
    if (entries.some((entry) => entry.refused)) return undefined;

    const unit = this.readUnit(get('unit'), id, location);
    const value = this.readValue(get('value'), unit, where);
    const bound = this.readEnum(get('bound'), BOUNDS, where);
    const tolerance = this.readTolerance(get('tolerance'), where);
    const match = this.readMatch(get('match'), id, location);
    const status = this.readEnum(get('status'), STATUSES, where);
    const sources = this.readSources(get('sources'), where);
    const claim = this.readText(get('claim'), where);
    const note = this.readText(get('note'), where);
    if (unit === undefined || this.errorsReported > errorsBefore) return undefined;

    const factBound = bound ?? 'exact';
    const fact: Fact = {
      id,
      unit,
      bound: factBound,
      tolerance: tolerance ?? (factBound === 'about' ? 0.1 : 0),
      match: match ?? [],
      status: status ?? 'reported',
      sources: sources ?? [],
      location,
    };
    if (claim !== undefined) fact.claim = claim;
    if (value !== undefined) fact.value = value;
    if (note !== undefined) fact.note = note;
    return fact;
  }

  private readUnit(entry: Entry | undefined, id: string, location: Span): string | undefined {
    if (!entry?.value) {
      this.report(entry ? this.span(entry.key) : location, 'error', 'missing-unit', this.l10n.t('Fact "{0}" has no "unit": expected {1}.', id, unitList(this.l10n)));
      return undefined;
    }
    const unit = this.scalarString(entry.value);
    if (unit === undefined) {
      this.report(entry.valueSpan, 'error', 'wrong-type', this.l10n.t('"unit" in fact "{0}" must be {1}, found {2}.', id, unitList(this.l10n), this.describe(entry.value)));
      return undefined;
    }
    if (isUnit(unit)) return unit;
    const hint = /^[a-z]{3}$/i.test(unit) && isUnit(unit.toUpperCase()) ? unit.toUpperCase() : closest(unit, NON_CURRENCY_UNITS);
    const suggestion = hint ? this.l10n.t(' Did you mean "{0}"?', hint) : '';
    this.report(entry.valueSpan, 'error', 'unknown-unit', this.l10n.t('Unknown unit "{0}" in fact "{1}": expected {2}.', unit, id, unitList(this.l10n)) + suggestion);
    return undefined;
  }

  private readValue(entry: Entry | undefined, unit: string | undefined, where: string): Fact['value'] | undefined {
    const node = entry?.value;
    if (!entry || !node) return undefined;
    const span = entry.valueSpan;
    const isDateUnit = unit === 'date';
    const knownUnit = typeof unit === 'string';
    if (isScalar(node) && typeof node.value === 'number') {
      if (!Number.isFinite(node.value)) {
        this.report(span, 'error', 'wrong-type', this.l10n.t('"value" {0} must be a finite number, found {1}.', where, this.describe(node)));
        return undefined;
      }
      if (isDateUnit) {
        this.report(span, 'error', 'value-unit-mismatch', this.l10n.t('"value" {0} is a number but the unit is date: write the date as YYYY-MM-DD.', where));
        return undefined;
      }
      return node.value;
    }
    if (isScalar(node) && typeof node.value === 'string') {
      const looksLikeDate = /^\d{4}-\d{1,2}-\d{1,2}$/.test(node.value);
      if (isDateUnit || (!knownUnit && looksLikeDate)) {
        if (isIsoDate(node.value)) return node.value;
        this.report(span, 'error', 'invalid-date', this.l10n.t('"value" {0} must be a calendar date written YYYY-MM-DD, found "{1}".', where, node.value));
        return undefined;
      }
      if (looksLikeDate && knownUnit) {
        this.report(span, 'error', 'value-unit-mismatch', this.l10n.t('"value" {0} is a date but the unit is {1}: use unit date, or a number.', where, unit));
        return undefined;
      }
      this.report(span, 'error', 'wrong-type', this.l10n.t('"value" {0} must be a number or [low, high], found {1}.', where, this.describe(node)));
      return undefined;
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => this.deref(item));
      const numbers = items.map((item) => (isScalar(item) && typeof item.value === 'number' ? item.value : NaN));
      if (numbers.length !== 2 || !numbers.every(Number.isFinite)) {
        this.report(span, 'error', 'wrong-type', this.l10n.t('"value" {0} must be a pair of numbers [low, high], found {1}.', where, this.describe(node)));
        return undefined;
      }
      if (isDateUnit) {
        this.report(span, 'error', 'value-unit-mismatch', this.l10n.t('"value" {0} is a range but the unit is date: a date fact holds one date, YYYY-MM-DD.', where));
        return undefined;
      }
      const [low, high] = numbers;
      if (low > high) {
        this.report(span, 'error', 'invalid-range', this.l10n.t('"value" {0} is the range [{1}, {2}] whose low end is above its high end.', where, low, high));
        return undefined;
      }
      return [low, high];
    }
    this.report(span, 'error', 'wrong-type', this.l10n.t('"value" {0} must be a number, [low, high] or a date YYYY-MM-DD, found {1}.', where, this.describe(node)));
    return undefined;
  }

  private readEnum<T extends string>(entry: Entry | undefined, allowed: readonly T[], where: string): T | undefined {
    if (!entry?.value) return undefined;
    const word = this.scalarString(entry.value);
    const found = allowed.find((option) => option === word);
    if (found) return found;
    const hint = word === undefined ? undefined : closest(word, allowed);
    const suggestion = hint ? this.l10n.t(' Did you mean "{0}"?', hint) : '';
    const shown = word === undefined ? this.describe(entry.value) : this.l10n.t('"{0}"', word);
    this.report(entry.valueSpan, 'error', 'invalid-enum', this.l10n.t('"{0}" {1} must be one of {2}, found {3}.', entry.name, where, allowed.join(', '), shown) + suggestion);
    return undefined;
  }

  private readTolerance(entry: Entry | undefined, where: string): number | undefined {
    if (!entry?.value) return undefined;
    const node = entry.value;
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value) && node.value >= 0) return node.value;
    this.report(entry.valueSpan, 'error', 'wrong-type', this.l10n.t('"tolerance" {0} must be a number ≥ 0 (0.1 = 10%; days for dates), found {1}.', where, this.describe(node)));
    return undefined;
  }

  private readMatch(entry: Entry | undefined, id: string, location: Span): string[][] | undefined {
    const noMatch = this.l10n.t('Fact "{0}" has no "match" terms, so no figure will link to it automatically.', id);
    if (!entry?.value) {
      this.report(entry ? this.span(entry.key) : location, 'warning', 'no-match', noMatch);
      this.noMatchWarnings.set(id, this.problems[this.problems.length - 1]);
      return undefined;
    }
    if (!isSeq(entry.value)) {
      this.report(entry.valueSpan, 'error', 'wrong-type', this.l10n.t('"match" in fact "{0}" must be a list of term groups, e.g. {1}, found {2}.', id, '[[DeepSeek, 深度求索], [GPU, H800]]', this.describe(entry.value)));
      return undefined;
    }
    if (entry.value.items.length === 0) {
      this.report(entry.valueSpan, 'warning', 'no-match', noMatch);
      this.noMatchWarnings.set(id, this.problems[this.problems.length - 1]);
      return [];
    }
    const groups: string[][] = [];
    entry.value.items.forEach((item, index) => {
      const group = this.readMatchGroup(item, index + 1, id, entry.valueSpan);
      if (group) groups.push(group);
    });
    return groups;
  }

  private readMatchGroup(item: ParsedNode | null, groupNumber: number, id: string, matchSpan: Span): string[] | undefined {
    const node = this.deref(item);
    const span = item && item.range[1] > item.range[0] ? this.span(item) : matchSpan;
    if (!node || (isScalar(node) && node.value === null) || (isSeq(node) && node.items.length === 0)) {
      this.report(span, 'error', 'empty-match', this.l10n.t('Empty match group {0} of fact "{1}": a group needs at least one term, or remove it.', groupNumber, id));
      return undefined;
    }
    // A bare string is a one-term group.
    const terms = isSeq(node) ? node.items : isScalar(node) ? [item] : undefined;
    if (!terms) {
      this.report(span, 'error', 'wrong-type', this.l10n.t('Match group {0} of fact "{1}" must be a term or a list of terms, found {2}.', groupNumber, id, this.describe(node)));
      return undefined;
    }
    const group: string[] = [];
    for (const termNode of terms) {
      const term = this.scalarString(this.deref(termNode));
      if (term === undefined) {
        this.report(this.span(termNode), 'error', 'wrong-type', this.l10n.t('A term in match group {0} of fact "{1}" must be text, found {2}.', groupNumber, id, this.describe(this.deref(termNode))));
        return undefined;
      }
      if (term.trim() === '') {
        this.report(this.span(termNode), 'error', 'empty-match', this.l10n.t('Empty term in match group {0} of fact "{1}": it would match every sentence.', groupNumber, id));
        return undefined;
      }
      group.push(term);
    }
    return group;
  }

  private readSources(entry: Entry | undefined, where: string): FactSource[] | undefined {
    if (!entry?.value) return undefined;
    if (!isSeq(entry.value)) {
      this.report(entry.valueSpan, 'error', 'wrong-type', this.l10n.t('"sources" {0} must be a list of sources (title, url, date, quote), found {1}.', where, this.describe(entry.value)));
      return undefined;
    }
    const sources: FactSource[] = [];
    for (const item of entry.value.items) {
      const node = this.deref(item);
      if (!isMap(node)) {
        this.report(this.span(item), 'error', 'wrong-type', this.l10n.t('Each source {0} must be a mapping (title, url, date, quote), found {1}.', where, this.describe(node)));
        continue;
      }
      const fields = this.entries(node as YamlMap, this.l10n.t('a source {0}', where), SOURCE_KEYS);
      const source: FactSource = {};
      for (const name of ['title', 'url', 'quote'] as const) {
        const field = this.readText(fields.find((f) => f.name === name), this.l10n.t('in a source {0}', where));
        if (field !== undefined) source[name] = field;
      }
      const date = this.readSourceDate(fields.find((f) => f.name === 'date'), where);
      if (date !== undefined) source.date = date;
      sources.push(source);
    }
    return sources;
  }

  private readSourceDate(entry: Entry | undefined, where: string): string | undefined {
    if (!entry?.value) return undefined;
    const date = this.scalarString(entry.value);
    if (date !== undefined && isIsoDate(date)) return date;
    this.report(entry.valueSpan, 'error', 'invalid-date', this.l10n.t('"date" of a source {0} must be a calendar date written YYYY-MM-DD, found {1}.', where, this.describe(entry.value)));
    return undefined;
  }

  private readText(entry: Entry | undefined, where: string): string | undefined {
    if (!entry?.value) return undefined;
    const text = this.scalarString(entry.value);
    if (text !== undefined) return text;
    this.report(entry.valueSpan, 'error', 'wrong-type', this.l10n.t('"{0}" {1} must be text, found {2}.', entry.name, where, this.describe(entry.value)));
    return undefined;
  }

  private readIgnores(ignore: Entry): void {
    if (!ignore.value) return;
    if (!isSeq(ignore.value)) {
      this.report(ignore.valueSpan, 'error', 'wrong-type', this.l10n.t('"ignore" must be a list of entries with "file" and "text", found {0}.', this.describe(ignore.value)));
      return;
    }
    for (const item of ignore.value.items) {
      const node = this.deref(item);
      const span = this.span(item);
      if (!isMap(node)) {
        this.report(span, 'error', 'wrong-type', this.l10n.t('Each "ignore" entry must be a mapping with "file" and "text", found {0}.', this.describe(node)));
        continue;
      }
      const fields = this.entries(node as YamlMap, this.l10n.t('an ignore entry'), IGNORE_KEYS);
      const values: string[] = [];
      for (const name of IGNORE_KEYS) {
        const field = fields.find((f) => f.name === name);
        const value = field?.value ? this.scalarString(field.value) : undefined;
        if (value === undefined || value === '') {
          const message = field?.value
            ? this.l10n.t('An "ignore" entry needs "{0}" as text, found {1}.', name, this.describe(field.value))
            : this.l10n.t('An "ignore" entry needs "{0}" as text.', name);
          this.report(field ? field.valueSpan : span, 'error', 'wrong-type', message);
        } else values.push(value);
      }
      if (values.length === 2) this.registry.ignores.push({ file: values[0], text: values[1], span });
    }
  }

  private readAnnotations(list: Entry): void {
    if (!list.value) return;
    if (!isSeq(list.value)) {
      this.report(list.valueSpan, 'error', 'wrong-type', this.l10n.t('"annotations" must be a list of entries with "fact", "file" and "selector", found {0}.', this.describe(list.value)));
      return;
    }
    list.value.items.forEach((item, index) => {
      const errorsBefore = this.errorsReported;
      const node = this.deref(item);
      const span = this.span(item);
      if (!isMap(node)) {
        this.report(span, 'error', 'wrong-type', this.l10n.t('Each "annotations" entry must be a mapping with "fact", "file" and "selector", found {0}.', this.describe(node)));
        return;
      }
      const where = this.l10n.t('in annotation {0}', index + 1);
      const fields = this.entries(node as YamlMap, this.l10n.t('annotation {0}', index + 1), ANNOTATION_KEYS);
      const get = (name: string): Entry | undefined => fields.find((f) => f.name === name);
      const required = (name: string): string | undefined => {
        const field = get(name);
        const value = field?.value ? this.scalarString(field.value) : undefined;
        if (value !== undefined && value.trim() !== '') return value;
        const message = field?.value
          ? this.l10n.t('Annotation {0} needs "{1}" as text, found {2}.', index + 1, name, this.describe(field.value))
          : this.l10n.t('Annotation {0} needs "{1}" as text.', index + 1, name);
        this.report(field ? field.valueSpan : span, 'error', 'wrong-type', message);
        return undefined;
      };
      const fact = required('fact');
      const file = required('file');
      const selector = this.readSelector(get('selector'), span, index + 1);
      const verdict = this.readEnum<Verdict>(get('verdict'), VERDICTS, where);
      const note = this.readText(get('note'), where);
      const by = this.readText(get('by'), where);
      const atEntry = get('at');
      let at = this.readText(atEntry, where);
      if (at !== undefined && !(DATE_TIME_PATTERN.test(at) && !Number.isNaN(Date.parse(at)))) {
        this.report(atEntry!.valueSpan, 'error', 'invalid-date', this.l10n.t('"at" {0} must be an ISO 8601 date-time such as {1}, found "{2}".', where, '2025-01-29T10:30:00Z', at));
        at = undefined;
      }
      if (fact !== undefined && !this.registry.byId.has(fact)) {
        const known = this.registry.allIds?.has(fact) ?? false;
        if (!known) {
          const hint = closest(fact, [...(this.registry.allIds ?? [])]);
          const suggestion = hint ? this.l10n.t(' Did you mean "{0}"?', hint) : '';
          this.report(get('fact')!.valueSpan, 'warning', 'unknown-fact', this.l10n.t('Annotation {0} is about "{1}", which is not a fact of this registry.', index + 1, fact) + suggestion);
        }
      }
      if (fact === undefined || file === undefined || !selector || this.errorsReported > errorsBefore) return;
      const annotation: Annotation = { fact, file, selector, verdict: verdict ?? 'mentions', index, span };
      if (note !== undefined) annotation.note = note;
      if (by !== undefined) annotation.by = by;
      if (at !== undefined) annotation.at = at;
      this.registry.annotations.push(annotation);
    });
    // A fact that only gathers annotations needs no match terms.
    const dropped = new Set<RegistryProblem>();
    for (const annotation of this.registry.annotations) {
      const warning = this.noMatchWarnings.get(annotation.fact);
      if (!warning) continue;
      dropped.add(warning);
      this.listed.delete(problemKey(warning.code, warning.span));
      this.noMatchWarnings.delete(annotation.fact);
    }
    if (dropped.size > 0) {
      const kept = this.problems.filter((p) => !dropped.has(p));
      this.problems.length = 0;
      for (const p of kept) this.problems.push(p);
    }
  }

  private readSelector(entry: Entry | undefined, entrySpan: Span, number: number): QuoteSelector | undefined {
    if (!entry?.value || !isMap(entry.value)) {
      const message = entry?.value
        ? this.l10n.t('Annotation {0} needs a "selector" mapping with the quoted text as "exact" (and "prefix", "suffix", "start"), found {1}.', number, this.describe(entry.value))
        : this.l10n.t('Annotation {0} needs a "selector" mapping with the quoted text as "exact" (and "prefix", "suffix", "start").', number);
      this.report(entry ? entry.valueSpan : entrySpan, 'error', 'wrong-type', message);
      return undefined;
    }
    const fields = this.entries(entry.value as YamlMap, this.l10n.t('the selector of annotation {0}', number), SELECTOR_KEYS);
    const get = (name: string): Entry | undefined => fields.find((f) => f.name === name);
    const exactEntry = get('exact');
    const exact = exactEntry?.value ? this.scalarString(exactEntry.value) : undefined;
    if (exact === undefined || exact === '') {
      const message = exactEntry?.value
        ? this.l10n.t('The selector of annotation {0} needs "exact": the quoted text, found {1}.', number, this.describe(exactEntry.value))
        : this.l10n.t('The selector of annotation {0} needs "exact": the quoted text.', number);
      this.report(exactEntry ? exactEntry.valueSpan : this.span(entry.key), 'error', 'wrong-type', message);
      return undefined;
    }
    const selector: QuoteSelector = { exact };
    for (const name of ['prefix', 'suffix'] as const) {
      const value = this.readText(get(name), this.l10n.t('in the selector of annotation {0}', number));
      if (value !== undefined) selector[name] = value;
    }
    const start = get('start');
    if (start?.value) {
      const node = start.value;
      if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 0) selector.start = node.value;
      else this.report(start.valueSpan, 'error', 'wrong-type', this.l10n.t('"start" in the selector of annotation {0} must be a whole number ≥ 0 (an offset in the article), found {1}.', number, this.describe(node)));
    }
    return selector;
  }

  /** The keys of a mapping, reporting unknown, duplicate and complex keys. */
  private entries(map: YamlMap, owner: string, known: readonly string[]): Entry[] {
    const entries: Entry[] = [];
    for (const pair of map.items) {
      const name = keyName(pair.key, this.text);
      const key = pair.key ?? pair.value;
      if (name === undefined || !key) {
        if (key) this.report(this.span(key), 'warning', 'unknown-key', this.l10n.t('Unexpected key in {0}: expected one of {1}.', owner, known.join(', ')));
        continue;
      }
      if (!known.includes(name)) {
        const hint = closest(name, known);
        const suggestion = hint ? this.l10n.t(' Did you mean "{0}"?', hint) : this.l10n.t(' Expected one of {0}.', known.join(', '));
        this.report(this.span(key), 'warning', 'unknown-key', this.l10n.t('Unknown key "{0}" in {1}; it is ignored.', name, owner) + suggestion);
        continue;
      }
      if (entries.some((entry) => entry.name === name)) {
        this.report(this.span(key), 'error', 'duplicate-key', this.l10n.t('Duplicate key "{0}" in {1}: each key may appear once.', name, owner));
        continue;
      }
      const valueSpan = pair.value && pair.value.range[1] > pair.value.range[0] ? this.span(pair.value) : this.span(key);
      const value = this.deref(pair.value);
      const empty = !value || (isScalar(value) && value.value === null);
      const refused = isAlias(pair.value) && !value;
      entries.push({ name, key, value: empty ? undefined : value, valueSpan, refused });
    }
    return entries;
  }

  /**
   * Resolves anchors ourselves (in document order, as YAML does) and counts what each alias
   * would expand to, so a "billion laughs" file is refused without ever being expanded.
   */
  private checkAliases(): void {
    const anchors = new Map<string, ParsedNode>();
    const aliasesInside = new Map<ParsedNode, number>();
    let reported = false;
    const visit = (node: ParsedNode | null): number => {
      if (!node) return 0;
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        this.aliasTargets.set(node, target);
        if (!target) {
          this.report(this.span(node), 'error', 'yaml-syntax', this.l10n.t('Unknown alias "*{0}": no anchor "&{0}" before it.', node.source));
          return 1;
        }
        // A target still being visited contains this alias: a cycle, infinite expansion.
        const inside = isScalar(target) ? 0 : aliasesInside.get(target) ?? Infinity;
        const count = 1 + inside;
        if (count > MAX_ALIAS_COUNT) {
          this.refusedAliases.add(node);
          if (!reported) {
            const message = Number.isFinite(count)
              ? this.l10n.t('Alias "*{0}" would need {1} alias expansions (limit {2}); aliases like this are refused.', node.source, count, MAX_ALIAS_COUNT)
              : this.l10n.t('Alias "*{0}" would need an endless, recursive expansion (limit {1}); aliases like this are refused.', node.source, MAX_ALIAS_COUNT);
            this.report(this.span(node), 'error', 'alias-limit', message);
            reported = true;
          }
        }
        return count;
      }
      if (node.anchor) anchors.set(node.anchor, node);
      let count = 0;
      if (isMap(node)) for (const pair of (node as YamlMap).items) count += visit(pair.key) + visit(pair.value);
      else if (isSeq(node)) for (const item of node.items) count += visit(item);
      if (!isScalar(node)) aliasesInside.set(node, count);
      return count;
    };
    visit(this.doc.contents);
  }

  /** The node an alias stands for; undefined for refused or unknown aliases. */
  private deref(node: ParsedNode | null | undefined): ParsedNode | undefined {
    if (!node) return undefined;
    if (!isAlias(node)) return node;
    if (this.refusedAliases.has(node)) {
      this.report(this.span(node), 'error', 'alias-limit', this.l10n.t('Alias "*{0}" expands to too much (limit {1} expansions).', node.source, MAX_ALIAS_COUNT));
      return undefined;
    }
    return this.aliasTargets.get(node);
  }

  /** Text of a scalar as the author wrote it; numbers and booleans keep their source spelling. */
  private scalarString(node: ParsedNode | undefined): string | undefined {
    if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
    if (typeof node.value === 'string') return node.value;
    return this.text.slice(node.range[0], node.range[1]);
  }

  private describe(node: ParsedNode | null | undefined): string {
    if (!node || (isScalar(node) && node.value === null)) return this.l10n.t('nothing');
    if (isMap(node)) return this.l10n.t('a mapping');
    if (isSeq(node)) return this.l10n.t('a list');
    if (isAlias(node)) return this.l10n.t('the alias *{0}', node.source);
    const value = (node as Scalar).value;
    if (typeof value === 'string') return this.l10n.t('the text "{0}"', value.length > 40 ? `${value.slice(0, 40)}…` : value);
    if (typeof value === 'number') return this.l10n.t('the number {0}', this.text.slice(node.range[0], node.range[1]));
    if (typeof value === 'boolean') return this.l10n.t('the boolean {0}', String(value));
    return this.l10n.t('"{0}"', this.text.slice(node.range[0], node.range[1]));
  }

  /** A node's span without the trailing line breaks block collections include. */
  private span(node: ParsedNode | null | undefined): Span {
    const { start, end } = nodeSpan(node);
    let trimmed = end;
    while (trimmed > start && /\s/.test(this.text[trimmed - 1])) trimmed--;
    return { start, end: trimmed };
  }

  private report(span: Span, severity: Severity, code: string, message: string): void {
    if (severity === 'error') this.errorsReported++;
    const key = problemKey(code, span);
    if (this.listed.has(key)) return;
    this.listed.add(key);
    this.problems.push(problem(span, severity, code, message));
  }
}

function problemKey(code: string, span: Span): string {
  return `${code}@${span.start}-${span.end}`;
}

export function isUnit(unit: string): boolean {
  return /^[A-Z]{3}$/.test(unit) || NON_CURRENCY_UNITS.includes(unit);
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!parts) return false;
  const [year, month, day] = parts.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The candidate within two edits of `word` (case-insensitive), for "did you mean" hints. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
