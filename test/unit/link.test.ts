// The linking core: where terms match, which fact a figure links to, and the intervals it is compared by.
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/core/fold';
import { factInterval, figureInterval, overlaps } from '../../src/core/intervals';
import { FactLinker } from '../../src/core/link';
import { excludedSpans } from '../../src/core/mask';
import { parseRegistry } from '../../src/core/registry';
import { TermIndex } from '../../src/core/terms';
import type { Fact, Figure } from '../../src/core/types';

/** The terms found in `text`, as the text they cover. */
function termsFound(terms: string[], text: string): string[] {
  const index = new TermIndex();
  terms.forEach((term, fact) => index.add(term, { fact, group: 0 }));
  const folded = foldText(text);
  return index.find(folded, { start: 0, end: folded.length }).map((h) => text.slice(h.span.start, h.span.end));
}

function facts(yaml: string): Fact[] {
  const registry = parseRegistry(yaml);
  expect(registry.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return registry.facts;
}

/** A figure standing at `text` in `sentence`; linking reads only its span and unit. */
function figureAt(sentence: string, text: string, unit: string): Figure {
  const start = sentence.indexOf(text);
  expect(start).toBeGreaterThanOrEqual(0);
  return { span: { start, end: start + text.length }, text, unit, value: null, min: null, max: null, bound: 'exact', qualifier: null, qualifierKind: null };
}

function count(min: number | null, max: number | null, bound: Figure['bound'], extra: Partial<Figure> = {}): Figure {
  return { span: { start: 0, end: 1 }, text: '', unit: 'count', value: null, min, max, bound, qualifier: null, qualifierKind: null, ...extra };
}

describe('term search', () => {
  it('finds nested and branching terms, one-character terms, and terms at the end of a stretch', () => {
    // 美 is a term and starts 美国 and 美元 (a node with several children); 英伟达 has one child per node.
    expect(termsFound(['美', '美国', '美元', '英伟达', 'H800'], '美国与英伟达的H800售价以美元计，美')).toEqual(['美', '美国', '英伟达', 'H800', '美', '美元', '美']);
    // A term's first code unit not followed by its second: nothing found, the next start still is.
    expect(termsFound(['模型', '型号'], '模模型号')).toEqual(['模型', '型号']);
    // A pair that shares a filter slot with 美国 ((a·31 + b) & 0xffff), after the first code unit of
    // another term: the filter lets it through, the walk finds nothing.
    const other = String.fromCharCode(0x7f8f);
    const collide = other + String.fromCharCode(0x56fd - 31);
    expect(termsFound(['美国', `${other}x`], `${collide} ${other}x 美国`)).toEqual([`${other}x`, '美国']);
  });
});

describe('term edges after a model name', () => {
  it.each([
    ['GPT-4', 'GPT-4o 发布', false],
    ['GPT-4', 'GPT-4.5 发布', false],
    ['GPT-4', 'GPT-4 发布', true],
    ['GPT-4', '比GPT-4强', true],
    ['V3', 'DeepSeek V3.1 发布', false],
    ['V3', 'DeepSeek V3 发布。', true],
    ['V3', '用V3.', true],
    ['MI300', 'AMD MI300X 芯片', false],
    ['H800', '英伟达H800B', false],
    ['H800', '2048颗英伟达H800GPU', true],
    ['H800', '2048颗英伟达H800 GPU', true],
    ['H800', '2,048 H800s.', true],
    ['R1', 'R1模型', true],
    ['R1', 'R10 模型', false],
    ['GPU', '2,048 GPUs.', true],
    ['GPU', 'GPUx', false],
  ])('%s in %s: %s', (term, text, found) => {
    expect(termsFound([term], text)).toEqual(found ? [expect.any(String)] : []);
  });

  it('matches case-insensitively on the folded text', () => {
    expect(termsFound(['h800'], 'H800GPU 与 H800B')).toEqual(['H800']);
  });
});

describe('term hits inside masked spans', () => {
  it('skips terms inside a URL, inline code or an HTML tag, and keeps those outside', () => {
    const text = 'DeepSeek 见 https://deepseek.com/x 与 `deepseek` 和 <a title="deepseek">';
    const linker = new FactLinker(facts('facts:\n  a:\n    unit: USD\n    match:\n      - [DeepSeek]\n'));
    const folded = foldText(text);
    const hits = linker.termsIn(folded, { start: 0, end: folded.length }, excludedSpans(text));
    expect(hits.map((h) => h.span.start)).toEqual([0]);
  });

  it('does not link through a term that stands only in a URL', () => {
    const registry = 'facts:\n  cost:\n    unit: USD\n    match:\n      - [DeepSeek]\n      - [成本]\n';
    const linker = new FactLinker(facts(registry));
    const sentence = '成本见 https://deepseek.com/x 一文：5美元';
    const folded = foldText(sentence);
    const whole = { start: 0, end: folded.length };
    const figure = figureAt(sentence, '5美元', 'USD');
    expect(linker.link(folded, figure, whole, linker.termsIn(folded, whole, excludedSpans(sentence)))).toBeUndefined();
    // The same sentence with the name in prose links.
    const prose = '成本见 deepseek 一文：5美元';
    const foldedProse = foldText(prose);
    const all = { start: 0, end: foldedProse.length };
    expect(linker.link(foldedProse, figureAt(prose, '5美元', 'USD'), all, linker.termsIn(foldedProse, all, excludedSpans(prose)))?.fact.id).toBe('cost');
  });
});

describe('choosing among facts', () => {
  const registry = `facts:
  a:
    unit: USD
    match:
      - [成本]
  b:
    unit: USD
    match:
      - [训练]
`;

  it('counts a group as in the clause when any of its terms is, not only its nearest', () => {
    // 成本 stands just before the comma and again in the figure's clause; 训练 only in the clause.
    const sentence = '成本，560万美元是训练成本';
    const link = new FactLinker(facts(registry)).link(foldText(sentence), figureAt(sentence, '560万美元', 'USD'));
    expect(link?.fact.id).toBe('a');
    // The term shown is the one in the clause.
    expect(link?.terms).toEqual([{ start: 12, end: 14 }]);
  });

  it('still prefers a fact whose terms are all in the clause over one whose terms are only outside it', () => {
    const sentence = '成本,560万美元是训练的';
    expect(new FactLinker(facts(registry)).link(foldText(sentence), figureAt(sentence, '560万美元', 'USD'))?.fact.id).toBe('b');
  });
});

describe('figure intervals', () => {
  const fact = (value: number): Fact => facts(`facts:\n  f:\n    value: ${value}\n    unit: count\n    match:\n      - [x]\n`)[0];
  const agrees = (figure: Figure, value: number) => overlaps(figureInterval(figure, 'count')!, figureInterval(count(value, value, 'exact'), 'count', fact(value))!);

  it('widens a plainly stated number by its rounding, but not a range or a vague amount', () => {
    // 560万 admits 5,576,000.
    expect(figureInterval(count(5_600_000, 5_600_000, 'exact', { step: 100_000 }), 'count')).toMatchObject({ min: 5_550_000, max: 5_650_000 });
    // 数百万人 is [2M, 9M]: 1.6M lies outside it.
    const several = count(2_000_000, 9_000_000, 'range', { step: 1_000_000 });
    expect(figureInterval(several, 'count')).toMatchObject({ min: 2_000_000, max: 9_000_000 });
    expect(agrees(several, 1_600_000)).toBe(false);
    // 20多个 is (20, 30): not 20.
    const twentyOdd = count(20, 30, 'range', { step: 10, minOpen: true, maxOpen: true });
    expect(figureInterval(twentyOdd, 'count')).toEqual({ min: 20, max: 30, minOpen: true, maxOpen: true });
    expect(agrees(twentyOdd, 20)).toBe(false);
    expect(agrees(twentyOdd, 25)).toBe(true);
  });

  it('puts the end of a date range across New Year in the next year', () => {
    const essay = facts('facts:\n  d:\n    value: "2024-12-31"\n    unit: date\n    match:\n      - [x]\n')[0];
    const span: Figure = { ...count(null, null, 'exact'), unit: 'date', date: { year: null, month: 12, day: 30 }, dateEnd: { year: null, month: 1, day: 2 } };
    const interval = figureInterval(span, 'date', essay)!;
    expect(interval.max - interval.min).toBe(3);
    expect(overlaps(interval, factInterval(essay)!)).toBe(true);
    // With a year on the start only.
    const withYear: Figure = { ...span, date: { year: 2024, month: 12, day: 30 } };
    expect(figureInterval(withYear, 'date')).toEqual(interval);
    // An end with its own year is taken as written.
    const explicit: Figure = { ...span, dateEnd: { year: 2024, month: 1, day: 2 } };
    expect(figureInterval(explicit, 'date', essay)!.max).toBeLessThan(interval.min);
  });
});
