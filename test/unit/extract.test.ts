import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/core/extract';
import type { Figure } from '../../src/core/types';

/** The one figure in `text`; fails when there is not exactly one. */
function only(text: string): Figure {
  const figures = extractFigures(text);
  expect(figures.map((f) => f.text), `figures in ${text}`).toHaveLength(1);
  return figures[0];
}

type Expected = { text: string; unit: string; value: number | string | null; min?: number | null; max?: number | null; bound?: string };

function expectFigure(input: string, expected: Expected): void {
  const f = only(input);
  expect(f.text).toBe(expected.text);
  expect(f.unit).toBe(expected.unit);
  expect(f.value).toBe(expected.value);
  if (expected.min !== undefined) expect(f.min).toBeCloseTo(expected.min as number, 6);
  if (expected.min === null) expect(f.min).toBeNull();
  if (expected.max !== undefined && expected.max !== null) expect(f.max).toBeCloseTo(expected.max, 6);
  if (expected.max === null) expect(f.max).toBeNull();
  if (expected.bound) expect(f.bound).toBe(expected.bound);
}

describe('money', () => {
  it.each<[string, Expected]>([
    ['训练成本为560万美元。', { text: '560万美元', unit: 'USD', value: 5_600_000, min: 5_600_000, max: 5_600_000, bound: 'exact' }],
    ['市值蒸发近 1 萬億美元。', { text: '近 1 萬億美元', unit: 'USD', value: 1e12, min: 0.9e12, max: 1e12, bound: 'nearly' }],
    ['星际之门投资5000亿美元', { text: '5000亿美元', unit: 'USD', value: 5e11 }],
    ['法国宣布1090亿欧元投资', { text: '1090亿欧元', unit: 'EUR', value: 1.09e11 }],
    ['市值增加10万亿美金,', { text: '10万亿美金', unit: 'USD', value: 1e13 }],
    ['融资5.6亿元。', { text: '5.6亿元', unit: 'CNY', value: 5.6e8 }],
    ['It cost $5.6M to train.', { text: '$5.6M', unit: 'USD', value: 5.6e6 }],
    ['Stargate will invest US$500 billion.', { text: 'US$500 billion', unit: 'USD', value: 5e11 }],
    ['France pledged €109bn for AI.', { text: '€109bn', unit: 'EUR', value: 1.09e11 }],
    ['人民币5亿元', { text: '人民币5亿元', unit: 'CNY', value: 5e8 }],
    ['约为560万美元', { text: '约为560万美元', unit: 'USD', value: 5.6e6, min: 5.04e6, max: 6.16e6, bound: 'about' }],
  ])('%s', (input, expected) => expectFigure(input, expected));

  it.each<[string, Expected]>([
    ['花费了数千万美元', { text: '数千万美元', unit: 'USD', value: null, min: 2e7, max: 9e7, bound: 'range' }],
    ['花费了几千万美元', { text: '几千万美元', unit: 'USD', value: null, min: 2e7, max: 9e7, bound: 'range' }],
    ['几百万美元的成本', { text: '几百万美元', unit: 'USD', value: null, min: 2e6, max: 9e6 }],
    ['需要數百億美元', { text: '數百億美元', unit: 'USD', value: null, min: 2e10, max: 9e10 }],
    ['投入数十亿美元', { text: '数十亿美元', unit: 'USD', value: null, min: 2e9, max: 9e9 }],
    ['$5-6 million', { text: '$5-6 million', unit: 'USD', value: null, min: 5e6, max: 6e6, bound: 'range' }],
    ['5到6亿美元', { text: '5到6亿美元', unit: 'USD', value: null, min: 5e8, max: 6e8 }],
    ['560多万美元', { text: '560多万美元', unit: 'USD', value: null, min: 5.6e6, max: 5.7e6 }],
  ])('vague or ranged: %s', (input, expected) => expectFigure(input, expected));

  it('reads 块钱 as yuan but 块 after a number of chips as a count', () => {
    expect(only('花了5块钱').unit).toBe('CNY');
    expect(only('至少5万块英伟达Hopper架构的芯片').unit).toBe('count');
  });
});

