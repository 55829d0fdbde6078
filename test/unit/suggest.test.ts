import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/core/extract';
import { parseRegistry } from '../../src/core/registry';
import { guessMatchGroups, restateFigure, suggestFactId, suggestTerms } from '../../src/core/suggest';

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

  it('gives up on a fact without a value, and on vague amounts', () => {
    expect(restateFigure(extractFigures('有100万用户')[0], fact('users'))).toBeUndefined();
    expect(restateFigure(extractFigures('花了数千万美元')[0], fact('cost'))).toBeUndefined();
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

  it('makes a valid id', () => {
    expect(suggestFactId([['DeepSeek-V3'], ['训练成本']], 'USD')).toBe('deepseek-v3.usd');
    expect(suggestFactId([['训练']], 'count')).toBe('fact.count');
    expect(suggestFactId([['DeepSeek'], ['R1']], 'date')).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  });
});
