import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/core/extract';
import { parseRegistry } from '../../src/core/registry';
import { guessMatchGroups, restateFigure, suggestFactId, suggestTerms } from '../../src/core/suggest';
import type { Fact, Figure } from '../../src/core/types';

const registry = parseRegistry(`facts:
  cost:
    value: 5576000
    unit: USD
    match: [[x]]
  essay:
    value: "2025-01-29"
    unit: date
    match: [[x]]
  loss:
    value: 589000000000
    unit: USD
    match: [[x]]
  gpus:
    value: 2048
    unit: count
    match: [[x]]
  users:
    unit: count
    match: [[x]]
`);

function fact(id: string) {
  const f = registry.byId.get(id);
  if (!f) throw new Error(id);
  return f;
}

/** A fact with just a unit and a value. */
function valued(unit: string, value: Fact['value']): Fact {
  return { id: 'x', unit, value, bound: 'exact', tolerance: 0, match: [['x']], status: 'reported', sources: [], location: { start: 0, end: 0 } };
}

/** The first figure of a text in the given unit. */
function figureIn(text: string, unit: string): Figure {
  const figure = extractFigures(text).find((f) => f.unit === unit);
  if (!figure) throw new Error(`no ${unit} figure in ${text}`);
  return figure;
}

describe('restateFigure', () => {
  it.each([
    ['训练成本约为600万美元', 'cost', '约为557.6万美元'],
    ['1 月 30 日,Anthropic', 'essay', '1 月 29 日'],
    ['1月31日', 'essay', '1月29日'],
    ['2025年01月30日', 'essay', '2025年01月29日'],
    ['市值總計蒸發近 1 萬億美元。', 'loss', '近 5890 億美元'],
    ['It cost $6.2M to train.', 'cost', '$5.576M'],
    ['trained on 2,000 H800 GPUs', 'gpus', '2,048 H800 GPUs'],
    ['使用了2000颗GPU', 'gpus', '2048颗'],
  ])('%s with %s → %s', (text, id, expected) => {
    const [figure] = extractFigures(text);
    expect(restateFigure(figure, fact(id))).toBe(expected);
  });

  it.each([
    // Month names, not digits, drive English dates; the year follows the fact when one is stated.
    ['Dario Amodei wrote on January 29, 2025 that', '2025-01-30', 'January 30, 2025'],
    ['the essay of January 29, 2025', '2024-12-30', 'December 30, 2024'],
    ['published Jan. 29 in', '2025-01-30', 'Jan. 30'],
    ['published Jan. 29 in', '2025-02-01', 'Feb. 1'],
    ['published Jan. 29 in', '2025-03-02', 'March 2'],
    ['published Jan. 29 in', '2025-09-02', 'Sept. 2'],
    ['published Jan 29 in', '2025-05-02', 'May 2'],
    ['published Jan 29th in', '2025-01-31', 'Jan 31st'],
    ['published JANUARY 29 in', '2025-06-03', 'JUNE 3'],
    // Chinese and ISO dates by their digits; padding only where the original had it.
    ['1 月 29 日发布', '2025-01-30', '1 月 30 日'],
    ['2025年01月30日', '2025-01-29', '2025年01月29日'],
    ['2025年01月30日', '2025-02-05', '2025年02月05日'],
    ['2024年12月29日', '2025-01-30', '2025年1月30日'],
    ['2025年1月29日', '2025-11-30', '2025年11月30日'],
    ['on 2025-01-29 it', '2024-12-30', '2024-12-30'],
    ['on 2025-01-29 it', '2025-02-03', '2025-02-03'],
    ['on 2025-1-29 it', '2025-02-03', '2025-2-3'],
    ['2025年1月发布', '2025-02-03', '2025年2月'],
    ['２０２５年１月２９日', '2025-01-30', '２０２５年１月３０日'],
    // No year stated: none is added.
    ['1月29日', '2024-01-30', '1月30日'],
  ])('date %s with %s → %s', (text, value, expected) => {
    expect(restateFigure(figureIn(text, 'date'), valued('date', value))).toBe(expected);
  });

  it('restates day-first English dates', () => {
    const text = '29 January 2025';
    const figure: Figure = {
      span: { start: 0, end: text.length }, text, unit: 'date', value: '2025-01-29', min: null, max: null, bound: 'exact',
      qualifier: null, qualifierKind: null, date: { year: 2025, month: 1, day: 29 },
    };
    expect(restateFigure(figure, valued('date', '2025-01-30'))).toBe('30 January 2025');
    expect(restateFigure({ ...figure, text: '29th Jan.', value: '--01-29', date: { year: null, month: 1, day: 29 } }, valued('date', '2025-02-01'))).toBe('1st Feb.');
    expect(restateFigure(figureIn('on 29 January 2025 he wrote', 'date'), valued('date', '2025-01-30'))).toBe('30 January 2025');
  });

  it('restates a bare day only within its month', () => {
    const text = '1月28日发布,30日上线';
    const day = extractFigures(text).find((f) => f.text === '30日')!;
    expect(restateFigure(day, valued('date', '2025-01-29'))).toBe('29日');
    expect(restateFigure(day, valued('date', '2025-02-02'))).toBeUndefined();
  });

  it.each([
    ['DeepSeek spent $5.6m on training', 'USD', 5576000, '$5.576m'],
    ['DeepSeek spent $5.6mn on training', 'USD', 5576000, '$5.576mn'],
    ['a $1.2tn rout', 'USD', 1.5e12, '$1.5tn'],
    ['a $1.2tn rout', 'USD', 8e11, '$800bn'],
    ['100k users in a day', 'count', 120000, '120k users'],
    ['100k users in a day', 'count', 2e6, '2m users'],
    ['a 1.5B model', 'count', 2.5e9, '2.5B'],
    ['lost €109bn', 'EUR', 1.2e11, '€120bn'],
    ['a US$500 billion plan', 'USD', 5.5e11, 'US$550 billion'],
    ['a US$500 billion plan', 'USD', 8e8, 'US$800 million'],
    ['about 1.2 trillion yuan', 'CNY', 9e11, 'about 900 billion yuan'],
    ['RMB 5.6 billion', 'CNY', 5e9, 'RMB 5 billion'],
    ['融资5.6亿元', 'CNY', 6e8, '6亿元'],
    ['融资5.6亿元', 'CNY', 5e7, '5000万元'],
    ['成本560万美元', 'USD', 5576000, '557.6万美元'],
    ['成本560万美元', 'USD', 3e8, '3亿美元'],
    ['市值 1 萬億美元', 'USD', 1.2e12, '1.2 萬億美元'],
    ['市值蒸發近 1 萬億美元', 'USD', 589e9, '近 5890 億美元'],
    ['市值蒸发近 1 万亿美元', 'USD', 589e9, '近 5890 亿美元'],
    ['trained on 2,048 Nvidia H800 GPUs', 'count', 10000, '10,000 Nvidia H800 GPUs'],
    ['trained on 2,048 Nvidia H800 GPUs', 'count', 1, '1 Nvidia H800 GPU'],
    ['使用了2048颗GPU', 'count', 10000, '10000颗'],
    ['使用了２０４８颗GPU', 'count', 2000, '２０００颗'],
    ['1,000,000 dollars', 'USD', 2500000, '2,500,000 dollars'],
    ['成本600万美元左右', 'USD', 5576000, '557.6万美元左右'],
    ['2.788M GPU hours', 'hour', 2.664e6, '2.664M GPU hours'],
    ['5亿参数', 'count', 6.7e11, '6700亿参数'],
  ])('amount %s with %s %s → %s', (text, unit, value, expected) => {
    expect(restateFigure(figureIn(text, unit), valued(unit, value))).toBe(expected);
  });

  it('reads mln and bln as scales', () => {
    const text = '$6.5 mln';
    const figure: Figure = {
      span: { start: 0, end: text.length }, text, unit: 'USD', value: 6.5e6, min: null, max: null, bound: 'exact', qualifier: null, qualifierKind: null,
    };
    expect(restateFigure(figure, valued('USD', 5576000))).toBe('$5.576 mln');
    expect(restateFigure({ ...figure, text: '$1.2 bln', value: 1.2e9 }, valued('USD', 8e8))).toBe('$800 mln');
    expect(restateFigure(figureIn('it raised $6.5 mln', 'USD'), valued('USD', 5576000))).toBe('$5.576 mln');
  });

  it.each([
    ['增长约 2%', 'percent', 3.65, '约 3.65%'],
    ['up 5 percent', 'percent', 1, '1 percent'],
    ['性能提升10倍', 'times', 45, '45倍'],
    ['a 10x gain', 'times', 12, '12x'],
    ['rose 10 times over', 'times', 12, '12 times'],
    ['排名第5名', 'rank', 1, '第1名'],
    ['took 1st place', 'rank', 2, '2nd place'],
    ['ranked No. 1', 'rank', 3, 'No. 3'],
    ['用了20天', 'day', 57, '57天'],
    ['took 3 months', 'month', 1, '1 month'],
    ['took 1 month', 'month', 3, '3 months'],
  ])('%s with %s %s → %s', (text, unit, value, expected) => {
    expect(restateFigure(figureIn(text, unit), valued(unit, value))).toBe(expected);
  });

  it('restates Chinese numerals in Chinese numerals', () => {
    expect(restateFigure(figureIn('使用了两千零四十八块GPU', 'count'), valued('count', 10000))).toBe('一万块');
    expect(restateFigure(figureIn('使用了两千零四十八块GPU', 'count'), valued('count', 2000))).toBe('两千块');
    expect(restateFigure(figureIn('效率提升百倍', 'times'), valued('times', 10))).toBe('十倍');
    expect(restateFigure(figureIn('效率提升百倍', 'times'), valued('times', 115))).toBe('一百一十五倍');
    expect(restateFigure(figureIn('效率提升百倍', 'times'), valued('times', 1000))).toBe('千倍');
    expect(restateFigure(figureIn('使用了兩千零四十八塊GPU', 'count'), valued('count', 12000))).toBe('一萬兩千塊');
    expect(restateFigure(figureIn('排名第一名', 'rank'), valued('rank', 3))).toBe('第三名');
    expect(restateFigure(figureIn('占百分之五', 'percent'), valued('percent', 3.65))).toBe('百分之三点六五');
    expect(restateFigure(figureIn('花了两千万美元', 'USD'), valued('USD', 5576000))).toBe('五百五十七万六千美元');
  });

  it('gives up on a fact without a value, and on vague amounts', () => {
    expect(restateFigure(extractFigures('有100万用户')[0], fact('users'))).toBeUndefined();
    expect(restateFigure(extractFigures('花了数千万美元')[0], fact('cost'))).toBeUndefined();
  });

  it.each([
    ['1月28日至30日', 'date', '2025-01-29'], // a range
    ['published in January 2025', 'date', '2025-02-01'], // an English month alone may be the tail of a date not read whole
    ['一月二十九日', 'date', '2025-01-30'], // Chinese-numeral date
    ['用了1个半小时', 'hour', 3], // 半 follows the number
    ['a 1.5B model', 'count', 8e8], // 800M alone would not read as a count
    ['近 1 萬億美元', 'CNY', 589e9], // another unit
    ['约 2%', 'percent', -1], // negative
    ['第5名', 'rank', 1.5], // not a rank
    ['twenty days', 'day', 3], // English number words
  ])('returns undefined for %s (%s %s)', (text, unit, value) => {
    expect(restateFigure(figureIn(text, unit === 'CNY' ? 'USD' : unit), valued(unit, value))).toBeUndefined();
  });

  // Restating a figure with its own value must never corrupt it: the text, put back into its
  // sentence, must read as the same unit and value again.
  const SENTENCES = [
    'DeepSeek-V3 的训练成本约为600万美元。',
    'DeepSeek said it spent $5.6m on training.',
    'The FT put it at $5.6mn.',
    'Nvidia lost nearly $589bn in market value.',
    '英伟达市值蒸发近 1 萬億美元。',
    '英伟达市值蒸发5890亿美元。',
    'A $1.2tn rout hit US tech stocks.',
    'The app reached 100k users in a day.',
    'It has 1.5B parameters.',
    'The EU fined it €109bn.',
    'Stargate is a US$500 billion plan.',
    'The bank lent RMB 5.6 billion.',
    '公司融资5.6亿元。',
    '训练使用了2,048 Nvidia H800 GPUs。',
    '使用了2048颗英伟达H800。',
    '使用了两千零四十八块GPU。',
    '效率提升百倍。',
    '成本降低了约 2%。',
    '性能提升10倍。',
    '在美国区苹果商店排名第5名。',
    '训练只用了20天。',
    '1 月 29 日,Anthropic 发文。',
    '该文发表于2025年01月30日。',
    'Amodei wrote on January 29, 2025 that export controls matter.',
    'It was published Jan. 29 in the US.',
    'The model was released on 2025-01-20.',
    '1月28日发布,30日上线。',
    'It took 2.788M GPU hours.',
    '使用了 278.8 万 GPU 小时。',
    'The app ranked No. 1 in the US.',
    'R1 took 1st place.',
    'Shares fell 17 percent.',
    'A 10x cheaper model.',
    'R1 有500万用户。',
    '该模型有6710亿参数。',
    '市值超过了3万亿美元。',
    '营收约为1,000,000 dollars。',
    '成本在600万美元左右。',
    '它用了3个月。',
    '排名第一名。',
    '占百分之五。',
    '２０２５年１月２９日发布。',
  ];
  it.each(SENTENCES)('restating with its own value keeps the reading: %s', (sentence) => {
    const figures = extractFigures(sentence).filter((f) => f.value !== null);
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) {
      const own =
        figure.unit === 'date'
          ? valued('date', `${figure.date!.year ?? 2025}-${String(figure.date!.month || 1).padStart(2, '0')}-${String(figure.date!.day ?? 1).padStart(2, '0')}`)
          : valued(figure.unit, figure.value as number);
      const restated = restateFigure(figure, own);
      if (restated === undefined) continue;
      const again = sentence.slice(0, figure.span.start) + restated + sentence.slice(figure.span.end);
      const reread = extractFigures(again).find((f) => f.span.start === figure.span.start);
      expect(reread, `${figure.text} → ${restated}`).toBeDefined();
      expect(reread!.unit).toBe(figure.unit);
      if (typeof figure.value === 'number') expect(reread!.value).toBeCloseTo(figure.value, 6);
      else expect(reread!.value).toBe(figure.value);
      expect(reread!.text).toBe(restated);
    }
  });
});

