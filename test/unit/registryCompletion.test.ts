import { describe, expect, test } from 'vitest';
import { parseRegistry } from '../../src/core/registry';
import { factIdProblem, newFactProblem, parseFactValueInput, parseMatchInput, parseUnitInput, registryCompletions } from '../../src/core/registryCompletion';
import type { NewFact } from '../../src/core/registryEdit';

const yaml = (...lines: string[]) => lines.join('\n') + '\n';

/** Completions where `|` stands in the text (the bar is removed). */
function at(withCursor: string) {
  const offset = withCursor.indexOf('|');
  expect(offset).toBeGreaterThanOrEqual(0);
  const text = withCursor.slice(0, offset) + withCursor.slice(offset + 1);
  return { text, offset, items: registryCompletions(text, offset) };
}

const labels = (withCursor: string) => at(withCursor).items.map((item) => item.label);

const registry = (...factLines: string[]) =>
  yaml(
    '# comment',
    'facts:',
    '  deepseek-v3.training-cost:',
    '    claim: Training cost',
    '    value: 5576000',
    '    unit: USD',
    '    match:',
    '      - [DeepSeek]',
    '  deepseek-v3.training-gpus:',
    '    unit: count',
    ...factLines,
    '  amodei.essay-date:',
    '    unit: date',
    '    sources:',
    '      - title: On DeepSeek',
    'ignore:',
    '  - file: a.txt',
    '    text: x',
  );

describe('registryCompletions: values', () => {
  test('units after "unit:", common currencies first, every unit with a description', () => {
    const { items } = at(registry('    bound: about', '    status: reported').replace('unit: count', 'unit: |'));
    expect(items.slice(0, 8).map((i) => i.label)).toEqual(['USD', 'CNY', 'EUR', 'JPY', 'GBP', 'HKD', 'TWD', 'KRW']);
    for (const unit of ['percent', 'count', 'times', 'rank', 'second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'date']) {
      expect(items.map((i) => i.label)).toContain(unit);
    }
    expect(items.every((i) => i.kind === 'value' && i.detail.length > 0)).toBe(true);
  });

  test('the typed word (and the rest of it after the cursor) is what gets replaced', () => {
    const { text, items } = at(registry().replace('unit: count', 'unit: co|unt'));
    const { start, end } = items[0].replace;
    expect(text.slice(start, end)).toBe('count');
  });

  test('statuses and bounds; false is quoted so that YAML does not read a boolean', () => {
    const status = at(registry('    status: |'));
    expect(status.items.map((i) => i.label)).toEqual(['verified', 'reported', 'disputed', 'false']);
    expect(status.items.find((i) => i.label === 'false')!.insertText).toBe('"false"');
    const quoted = at(registry('    status: "fa|"'));
    expect(quoted.text.slice(quoted.items[0].replace.start, quoted.items[0].replace.end)).toBe('"fa"');
    expect(labels(registry('    bound: |'))).toEqual(['exact', 'about', 'at-least', 'at-most']);
  });

  test('nothing for a "unit:" outside a fact, or for other keys', () => {
    expect(labels(yaml('unit: |'))).toEqual([]);
    expect(labels(registry('    claim: |'))).toEqual([]);
    expect(labels(registry().replace('title: On DeepSeek', 'title: On DeepSeek\n        status: |'))).toEqual([]);
  });
});

describe('registryCompletions: keys', () => {
  test('fact keys not already present, at field indentation', () => {
    expect(labels(registry('    |'))).toEqual(['claim', 'value', 'bound', 'tolerance', 'match', 'status', 'sources', 'note']);
    const { items, text } = at(registry('    st|'));
    const status = items.find((i) => i.label === 'status')!;
    expect(status.insertText).toBe('status: ');
    expect(status.retrigger).toBe(true);
    expect(text.slice(status.replace.start, status.replace.end)).toBe('st');
  });

  test('source keys in a list item of sources, and the keys the item lacks', () => {
    expect(labels(registry().replace('title: On DeepSeek', 'title: On DeepSeek\n        |'))).toEqual(['url', 'date', 'quote']);
    expect(labels(registry().replace('title: On DeepSeek', 'title: On DeepSeek\n      - |'))).toEqual(['title', 'url', 'date', 'quote']);
  });

  test('nothing in match groups, the ignore list, at the top level, or after a value', () => {
    expect(labels(registry().replace('- [DeepSeek]', '- [DeepSeek]\n      - |'))).toEqual([]);
    expect(labels(registry().replace('    text: x', '    text: x\n    |'))).toEqual([]);
    expect(labels(registry() + '|')).toEqual([]);
    expect(labels(registry('    claim: Some |'))).toEqual([]);
  });
});

describe('registryCompletions: fact ids', () => {
  test('at fact-id indentation: a new-fact snippet and the namespaces in use, never an existing id', () => {
    const { items } = at(registry('  |'));
    expect(items.map((i) => i.label)).toEqual(['new fact', 'amodei.', 'deepseek-v3.']);
    expect(items.find((i) => i.label === 'deepseek-v3.')!.detail).toBe('2 facts: deepseek-v3.training-cost, deepseek-v3.training-gpus');
    const snippet = items[0];
    expect(snippet.snippet).toBe(true);
    expect(snippet.insertText).toMatch(/^\$\{1:new\.fact-id\}:\n {2}claim: /);
  });

  test('the snippet, filled in with its defaults, is a valid fact', () => {
    const { text, items } = at(registry('  |'));
    const snippet = items[0];
    const expanded = snippet.insertText
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$0/, '')
      .replace(/\n/g, '\n  ');
    const result = text.slice(0, snippet.replace.start) + expanded + text.slice(snippet.replace.end);
    const parsed = parseRegistry(result);
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.problems.filter((p) => p.message.includes('new.fact-id'))).toEqual([]);
    expect(parsed.byId.get('new.fact-id')).toMatchObject({ unit: 'USD', value: 0, match: [['term']], status: 'reported' });
  });
});