describe('percentages', () => {
  it.each<[string, Expected]>([
    ['增长了5%。', { text: '5%', unit: 'percent', value: 5 }],
    ['成本仅为 OpenAI 费用的约 2%。', { text: '约 2%', unit: 'percent', value: 2, min: 1.8, max: 2.2, bound: 'about' }],
    ['百分之十二点五的份额', { text: '百分之十二点五', unit: 'percent', value: 12.5 }],
    ['a 2 percent rise', { text: '2 percent', unit: 'percent', value: 2 }],
    ['占比５％', { text: '５％', unit: 'percent', value: 5 }],
    ['5%~10%的用户', { text: '5%~10%', unit: 'percent', value: null, min: 5, max: 10 }],
  ])('%s', (input, expected) => expectFigure(input, expected));
});

describe('counts', () => {
  it.each<[string, Expected]>([
    ['使用了2048颗英伟达H800GPU', { text: '2048颗', unit: 'count', value: 2048 }],
    ['拥有至少5万块英伟达Hopper架构的芯片', { text: '至少5万块', unit: 'count', value: 50_000, min: 50_000, max: null, bound: 'at-least' }],
    ['覆盖60个国家', { text: '60个', unit: 'count', value: 60 }],
    ['数百万人的数据', { text: '数百万人', unit: 'count', value: null, min: 2e6, max: 9e6 }],
    ['数百万意大利人的数据', { text: '数百万意大利人', unit: 'count', value: null, min: 2e6, max: 9e6 }],
    ['it bought 50,000 chips', { text: '50,000 chips', unit: 'count', value: 50_000 }],
    ['两千零四十八块GPU', { text: '两千零四十八块', unit: 'count', value: 2048 }],
    ['trained on 2,048 Nvidia H800 GPUs', { text: '2,048 Nvidia H800 GPUs', unit: 'count', value: 2048 }],
    ['20多个国家', { text: '20多个', unit: 'count', value: null, min: 20, max: 30 }],
  ])('%s', (input, expected) => expectFigure(input, expected));
});

describe('sizes', () => {
  it.each<[string, Expected]>([
    ['拥有6710亿参数', { text: '6710亿参数', unit: 'count', value: 6.71e11 }],
    ['with 671B parameters', { text: '671B parameters', unit: 'count', value: 6.71e11 }],
    ['蒸馏后 1.5B 大小的模型', { text: '1.5B', unit: 'count', value: 1.5e9 }],
  ])('%s', (input, expected) => expectFigure(input, expected));
});

describe('durations and ranges', () => {
  it.each<[string, Expected]>([
    ['训练了20天', { text: '20天', unit: 'day', value: 20 }],
    ['登顶 24 小時後', { text: '24 小時', unit: 'hour', value: 24 }],
    ['需要7~10个月', { text: '7~10个月', unit: 'month', value: null, min: 7, max: 10, bound: 'range' }],
    ['需要9个月到12个月', { text: '9个月到12个月', unit: 'month', value: null, min: 9, max: 12 }],
    ['响应要5秒到20秒', { text: '5秒到20秒', unit: 'second', value: null, min: 5, max: 20 }],
    ['a sentence of up to 20 years', { text: 'up to 20 years', unit: 'year', value: 20, min: 0, max: 20, bound: 'at-most' }],
    ['训练用时不到两个月', { text: '不到两个月', unit: 'month', value: 2, min: 0, max: 2, bound: 'less-than' }],
    ['短短兩天內', { text: '兩天', unit: 'day', value: 2 }],
    ['10个多月', { text: '10个多月', unit: 'month', value: null, min: 10, max: 11 }],
  ])('%s', (input, expected) => expectFigure(input, expected));

  it('reads 11月~12月 as a range of months', () => {
    const f = only('11月~12月上线');
    expect(f.unit).toBe('date');
    expect(f.value).toBeNull();
    expect(f.date).toEqual({ year: null, month: 11, day: null });
    expect(f.dateEnd).toEqual({ year: null, month: 12, day: null });
  });
});