describe('guessing match terms', () => {
  it('takes the nearest Latin name and the nearest Chinese keyword', () => {
    const text = 'DeepSeek-V3 的训练成本约为600万美元,使用了2048颗英伟达H800GPU。';
    const [figure] = extractFigures(text);
    expect(guessMatchGroups(text, figure.span)).toEqual([['DeepSeek-V3'], ['训练成本']]);
  });

  it('prefers words of the figure’s own clause', () => {
    const text = 'OpenAI 发布了新模型,DeepSeek 的训练成本约为600万美元。';
    const [figure] = extractFigures(text);
    expect(suggestTerms(text, figure.span)[0].term).toBe('训练成本');
    expect(guessMatchGroups(text, figure.span)[0]).toEqual(['DeepSeek']);
  });

  it('stays within the sentence', () => {
    const text = '前一句有 Anthropic。R1 有100万用户。';
    const [figure] = extractFigures(text);
    expect(suggestTerms(text, figure.span).map((t) => t.term)).not.toContain('Anthropic');
  });

  it('never cuts a well-known name at a filler character', () => {
    const text = '使用了2048颗英伟达芯片,成本约为600万美元。';
    const figure = extractFigures(text).find((f) => f.unit === 'USD')!;
    const terms = suggestTerms(text, figure.span).map((t) => t.term);
    expect(terms).toContain('英伟达');
    expect(terms).not.toContain('英伟');
    expect(terms).not.toContain('颗英伟达');
    const huawei = '华为为此投入了100亿元。';
    expect(suggestTerms(huawei, extractFigures(huawei)[0].span).map((t) => t.term)).toEqual(['投入', '华为']);
    // Traditional script folds to the same names.
    const trad = '英偉達市值蒸發近 1 萬億美元。';
    expect(suggestTerms(trad, extractFigures(trad)[0].span).map((t) => t.term)).toContain('英偉達');
  });

  it('offers a name inside a long word whole, not as a cut piece', () => {
    const text = '在美国区苹果商店排名第5名。';
    const terms = suggestTerms(text, extractFigures(text)[0].span).map((t) => t.term);
    expect(terms[0]).toBe('商店排名');
    expect(terms).toContain('美国');
    expect(terms).not.toContain('国区');
  });

  it('takes capitalised words, not verbs, as the name', () => {
    const text = 'Nvidia lost nearly $589bn in market value.';
    const groups = guessMatchGroups(text, extractFigures(text)[0].span);
    expect(groups[0]).toEqual(['Nvidia']);
    expect(groups[1][0]).toMatch(/^[a-z]+$/);
    const shares = 'Shares of Nvidia fell 17% on Monday.';
    expect(guessMatchGroups(shares, extractFigures(shares)[0].span)[0]).toEqual(['Nvidia']);
    const model = 'The model cost $5.6m to train.';
    expect(guessMatchGroups(model, extractFigures(model)[0].span).flat().every((t) => /^[a-z]+$/.test(t))).toBe(true);
  });

  it('takes a well-known Chinese name when there is no Latin one', () => {
    const text = '英伟达市值蒸发近 1 萬億美元。';
    expect(guessMatchGroups(text, extractFigures(text)[0].span)).toEqual([['英伟达'], ['市值蒸发']]);
  });

  it('makes a valid id', () => {
    expect(suggestFactId([['DeepSeek-V3'], ['训练成本']], 'USD')).toBe('deepseek-v3.usd');
    expect(suggestFactId([['训练']], 'count')).toBe('fact.count');
    expect(suggestFactId([['DeepSeek'], ['R1']], 'date')).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  });
});