describe('New Fact input', () => {
  test('ids: pattern and existing ids', () => {
    const taken = new Set(['a.b']);
    expect(factIdProblem('a.b', taken)).toMatch(/already/);
    expect(factIdProblem('A.b', taken)).toMatch(/lowercase/);
    expect(factIdProblem('', taken)).toMatch(/needs an id/);
    expect(factIdProblem('a.c', taken)).toBeUndefined();
  });

  test('values by unit: numbers, ranges, dates, empty', () => {
    expect(parseFactValueInput('5576000', 'USD')).toEqual({ value: 5576000 });
    expect(parseFactValueInput('5,576,000', 'USD')).toEqual({ value: 5576000 });
    expect(parseFactValueInput('2.5e6', 'USD')).toEqual({ value: 2.5e6 });
    expect(parseFactValueInput('3.6-3.7', 'percent')).toEqual({ value: [3.6, 3.7] });
    expect(parseFactValueInput('3.6..3.7', 'percent')).toEqual({ value: [3.6, 3.7] });
    expect(parseFactValueInput('[1, 2]', 'count')).toEqual({ value: [1, 2] });
    expect(parseFactValueInput('-5 - -2', 'percent')).toEqual({ value: [-5, -2] });
    expect(parseFactValueInput('3-1', 'count').error).toMatch(/above/);
    expect(parseFactValueInput('', 'count')).toEqual({});
    expect(parseFactValueInput('lots', 'count').error).toBeDefined();
    expect(parseFactValueInput('2025-01-29', 'date')).toEqual({ value: '2025-01-29' });
    expect(parseFactValueInput('2025-02-30', 'date').error).toMatch(/YYYY-MM-DD/);
    expect(parseFactValueInput('5', 'date').error).toBeDefined();
  });

  test('units typed by hand', () => {
    expect(parseUnitInput('chf')).toEqual({ unit: 'CHF' });
    expect(parseUnitInput('month')).toEqual({ unit: 'month' });
    expect(parseUnitInput('dollars').error).toBeDefined();
  });

  test('match groups on one line', () => {
    expect(parseMatchInput('DeepSeek, 深度求索 | GPU，H800、芯片 | ')).toEqual([['DeepSeek', '深度求索'], ['GPU', 'H800', '芯片']]);
    expect(parseMatchInput('')).toEqual([]);
  });

  test('a complete fact given as an argument is checked before it is written', () => {
    const taken = new Set(['x']);
    const ok: NewFact = { id: 'y', unit: 'count', value: 3, match: [['a']], status: 'false', bound: 'about', sources: [{ title: 't', date: '2025-01-01' }] };
    expect(newFactProblem(ok, taken)).toBeUndefined();
    expect(newFactProblem({ ...ok, id: 'x' }, taken)).toMatch(/already/);
    expect(newFactProblem({ ...ok, unit: 'dollars' }, taken)).toMatch(/unit/);
    expect(newFactProblem({ ...ok, unit: 'date' }, taken)).toMatch(/date/);
    expect(newFactProblem({ ...ok, value: [3, 1] }, taken)).toMatch(/range/);
    expect(newFactProblem({ ...ok, match: [['']] }, taken)).toMatch(/match/);
    expect(newFactProblem({ ...ok, status: 'true' as never }, taken)).toMatch(/status/);
  });
});