describe('dates', () => {
  it.each<[string, string, string]>([
    ['1月29日,外媒报道', '1月29日', '--01-29'],
    ['1 月 30 日,Anthropic', '1 月 30 日', '--01-30'],
    ['2025年01月30日发布', '2025年01月30日', '2025-01-30'],
    ['On January 29, 2025, he wrote', 'January 29, 2025', '2025-01-29'],
    ['published 2024-12-27.', '2024-12-27', '2024-12-27'],
    ['二〇二五年一月二十九日', '二〇二五年一月二十九日', '2025-01-29'],
    ['一月二十九日', '一月二十九日', '--01-29'],
  ])('%s', (input, text, value) => {
    const f = only(input);
    expect(f.unit).toBe('date');
    expect(f.text).toBe(text);
    expect(f.value).toBe(value);
  });

  it('takes the month of a bare day from the date before it', () => {
    const figures = extractFigures('1 月 29 日,白宫表示。\n30 日,Anthropic 的 CEO 发文。');
    expect(figures.map((f) => [f.text, f.value])).toEqual([
      ['1 月 29 日', '--01-29'],
      ['30 日', '--01-30'],
    ]);
  });

  it('rejects impossible dates', () => {
    expect(extractFigures('2月30日')).toEqual([]);
    expect(extractFigures('13月5日')).toEqual([]);
  });
});

describe('ranks and multipliers', () => {
  it.each<[string, Expected]>([
    ['排名第5名', { text: '第5名', unit: 'rank', value: 5 }],
    ['效率提升10倍', { text: '10倍', unit: 'times', value: 10 }],
    ['攻击暴增百倍', { text: '百倍', unit: 'times', value: 100 }],
    ['a tenfold increase', { text: 'tenfold', unit: 'times', value: 10 }],
    ['10x cheaper', { text: '10x', unit: 'times', value: 10 }],
    ['排名第1', { text: '第1', unit: 'rank', value: 1 }],
    ['ranked No. 1 in the App Store', { text: 'No. 1', unit: 'rank', value: 1 }],
    ['the #1 app', { text: '#1', unit: 'rank', value: 1 }],
    ['took 1st place', { text: '1st place', unit: 'rank', value: 1 }],
  ])('%s', (input, expected) => expectFigure(input, expected));

  it('reads GPU hours as time, not a count of GPUs', () => {
    expect(only('2.788M GPU hours').unit).toBe('hour');
    expect(only('278.8 万 GPU 小时').value).toBe(2_788_000);
  });

  it('does not read a bare ordinal or a distance as a figure', () => {
    expect(extractFigures('the 21st century, 5m away')).toEqual([]);
  });
});

