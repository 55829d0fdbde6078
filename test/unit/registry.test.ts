import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LineIndex } from '../../src/core/lineIndex';
import { emptyRegistry, MAX_REGISTRY_LENGTH, parseRegistry, registryKeyPath } from '../../src/core/registry';
import type { Position } from '../../src/core/types';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/registry/${name}`, import.meta.url), 'utf8');
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

/** The one problem with `code`, with its span as line/character positions. */
function only(text: string, code: string) {
  const registry = parseRegistry(text);
  const found = registry.problems.filter((p) => p.code === code);
  expect(found, JSON.stringify(registry.problems, null, 1)).toHaveLength(1);
  const lines = new LineIndex(text);
  return { ...found[0], start: lines.positionAt(found[0].span.start), end: lines.positionAt(found[0].span.end), registry };
}

const pos = (line: number, character: number): Position => ({ line, character });
const codes = (text: string) => parseRegistry(text).problems.map((p) => p.code);

describe('parseRegistry: loading', () => {
  test('loads a commented registry: values, units, defaults, sources, notes, terms as written', () => {
    const text = fixture('commented.yaml');
    const registry = parseRegistry(text);
    expect(registry.problems).toEqual([]);
    expect(registry.facts.map((f) => f.id)).toEqual(['deepseek-v3.training-gpus', 'deepseek-v3.training-cost', 'nvidia.market-cap-loss']);

    const gpus = registry.byId.get('deepseek-v3.training-gpus')!;
    expect(gpus).toMatchObject({ value: 2048, unit: 'count', bound: 'exact', tolerance: 0, status: 'verified' });
    expect(gpus.match).toEqual([
      ['DeepSeek', '深度求索'],
      ['GPU', '芯片', 'H800'],
    ]);
    expect(gpus.sources).toEqual([
      {
        title: 'DeepSeek-V3 Technical Report',
        url: 'https://arxiv.org/abs/2412.19437',
        date: '2024-12-27',
        quote: 'DeepSeek-V3 is trained on a cluster equipped with 2048 NVIDIA H800 GPUs.',
      },
    ]);
    expect(new LineIndex(text).rangeOf(gpus.location)).toEqual({ start: pos(6, 2), end: pos(6, 27) });

    const cost = registry.byId.get('deepseek-v3.training-cost')!;
    expect(cost).toMatchObject({ value: 5_576_000, unit: 'USD', bound: 'about', tolerance: 0.1, status: 'reported' });
    // A bare string is a one-term group; traditional and simplified terms are kept as written.
    expect(cost.match).toEqual([['DeepSeek'], ['成本', 'cost', '訓練成本']]);
    expect(cost.note).toBe('Rental price of $2 per GPU hour, as the report assumes.\nExcludes research and ablations.\n');

    const cap = registry.byId.get('nvidia.market-cap-loss')!;
    expect(cap.value).toEqual([589, 593]);
    expect(cap.match).toEqual([
      ['Nvidia', '英伟达', '輝達'],
      ['市值', 'market'],
    ]);
    expect(cap.claim).toBeUndefined();

    expect(registry.ignores).toHaveLength(1);
    expect(registry.ignores[0]).toMatchObject({ file: 'articles/deepseek.txt', text: '第5名' });
    expect(text.slice(registry.ignores[0].span.start, registry.ignores[0].span.end)).toBe(
      'file: articles/deepseek.txt   # ranking, not a claim\n    text: 第5名',
    );
  });

  test('fills defaults and leaves optional fields out', () => {
    const registry = parseRegistry(yaml('facts:', '  x:', '    unit: percent', '    match: [[利率]]'));
    expect(registry.problems).toEqual([]);
    const fact = registry.byId.get('x')!;
    expect(fact).toEqual({ id: 'x', unit: 'percent', bound: 'exact', tolerance: 0, match: [['利率']], status: 'reported', sources: [], location: { start: 9, end: 10 } });
    expect('value' in fact || 'claim' in fact || 'note' in fact).toBe(false);
  });

  test('bound about defaults the tolerance to 0.1; an explicit tolerance wins, even 0', () => {
    const registry = parseRegistry(
      yaml('facts:', '  a: {unit: count, bound: about, match: [x]}', '  b: {unit: count, bound: about, tolerance: 0, match: [x]}', '  c: {unit: date, value: 2025-01-20, tolerance: 3, match: [x]}'),
    );
    expect(registry.problems).toEqual([]);
    expect(registry.facts.map((f) => f.tolerance)).toEqual([0.1, 0, 3]);
  });

  test('dates stay strings, even under a %YAML 1.1 directive', () => {
    const text = yaml('%YAML 1.1', '---', 'facts:', '  r1:', '    value: 2025-01-20', '    unit: date', '    match: [R1]', '    sources: [{title: T, date: 2025-01-21}]');
    const fact = parseRegistry(text).byId.get('r1')!;
    expect(fact.value).toBe('2025-01-20');
    expect(fact.sources[0].date).toBe('2025-01-21');
  });

  test('status: false (a YAML boolean) is the status "false"; plain numbers as terms keep their spelling', () => {
    const registry = parseRegistry(yaml('facts:', '  x:', '    unit: count', '    status: false', '    match: [[H800, 2048, 0.10]]'));
    expect(registry.problems).toEqual([]);
    expect(registry.byId.get('x')).toMatchObject({ status: 'false', match: [['H800', '2048', '0.10']] });
  });

  test('block-style groups, ranges and all bounds and statuses', () => {
    const text = yaml(
      'facts:',
      '  a:',
      '    value: [1.5, 2]',
      '    unit: CNY',
      '    bound: at-least',
      '    status: disputed',
      '    match:',
      '      -',
      '        - 深度求索',
      '        - DeepSeek',
      '      - - 融资',
      '  b: {value: -3, unit: percent, bound: at-most, status: verified, match: [x]}',
    );
    const registry = parseRegistry(text);
    expect(registry.problems).toEqual([]);
    expect(registry.byId.get('a')).toMatchObject({ value: [1.5, 2], unit: 'CNY', bound: 'at-least', status: 'disputed', match: [['深度求索', 'DeepSeek'], ['融资']] });
    expect(registry.byId.get('b')).toMatchObject({ value: -3, bound: 'at-most', status: 'verified' });
  });

  test('aliases within the limit are followed', () => {
    const text = yaml('facts:', '  a:', '    unit: count', '    match: &terms [[DeepSeek, 深度求索]]', '  b:', '    unit: count', '    match: *terms');
    const registry = parseRegistry(text);
    expect(registry.problems).toEqual([]);
    expect(registry.byId.get('b')!.match).toEqual([['DeepSeek', '深度求索']]);
  });

  test('valid facts load beside broken ones; a broken fact is not loaded at all', () => {
    const text = yaml(
      'facts:',
      '  good-1: {unit: count, value: 1, match: [x]}',
      '  bad-unit: {unit: dollars, value: 2, match: [x]}',
      '  bad-range: {unit: count, value: [5, 1], match: [x]}',
      '  good-2: {unit: USD, value: 3, match: [x]}',
      '  Bad_Id: {unit: count, match: [x]}',
      '  bad-source: {unit: count, match: [x], sources: [{title: T, date: soon}]}',
      '  good-3:',
      '    unit: day',
      '    colour: red',
      '    match: [x]',
      'stray: 1',
    );
    const registry = parseRegistry(text);
    expect(registry.facts.map((f) => f.id)).toEqual(['good-1', 'good-2', 'good-3']);
    expect(registry.byId.has('bad-unit')).toBe(false);
    expect(registry.problems.map((p) => [p.code, p.severity])).toEqual([
      ['unknown-key', 'warning'], // stray, reported first: top-level keys are read first
      ['unknown-unit', 'error'],
      ['invalid-range', 'error'],
      ['invalid-id', 'error'],
      ['invalid-date', 'error'],
      ['unknown-key', 'warning'], // colour: the fact still loads
    ]);
    expect([...registry.allIds!]).toEqual(['good-1', 'bad-unit', 'bad-range', 'good-2', 'Bad_Id', 'bad-source', 'good-3']);
  });

  test('CRLF files load the same facts, with problems on the same lines and columns', () => {
    const lf = fixture('commented.yaml').replace('unit: count', 'unit: counts');
    const crlf = lf.replace(/\n/g, '\r\n');
    const [a, b] = [parseRegistry(lf), parseRegistry(crlf)];
    expect(b.facts.map((f) => f.id)).toEqual(a.facts.map((f) => f.id));
    expect(b.byId.get('deepseek-v3.training-cost')!.note).toBe(a.byId.get('deepseek-v3.training-cost')!.note);
    const at = (text: string, registry: typeof a) => registry.problems.map((p) => [p.code, new LineIndex(text).rangeOf(p.span)]);
    expect(at(crlf, b)).toEqual(at(lf, a));
    expect(at(lf, a)).toEqual([['unknown-unit', { start: pos(9, 10), end: pos(9, 16) }]]);
  });

  test('a byte order mark is skipped and spans still index the text as given', () => {
    const text = '\uFEFF' + yaml('facts:', '  x: {unit: count, match: [x]}', 'junk: 1');
    const registry = parseRegistry(text);
    expect(registry.facts.map((f) => f.id)).toEqual(['x']);
    expect(text.slice(registry.facts[0].location.start, registry.facts[0].location.end)).toBe('x');
    const problem = only(text, 'unknown-key');
    expect(text.slice(problem.span.start, problem.span.end)).toBe('junk');
  });
});

describe('parseRegistry: every problem at its exact place', () => {
  test('yaml-syntax at the position yaml reports; the damaged fact is skipped, the next one loads', () => {
    const text = yaml('facts:', '  a:', '    unit: count', '    match: [GPU', '  b:', '    unit: count', '    match: [x]');
    const problem = only(text, 'yaml-syntax');
    expect(problem).toMatchObject({ severity: 'error', start: pos(4, 2), end: pos(4, 3) });
    expect(problem.message).toMatch(/^YAML syntax error: Flow sequence .* end with a \]/);
    expect(problem.registry.facts.map((f) => f.id)).toEqual(['b']);
  });

  test('yaml-syntax for an unclosed quote swallowing the next fact', () => {
    const text = yaml('facts:', '  a:', '    unit: "count', '    match: [x]', '  b: {unit: count, match: [x]}');
    const registry = parseRegistry(text);
    expect(registry.problems.map((p) => p.code)).toContain('yaml-syntax');
    expect(registry.byId.has('a')).toBe(false);
  });

  test('unknown-key: a warning on the key, with a suggestion; the fact still loads', () => {
    const text = yaml('facts:', '  x:', '    units: count', '    unit: count', '    match: [x]');
    const problem = only(text, 'unknown-key');
    expect(problem).toMatchObject({ severity: 'warning', start: pos(2, 4), end: pos(2, 9) });
    expect(problem.message).toBe('Unknown key "units" in fact "x"; it is ignored. Did you mean "unit"?');
    expect(problem.registry.byId.has('x')).toBe(true);
  });

  test('unknown-key at the top level and in sources and ignore entries', () => {
    const text = yaml('factz: {}', 'facts:', '  x:', '    unit: count', '    match: [x]', '    sources: [{titel: T}]', 'ignore:', '  - {file: a.txt, text: "5", why: rank}');
    const found = parseRegistry(text).problems.filter((p) => p.code === 'unknown-key');
    const lines = new LineIndex(text);
    expect(found.map((p) => [lines.positionAt(p.span.start), text.slice(p.span.start, p.span.end)])).toEqual([
      [pos(0, 0), 'factz'],
      [pos(5, 15), 'titel'],
      [pos(7, 29), 'why'],
    ]);
    expect(found[0].message).toContain('Did you mean "facts"?');
  });

  test('wrong-type on the value node, naming the key and what was expected', () => {
    const text = yaml('facts:', '  x:', '    unit: count', '    tolerance: ten percent', '    match: [x]');
    const problem = only(text, 'wrong-type');
    expect(problem).toMatchObject({ severity: 'error', start: pos(3, 15), end: pos(3, 26) });
    expect(problem.message).toBe('"tolerance" in fact "x" must be a number ≥ 0 (0.1 = 10%; days for dates), found the text "ten percent".');
    expect(problem.registry.facts).toEqual([]);
  });

  test('wrong-type for a list where text belongs, a bad term and a facts list', () => {
    expect(only(yaml('facts:', '  x:', '    claim: [a, b]', '    unit: count', '    match: [x]'), 'wrong-type')).toMatchObject({ start: pos(2, 11), end: pos(2, 17) });
    expect(only(yaml('facts:', '  x: {unit: count, match: [[a, {b: c}]]}'), 'wrong-type')).toMatchObject({ start: pos(1, 31), end: pos(1, 37) });
    const list = only(yaml('facts:', '  - id: x', '    unit: count'), 'wrong-type');
    expect(list).toMatchObject({ start: pos(1, 2), end: pos(2, 15) });
    expect(list.message).toBe('"facts" must be a mapping from fact ids to facts, found a list.');
  });

  test('wrong-type when a fact is not a mapping points at the value, or at the key when empty', () => {
    expect(only(yaml('facts:', '  x: 2048'), 'wrong-type')).toMatchObject({ start: pos(1, 5), end: pos(1, 9) });
    expect(only(yaml('facts:', '  x:', '  y: {unit: count, match: [a]}'), 'wrong-type')).toMatchObject({ start: pos(1, 2), end: pos(1, 3) });
  });

  test('unknown-unit with the message the desk sees', () => {
    const problem = only(yaml('facts:', '  gpus:', '    unit: dollars', '    match: [[GPU]]'), 'unknown-unit');
    expect(problem).toMatchObject({ severity: 'error', start: pos(2, 10), end: pos(2, 17) });
    expect(problem.message).toBe(
      'Unknown unit "dollars" in fact "gpus": expected an ISO 4217 code (USD, CNY, EUR…) or one of percent, count, times, rank, date, second, minute, hour, day, week, month, year.',
    );
    expect(only(yaml('facts:', '  x: {unit: usd, match: [a]}'), 'unknown-unit').message).toMatch(/Did you mean "USD"\?$/);
    expect(only(yaml('facts:', '  x: {unit: precent, match: [a]}'), 'unknown-unit').message).toMatch(/Did you mean "percent"\?$/);
  });

  test('duplicate-id on the second key; the first entry wins', () => {
    const text = yaml('facts:', '  x:', '    value: 1', '    unit: count', '    match: [a]', '  x:', '    value: 2', '    unit: count', '    match: [a]');
    const problem = only(text, 'duplicate-id');
    expect(problem).toMatchObject({ severity: 'error', start: pos(5, 2), end: pos(5, 3) });
    expect(problem.message).toBe('Duplicate fact id "x": only the first entry with this id is used.');
    expect(problem.registry.facts.map((f) => f.value)).toEqual([1]);
  });

  test('a duplicate key inside one fact is reported and the fact is not loaded', () => {
    const problem = only(yaml('facts:', '  x:', '    unit: count', '    match: [a]', '    unit: percent'), 'duplicate-key');
    expect(problem).toMatchObject({ severity: 'error', start: pos(4, 4), end: pos(4, 8) });
    expect(problem.registry.facts).toEqual([]);
  });

  test('invalid-id on the key', () => {
    const problem = only(yaml('facts:', '  DeepSeek GPUs:', '    unit: count', '    match: [a]'), 'invalid-id');
    expect(problem).toMatchObject({ severity: 'error', start: pos(1, 2), end: pos(1, 15) });
    expect(problem.message).toContain('"DeepSeek GPUs"');
    expect(only(yaml('facts:', '  -x: {unit: count, match: [a]}'), 'invalid-id').start).toEqual(pos(1, 2));
  });

  test('empty-match on the empty group, and on a blank term', () => {
    const problem = only(yaml('facts:', '  x:', '    unit: count', '    match:', '      - [DeepSeek]', '      - []'), 'empty-match');
    expect(problem).toMatchObject({ severity: 'error', start: pos(5, 8), end: pos(5, 10) });
    expect(problem.message).toBe('Empty match group 2 of fact "x": a group needs at least one term, or remove it.');
    expect(only(yaml('facts:', '  x: {unit: count, match: [[a, " "]]}'), 'empty-match')).toMatchObject({ start: pos(1, 31), end: pos(1, 34) });
  });

  test('no-match: a warning on the id when match is absent, on the value when empty; the fact loads', () => {
    const absent = only(yaml('facts:', '  x:', '    unit: count'), 'no-match');
    expect(absent).toMatchObject({ severity: 'warning', start: pos(1, 2), end: pos(1, 3) });
    expect(absent.registry.byId.get('x')!.match).toEqual([]);
    expect(only(yaml('facts:', '  x:', '    unit: count', '    match: []'), 'no-match')).toMatchObject({ start: pos(3, 11), end: pos(3, 13) });
  });

  test('value-unit-mismatch: a number for a date, a date for a count', () => {
    const number = only(yaml('facts:', '  x:', '    value: 20250120', '    unit: date', '    match: [a]'), 'value-unit-mismatch');
    expect(number).toMatchObject({ severity: 'error', start: pos(2, 11), end: pos(2, 19) });
    expect(number.message).toBe('"value" in fact "x" is a number but the unit is date: write the date as YYYY-MM-DD.');
    const date = only(yaml('facts:', '  x:', '    value: 2025-01-20', '    unit: count', '    match: [a]'), 'value-unit-mismatch');
    expect(date).toMatchObject({ start: pos(2, 11), end: pos(2, 21) });
    expect(date.message).toBe('"value" in fact "x" is a date but the unit is count: use unit date, or a number.');
  });

  test('invalid-date: not a calendar date, in a value and in a source', () => {
    const value = only(yaml('facts:', '  x:', '    value: 2025-02-30', '    unit: date', '    match: [a]'), 'invalid-date');
    expect(value).toMatchObject({ severity: 'error', start: pos(2, 11), end: pos(2, 21) });
    expect(value.message).toBe('"value" in fact "x" must be a calendar date written YYYY-MM-DD, found "2025-02-30".');
    expect(only(yaml('facts:', '  x: {unit: date, value: "Jan 2025", match: [a]}'), 'invalid-date').start).toEqual(pos(1, 25));
    const source = only(yaml('facts:', '  x:', '    unit: count', '    match: [a]', '    sources:', '      - title: T', '        date: last week'), 'invalid-date');
    expect(source).toMatchObject({ start: pos(6, 14), end: pos(6, 23) });
    expect(parseRegistry(yaml('facts:', '  x: {unit: date, value: 2024-02-29, match: [a]}')).problems).toEqual([]);
  });

  test('invalid-range: low above high', () => {
    const problem = only(yaml('facts:', '  x:', '    value: [10, 5]', '    unit: percent', '    match: [a]'), 'invalid-range');
    expect(problem).toMatchObject({ severity: 'error', start: pos(2, 11), end: pos(2, 18) });
    expect(problem.message).toBe('"value" in fact "x" is the range [10, 5] whose low end is above its high end.');
  });

  test('invalid-enum for bound and status, with a suggestion', () => {
    const bound = only(yaml('facts:', '  x:', '    unit: count', '    bound: roughly', '    match: [a]'), 'invalid-enum');
    expect(bound).toMatchObject({ severity: 'error', start: pos(3, 11), end: pos(3, 18) });
    expect(bound.message).toBe('"bound" in fact "x" must be one of exact, about, at-least, at-most, found "roughly".');
    const status = only(yaml('facts:', '  x:', '    unit: count', '    match: [a]', '    status: verfied'), 'invalid-enum');
    expect(status).toMatchObject({ start: pos(4, 12), end: pos(4, 19) });
    expect(status.message).toMatch(/Did you mean "verified"\?$/);
  });

  test('missing-unit on the id when absent, on the key when empty', () => {
    const absent = only(yaml('facts:', '  x:', '    value: 3', '    match: [a]'), 'missing-unit');
    expect(absent).toMatchObject({ severity: 'error', start: pos(1, 2), end: pos(1, 3) });
    expect(absent.message).toMatch(/^Fact "x" has no "unit": expected an ISO 4217 code/);
    expect(only(yaml('facts:', '  x:', '    unit:', '    match: [a]'), 'missing-unit')).toMatchObject({ start: pos(2, 4), end: pos(2, 8) });
  });

  test('alias-limit: a billion-laughs file returns at once, pointing at the first alias over the limit', () => {
    const rows = ['lol1: &lol1 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 2; i <= 9; i++) rows.push(`lol${i}: &lol${i} [${Array(9).fill(`*lol${i - 1}`).join(',')}]`);
    const text = yaml(...rows, 'facts:', '  ok: {unit: count, match: [x]}', '  bomb: {unit: count, match: *lol9}');
    const started = performance.now();
    const registry = parseRegistry(text);
    expect(performance.now() - started).toBeLessThan(1000);
    const lines = new LineIndex(text);
    const found = registry.problems.filter((p) => p.code === 'alias-limit').map((p) => ({ ...p, range: lines.rangeOf(p.span) }));
    // *lol3 costs 1 + 90 (lol3 holds 9 × *lol2 at 10 each), so *lol4 would need 1 + 9 × 91 = 820: the first in lol5.
    expect(found[0]).toMatchObject({ severity: 'error', range: { start: pos(4, 13), end: pos(4, 18) } });
    expect(found[0].message).toBe('Alias "*lol4" would need 820 alias expansions (limit 100); aliases like this are refused.');
    // The fact that uses the bomb gets its own error and is skipped; the other loads.
    expect(found[1]).toMatchObject({ range: { start: pos(11, 29), end: pos(11, 34) } });
    expect(found).toHaveLength(2);
    expect(registry.facts.map((f) => f.id)).toEqual(['ok']);
  });

  test('alias-limit for a recursive alias, and the fact using it is skipped', () => {
    const registry = parseRegistry(yaml('terms: &t [a, *t]', 'facts:', '  x: {unit: count, match: *t}', '  y: {unit: count, match: [a]}'));
    expect(registry.problems.filter((p) => p.code === 'alias-limit').length).toBeGreaterThan(0);
    expect(registry.facts.map((f) => f.id)).toEqual(['y']);
  });

  test('not-a-registry: a list, a scalar, an empty file, no facts key', () => {
    expect(only(yaml('- a', '- b'), 'not-a-registry')).toMatchObject({ severity: 'error', start: pos(0, 0), end: pos(1, 3) });
    expect(only('just some words', 'not-a-registry').message).toBe('Not a fact registry: expected a mapping with a "facts" key, found the text "just some words".');
    expect(only('', 'not-a-registry').message).toMatch(/the file is empty/);
    expect(only('# nothing yet\n', 'not-a-registry').span).toEqual({ start: 0, end: 0 });
    const noFacts = only(yaml('# header', 'ignore: []', 'version: 1'), 'not-a-registry');
    expect(noFacts).toMatchObject({ start: pos(1, 0), end: pos(1, 6) });
    expect(noFacts.message).toBe('Not a fact registry: there is no "facts" key (expected "facts:" with one entry per fact id).');
  });

  test('an empty facts mapping is fine', () => {
    expect(codes('facts:\n')).toEqual([]);
    expect(codes('facts: {}')).toEqual([]);
  });

  test('spans count UTF-16 code units (emoji and CJK before the problem)', () => {
    const problem = only(yaml('facts:', '  x: {claim: "😀 训练", unit: 元, match: [a]}'), 'unknown-unit');
    expect(problem.start).toEqual(pos(1, 28));
    expect(problem.message).toContain('Unknown unit "元"');
  });
});

describe('parseRegistry: hostile input never throws', () => {
  test('binary junk', () => {
    let seed = 7;
    const junk = Array.from({ length: 20_000 }, () => String.fromCharCode((seed = (seed * 48271) % 2147483647) % 0xffff)).join('');
    const registry = parseRegistry(junk);
    expect(registry.facts).toEqual([]);
    expect(registry.problems.length).toBeGreaterThan(0);
  });

  test('an article instead of a registry', () => {
    const registry = parseRegistry('# DeepSeek 训练成本\n\n据报道，DeepSeek 用了 2048 块 H800: 成本 560 万美元。\n\n- 第一\n- 第二: [未闭合\n');
    expect(registry.facts).toEqual([]);
    expect(registry.problems.some((p) => p.severity === 'error')).toBe(true);
  });

  test('very deep nesting is refused instead of exhausting the stack', () => {
    // Plain yaml.parseDocument aborts the whole process (a fatal V8 error, not an exception) near 12,000 levels.
    for (const text of ['- '.repeat(20_000) + 'x', '['.repeat(50_000), 'facts:\n  x: ' + '{a: '.repeat(5_000)]) {
      const registry = parseRegistry(text);
      expect(registry.problems[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error' });
      expect(registry.problems[0].message).toMatch(/nested more than 100 levels/);
    }
  }, 20_000);

  test('a file over the size limit is refused quickly', () => {
    const text = 'facts:\n' + '  # filler\n'.repeat(MAX_REGISTRY_LENGTH / 10);
    const started = performance.now();
    const registry = parseRegistry(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(registry.problems).toEqual([expect.objectContaining({ code: 'too-large', severity: 'error' })]);
  });

  test('several documents: the first is read, the rest reported', () => {
    const text = yaml('facts:', '  x: {unit: count, match: [a]}', '---', 'facts:', '  y: {unit: count, match: [a]}');
    const problem = only(text, 'yaml-syntax');
    expect(problem.start).toEqual(pos(2, 0));
    expect(problem.registry.facts.map((f) => f.id)).toEqual(['x']);
  });

  test('random damage to a real registry: no throw, and every span inside the text', () => {
    const base = fixture('commented.yaml');
    let seed = 12345;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pieces = ['', ':', '-', '[', ']', '{', '}', '"', "'", '&a', '*a', '\n', '  ', '\t', '#', '!!', '|', '>', '?', ',', '%', '@', '\u0000'];
    for (let round = 0; round < 200; round++) {
      let text = base;
      for (let edit = 0; edit < 3; edit++) {
        const at = random(text.length);
        text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at + random(4));
      }
      const registry = parseRegistry(text);
      for (const p of registry.problems) {
        expect(p.span.start).toBeGreaterThanOrEqual(0);
        expect(p.span.end).toBeLessThanOrEqual(text.length);
        expect(p.span.start).toBeLessThanOrEqual(p.span.end);
      }
      for (const fact of registry.facts) expect(fact.unit).toMatch(/^[A-Z]{3}$|^[a-z]+$/);
    }
  }, 20_000);
});

describe('registryKeyPath', () => {
  const text = fixture('commented.yaml');
  test('keys and list indexes down to the offset', () => {
    expect(registryKeyPath(text, text.indexOf('unit: USD') + 7)).toEqual(['facts', 'deepseek-v3.training-cost', 'unit']);
    expect(registryKeyPath(text, text.indexOf('芯片'))).toEqual(['facts', 'deepseek-v3.training-gpus', 'match', '1', '1']);
    expect(registryKeyPath(text, text.indexOf('arxiv.org'))).toEqual(['facts', 'deepseek-v3.training-gpus', 'sources', '0', 'url']);
    expect(registryKeyPath(text, text.indexOf('第5名'))).toEqual(['ignore', '0', 'text']);
    expect(registryKeyPath(text, text.indexOf('version'))).toEqual(['version']);
  });

  test('the key itself, an empty value and text outside any key', () => {
    expect(registryKeyPath(text, text.indexOf('nvidia.market-cap-loss:'))).toEqual(['facts', 'nvidia.market-cap-loss']);
    const empty = 'facts:\n  x:\n    unit: \n';
    expect(registryKeyPath(empty, empty.indexOf('unit:') + 6)).toEqual(['facts', 'x', 'unit']);
    expect(registryKeyPath(text, 0)).toBeUndefined();
    expect(registryKeyPath('- a', 1)).toBeUndefined();
  });
});

test('the empty registry is what `facts: {}` parses to', () => {
  expect(emptyRegistry()).toEqual(parseRegistry('facts: {}\n'));
});