describe('qualifiers', () => {
  it.each<[string, { min: number | null; max: number | null; bound: string; qualifier: string }]>([
    ['大约100人', { min: 90, max: 110, bound: 'about', qualifier: '大约' }],
    ['約100人', { min: 90, max: 110, bound: 'about', qualifier: '約' }],
    ['about 100 people', { min: 90, max: 110, bound: 'about', qualifier: 'about' }],
    ['around 100 people', { min: 90, max: 110, bound: 'about', qualifier: 'around' }],
    ['将近100人', { min: 90, max: 100, bound: 'nearly', qualifier: '将近' }],
    ['nearly 100 people', { min: 90, max: 100, bound: 'nearly', qualifier: 'nearly' }],
    ['almost 100 people', { min: 90, max: 100, bound: 'nearly', qualifier: 'almost' }],
    ['不少于100人', { min: 100, max: null, bound: 'at-least', qualifier: '不少于' }],
    ['at least 100 people', { min: 100, max: null, bound: 'at-least', qualifier: 'at least' }],
    ['超过100人', { min: 100, max: null, bound: 'more-than', qualifier: '超过' }],
    ['逾100人', { min: 100, max: null, bound: 'more-than', qualifier: '逾' }],
    ['more than 100 people', { min: 100, max: null, bound: 'more-than', qualifier: 'more than' }],
    ['最高100人', { min: 0, max: 100, bound: 'at-most', qualifier: '最高' }],
    ['最多100人', { min: 0, max: 100, bound: 'at-most', qualifier: '最多' }],
    ['不超过100人', { min: 0, max: 100, bound: 'at-most', qualifier: '不超过' }],
    ['up to 100 people', { min: 0, max: 100, bound: 'at-most', qualifier: 'up to' }],
    ['100人左右', { min: 90, max: 110, bound: 'about', qualifier: '左右' }],
  ])('%s', (input, expected) => {
    const f = only(input);
    expect(f.min).toBeCloseTo(expected.min as number, 6);
    if (expected.max === null) expect(f.max).toBeNull();
    else expect(f.max).toBeCloseTo(expected.max, 6);
    expect(f.bound).toBe(expected.bound);
    expect(f.qualifier).toBe(expected.qualifier);
  });

  it.each(['仅100人', '只100人', 'only 100 people'])('%s keeps the value and records the emphasis', (input) => {
    const f = only(input);
    expect([f.min, f.max, f.value]).toEqual([100, 100, 100]);
    expect(f.qualifierKind).toBe('only');
  });

  it('does not read 最近 as 近', () => {
    const f = only('最近5年');
    expect(f.qualifier).toBeNull();
    expect(f.bound).toBe('exact');
  });
});

describe('not figures', () => {
  it.each([
    'DeepSeek-V3', 'R1', 'o1', 'o3', 'GPT-4', 'Claude 3.5 Sonnet', 'Claude3.5比它好', 'Llama-3-8B', 'H100', 'H800', 'H20', 'MI300X',
    'Qwen2.5-Max', 'AI视频、语音、3D等领域', '5G网络', '联系邮箱 441953276@qq.com',
  ])('model, chip and other names: %s', (input) => {
    expect(extractFigures(input)).toEqual([]);
  });

  it.each(['1. 第一条\n2. 第二条', '一、“蒸馏”不等于“竊取”', '二 、闭源和开源的互补', '一定程度上', '一样', '一位网友说', '一场比赛', '一时间', '一边', '两耳不闻窗外事', '而在第二天', '星期一', '一路向北', '凌晨12点'])(
    'list markers and ordinary words: %s',
    (input) => {
      expect(extractFigures(input)).toEqual([]);
    },
  );

  it('skips URLs, inline code, HTML comments and embedded images', () => {
    const text = 'See https://example.com/560万美元 and `5%` <!-- 20天 --> <image>data:image/png;base64,AAAA5000亿美元</image>';
    expect(extractFigures(text)).toEqual([]);
  });
});

describe('normalisation', () => {
  it('reads full-width digits and thousands separators', () => {
    expect(only('２０４８颗GPU').value).toBe(2048);
    expect(only('50,000 chips').value).toBe(50_000);
  });

  it('gives ranges in UTF-16 code units of the original text', () => {
    const text = '🚀中国AI的成本是560万美元';
    const f = only(text);
    expect(text.slice(f.span.start, f.span.end)).toBe('560万美元');
    expect(f.span.start).toBe(text.indexOf('560'));
  });

  it('finds every figure of a mixed-script line in order', () => {
    const figures = extractFigures('DeepSeek-V3 用2048颗H800训练,成本约为$5.6M,1 月 28 日,僅為 OpenAI 的約 2%。');
    expect(figures.map((f) => f.text)).toEqual(['2048颗', '约为$5.6M', '1 月 28 日', '約 2%']);
  });
});

describe('reviewed cases', () => {
  it.each<[string, string[]]>([
    ['详见https://example.com,成本为560万美元。', ['560万美元']],
    ['来源:www.example.com。DeepSeek花了560万美元', ['560万美元']],
    ['see https://x.com/a. It cost $5.6M', ['$5.6M']],
    ['数量为100，200家公司次之', ['200家']],
    ['第二十天', []],
    ['第十四个五年规划', []],
    ['纽约3家医院', ['3家']],
    ['1月20日,中关村大街27号', ['1月20日']],
    ['1月20日,地铁5号线', ['1月20日']],
    ['成立10周年', []],
    ['5周岁', []],
    ['三年级', []],
    ['20年代', []],
    ['千人计划', []],
    ['上亿元', []],
    ['万人空巷', []],
    ['Qwen 2.5-72B', []],
    ['Llama 3-70B', []],
    ['Windows 10 users', []],
    ['Rule 10b-5', []],
    ['Article 5b', []],
    ['may 5 people', ['5 people']],
    ['投资5亿人民币300万美元', ['5亿人民币', '300万美元']],
  ])('%s → %j', (input, texts) => {
    expect(extractFigures(input).map((f) => f.text)).toEqual(texts);
  });

  it.each<[string, Expected]>([
    ['三点五亿元', { text: '三点五亿元', unit: 'CNY', value: 3.5e8 }],
    ['2万5千人', { text: '2万5千人', unit: 'count', value: 25_000 }],
    ['3亿5千万美元', { text: '3亿5千万美元', unit: 'USD', value: 3.5e8 }],
    ['两三天', { text: '两三天', unit: 'day', value: null, min: 2, max: 3 }],
    ['三四个月', { text: '三四个月', unit: 'month', value: null, min: 3, max: 4 }],
    ['五六十人', { text: '五六十人', unit: 'count', value: null, min: 50, max: 60 }],
    ['零点五个百分点', { text: '零点五个百分点', unit: 'percent', value: 0.5 }],
    ['十余个国家', { text: '十余个', unit: 'count', value: null, min: 11, max: 19 }],
    ['港币100元', { text: '港币100元', unit: 'HKD', value: 100 }],
    ['美金100元', { text: '美金100元', unit: 'USD', value: 100 }],
    ['$6.5 mln', { text: '$6.5 mln', unit: 'USD', value: 6.5e6 }],
    ['1.5 bln dollars', { text: '1.5 bln dollars', unit: 'USD', value: 1.5e9 }],
    ['1.2tn yen', { text: '1.2tn yen', unit: 'JPY', value: 1.2e12 }],
    ['20-fold', { text: '20-fold', unit: 'times', value: 20 }],
    ['3个半小时', { text: '3个半小时', unit: 'hour', value: 3.5 }],
    ['1年半', { text: '1年半', unit: 'year', value: 1.5 }],
    ['超5万人', { text: '超5万人', unit: 'count', value: 50_000, min: 50_000, max: null, bound: 'more-than' }],
    ['突破100亿元', { text: '突破100亿元', unit: 'CNY', value: 1e10, bound: 'more-than' }],
  ])('%s', (input, expected) => expectFigure(input, expected));

  it.each<[string, string, string | null]>([
    ['20 January 2025', '20 January 2025', '2025-01-20'],
    ['29 Jan 2025', '29 Jan 2025', '2025-01-29'],
    ['in May 2025', 'May 2025', '2025-05'],
    ['2024年1-11月', '2024年1-11月', null],
    ['1—11月', '1—11月', null],
  ])('date %s', (input, text, value) => {
    const f = only(input);
    expect([f.unit, f.text, f.value]).toEqual(['date', text, value]);
  });

  it('reads a date range across New Year into the next year', () => {
    const f = only('会议于2024年12月30日至1月2日举行');
    expect(f.date).toEqual({ year: 2024, month: 12, day: 30 });
    expect(f.dateEnd).toEqual({ year: 2025, month: 1, day: 2 });
    expect(f.bound).toBe('range');
  });

  it('stays linear on adversarial runs (no re-reading a run from each character)', () => {
    // Work, not time: the count of figures is what an adversarial run yields; the suite's own
    // timeout catches a quadratic path (1e5 characters quadratically take minutes).
    for (const unit of ['一', '万', '1.', '-', '<!--', '](', 'a1', '第']) {
      expect(extractFigures(unit.repeat(100_000))).toEqual([]);
    }
  });
});
