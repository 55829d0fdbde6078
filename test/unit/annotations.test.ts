import { describe, expect, test } from 'vitest';
import { anchorAnnotation, makeSelector } from '../../src/core/annotations';
import type { QuoteSelector } from '../../src/core/annotations';
import { LineIndex } from '../../src/core/lineIndex';
import { parseRegistry } from '../../src/core/registry';
import type { Registry } from '../../src/core/registry';
import { addAnnotationEdit, applyEdits, removeAnnotationEdit, updateAnnotationSelectorEdit } from '../../src/core/registryEdit';
import type { NewAnnotation, TextEdit } from '../../src/core/registryEdit';
import { WorkspaceIndex } from '../../src/core/workspace';

const article = [
  '# DeepSeek 与蒸馏',
  '',
  'OpenAI 表示，它有证据显示 DeepSeek 使用了蒸馏技术来训练自己的模型。',
  '微软的安全研究人员在去年秋天观察到大量数据被导出。',
  'DeepSeek 尚未回应。',
].join('\n');

const quote = 'OpenAI 表示，它有证据显示 DeepSeek 使用了蒸馏技术';

function selectorOf(text: string, passage: string, from = 0): QuoteSelector {
  const start = text.indexOf(passage, from);
  expect(start).toBeGreaterThanOrEqual(0);
  return makeSelector(text, { start, end: start + passage.length });
}

const slice = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);

describe('makeSelector', () => {
  test('keeps the quote, 32 characters of context on each side, and the start', () => {
    const selector = selectorOf(article, quote);
    expect(selector.exact).toBe(quote);
    expect(selector.prefix).toBe(article.slice(0, article.indexOf(quote))); // fewer than 32 before it
    expect(selector.suffix).toHaveLength(32);
    expect(selector.start).toBe(article.indexOf(quote));
  });

  test('leaves out empty context and never splits a surrogate pair', () => {
    const text = '😀'.repeat(20) + 'quote' + '😀'.repeat(20);
    const selector = makeSelector(text, { start: 40, end: 45 });
    expect(selector.exact).toBe('quote');
    expect(selector.prefix).toBe('😀'.repeat(16));
    expect(selector.suffix).toBe('😀'.repeat(16));
    expect(makeSelector('abc', { start: 0, end: 3 })).toEqual({ exact: 'abc', start: 0 });
  });
});

describe('anchorAnnotation', () => {
  const selector = selectorOf(article, quote);

  test('finds the quote where it was', () => {
    const found = anchorAnnotation(article, selector);
    expect(found).toEqual({ span: { start: article.indexOf(quote), end: article.indexOf(quote) + quote.length }, exact: true, score: 1 });
  });

  test('finds a quote that moved, with its context changed', () => {
    const edited = '# 新标题\n\n一段新的导语，放在最前面。\n\n' + article.replace('# DeepSeek 与蒸馏\n\n', '').replace('微软的安全研究人员', '微软研究人员');
    const found = anchorAnnotation(edited, selector);
    expect(found?.exact).toBe(true);
    expect(slice(edited, found?.span)).toBe(quote);
  });

  test('finds a quote after a traditional/simplified and full-width re-conversion', () => {
    const traditional = article.replace('表示，它有證據', '表示，它有證據').replace('它有证据显示', '它有證據顯示').replace('使用了蒸馏技术', '使用了蒸餾技術').replace('OpenAI', 'ＯｐｅｎＡＩ');
    expect(traditional).not.toContain(quote);
    const found = anchorAnnotation(traditional, selector);
    expect(found?.exact).toBe(false);
    expect(found?.score).toBe(1);
    expect(slice(traditional, found?.span)).toBe('ＯｐｅｎＡＩ 表示，它有證據顯示 DeepSeek 使用了蒸餾技術');
  });

  test('finds a lightly edited quote by similarity, and reports it as not exact', () => {
    const edited = article.replace('它有证据显示', '它掌握证据表明');
    const found = anchorAnnotation(edited, selector);
    expect(found).toBeDefined();
    expect(found!.exact).toBe(false);
    expect(found!.score).toBeGreaterThanOrEqual(0.75);
    expect(found!.score).toBeLessThan(1);
    expect(slice(edited, found!.span)).toBe('OpenAI 表示，它掌握证据表明 DeepSeek 使用了蒸馏技术');
  });

  test('finds an English quote after a word was changed and the paragraph re-wrapped', () => {
    const english = 'Intro.\n\nOpenAI says it has evidence that DeepSeek used distillation to train its models, a person familiar said.\n';
    const sel = selectorOf(english, 'OpenAI says it has evidence that DeepSeek used distillation');
    const edited = 'Intro, longer now.\n\nOpenAI says it has seen evidence\nthat DeepSeek used distillation to train its models, a person familiar said.\n';
    const found = anchorAnnotation(edited, sel);
    expect(slice(edited, found?.span)).toBe('OpenAI says it has seen evidence\nthat DeepSeek used distillation');
  });

  test('a deleted quote is not found', () => {
    const deleted = article.replace(quote + '来训练自己的模型。', '');
    expect(anchorAnnotation(deleted, selector)).toBeUndefined();
    expect(anchorAnnotation('', selector)).toBeUndefined();
    expect(anchorAnnotation(article, { exact: '' })).toBeUndefined();
  });

  test('a quote rewritten beyond recognition is not found, but a lower threshold offers the best match', () => {
    const rewritten = article.replace('它有证据显示 DeepSeek 使用了蒸馏技术', '有迹象表明 DeepSeek 可能用了蒸馏');
    expect(anchorAnnotation(rewritten, selector)).toBeUndefined();
    const loose = anchorAnnotation(rewritten, selector, { threshold: 0.4 });
    expect(slice(rewritten, loose?.span)).toMatch(/^OpenAI 表示，有迹象表明 DeepSeek 可能用了蒸馏/);
  });

  test('duplicate quotes are told apart by their context, then by the position hint', () => {
    const text = '甲说：DeepSeek 尚未回应。\n乙说：DeepSeek 尚未回应。\n丙说：DeepSeek 尚未回应。\n';
    const second = text.indexOf('DeepSeek', text.indexOf('乙'));
    const sel = makeSelector(text, { start: second, end: second + 'DeepSeek 尚未回应'.length });
    expect(anchorAnnotation(text, sel)?.span.start).toBe(second);
    // The text above moved: the context still picks the second one.
    const moved = '新的一行。\n' + text;
    expect(anchorAnnotation(moved, sel)?.span.start).toBe(moved.indexOf('DeepSeek', moved.indexOf('乙')));
    // Without context, the one nearest the hint wins.
    const third = text.indexOf('DeepSeek', text.indexOf('丙'));
    expect(anchorAnnotation(text, { exact: 'DeepSeek 尚未回应', start: third - 2 })?.span.start).toBe(third);
    expect(anchorAnnotation(text, { exact: 'DeepSeek 尚未回应' })?.span.start).toBe(text.indexOf('DeepSeek'));
  });

  test('stays fast on a 1 MB article, found or not', () => {
    const filler = '这是一段与主题无关的填充文字，用来测试长文章。The quick brown fox jumps over the lazy dog. ';
    let big = '';
    while (big.length < 1_000_000) big += filler;
    const text = big + article + big;
    const found = anchorAnnotation(text, selector);
    expect(slice(text, found?.span)).toBe(quote);
    const edited = big + article.replace('它有证据显示', '它掌握证据表明') + big;
    expect(anchorAnnotation(edited, selector)?.exact).toBe(false);
    expect(anchorAnnotation(big + big, selector)).toBeUndefined();
    // A quote made only of common words and the filler itself.
    expect(anchorAnnotation(big, { exact: 'The quick brown fox jumps over the lazy cat.', start: 500_000 })?.score).toBeGreaterThan(0.9);
  });
});

// ---- the registry's `annotations:` list --------------------------------------------------------

const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const codes = (text: string) => parseRegistry(text).problems.map((p) => p.code);

const registryText = yaml(
  '# Desk registry.',
  'facts:',
  '  openai.distillation-evidence:',
  '    claim: OpenAI says it has evidence that DeepSeek distilled its models',
  '    unit: count',
  '  r1.users:',
  '    unit: count',
  '    match: [[R1], [users]]',
  '',
  'annotations:',
  '  # The FT story.',
  '  - fact: openai.distillation-evidence',
  '    file: articles/ft.md',
  '    verdict: supports',
  '    selector:',
  '      exact: OpenAI 表示，它有证据显示',
  '      prefix: "# DeepSeek 与蒸馏\\n\\n"',
  '      suffix: " DeepSeek 使用了蒸馏技术"',
  '      start: 16',
  '    note: Second-hand; no evidence shown.',
  '    by: alice',
  '    at: 2025-01-29T10:30:00Z',
  '  - fact: r1.users',
  '    file: articles/b.md',
  '    selector: {exact: 100万用户}',
);

describe('parseRegistry: annotations', () => {
  test('loads annotations with their selector, verdict (default mentions), note, by and at', () => {
    const registry = parseRegistry(registryText);
    expect(registry.problems).toEqual([]);
    expect(registry.annotations).toHaveLength(2);
    const [first, second] = registry.annotations;
    expect(first).toMatchObject({
      fact: 'openai.distillation-evidence',
      file: 'articles/ft.md',
      verdict: 'supports',
      selector: { exact: 'OpenAI 表示，它有证据显示', prefix: '# DeepSeek 与蒸馏\n\n', suffix: ' DeepSeek 使用了蒸馏技术', start: 16 },
      note: 'Second-hand; no evidence shown.',
      by: 'alice',
      at: '2025-01-29T10:30:00Z',
      index: 0,
    });
    expect(registryText.slice(first.span.start, first.span.end)).toMatch(/^fact: openai\.distillation-evidence[\s\S]*at: 2025-01-29T10:30:00Z$/);
    expect(second).toMatchObject({ fact: 'r1.users', verdict: 'mentions', selector: { exact: '100万用户' }, index: 1 });
  });

  test('a fact that only gathers annotations is not warned about missing match terms', () => {
    const without = registryText.slice(0, registryText.indexOf('annotations:'));
    expect(parseRegistry(without).problems.map((p) => p.code)).toEqual(['no-match']);
    expect(parseRegistry(registryText).problems).toEqual([]);
  });

  test('reports problems at their place: unknown fact, bad verdict, missing exact, bad start and date, unknown key', () => {
    const text = yaml(
      'facts:',
      '  a.fact:',
      '    unit: count',
      '    match: [x]',
      'annotations:',
      '  - fact: a.fakt',
      '    file: x.md',
      '    selector: {exact: quoted}',
      '  - fact: a.fact',
      '    file: x.md',
      '    verdict: agrees',
      '    selector: {exact: quoted}',
      '  - fact: a.fact',
      '    file: x.md',
      '    selector: {prefix: before}',
      '  - fact: a.fact',
      '    file: x.md',
      '    selector: {exact: q, start: -3}',
      '    at: yesterday',
      '    colour: red',
      '  - fact: a.fact',
      '    selector: {exact: q}',
      '  - just text',
    );
    const registry = parseRegistry(text);
    const lines = new LineIndex(text);
    const found = registry.problems.map((p) => [p.code, p.severity, lines.positionAt(p.span.start).line, text.slice(p.span.start, p.span.end)]);
    expect(found).toEqual([
      ['unknown-fact', 'warning', 5, 'a.fakt'],
      ['invalid-enum', 'error', 10, 'agrees'],
      ['wrong-type', 'error', 14, 'selector'],
      ['unknown-key', 'warning', 19, 'colour'],
      ['wrong-type', 'error', 17, '-3'],
      ['invalid-date', 'error', 18, 'yesterday'],
      ['wrong-type', 'error', 20, 'fact: a.fact\n    selector: {exact: q}'],
      ['wrong-type', 'error', 22, 'just text'],
    ]);
    expect(registry.problems[0].message).toMatch(/Did you mean "a\.fact"\?/);
    // Only the entry with a warning loads; entries with errors are left out.
    expect(registry.annotations.map((a) => a.index)).toEqual([0]);
    expect(codes(yaml('facts: {}', 'annotations: 3'))).toEqual(['wrong-type']);
  });
});

describe('registry edits for annotations', () => {
  const annotation: NewAnnotation = {
    fact: 'r1.users',
    file: 'articles/c.txt',
    verdict: 'contradicts',
    selector: { exact: '500万用户', prefix: 'R1 上线首周有', suffix: '。\n在美国区: "x"', start: 7 },
    note: 'Five times the other article.',
    by: 'bob',
    at: '2025-02-01T08:00:00Z',
  };

  function roundTrip(text: string, edit: TextEdit | undefined): { text: string; registry: Registry } {
    expect(edit).toBeDefined();
    const result = applyEdits(text, [edit!]);
    return { text: result, registry: parseRegistry(result) };
  }

  test('appends to an existing list, keeping comments and everything else byte for byte', () => {
    const edit = addAnnotationEdit(registryText, annotation);
    expect(edit.span.start).toBe(edit.span.end);
    const { text, registry } = roundTrip(registryText, edit);
    expect(registry.problems).toEqual([]);
    expect(text.startsWith(registryText.trimEnd())).toBe(true);
    expect(registry.annotations).toHaveLength(3);
    const { index: _index, span: _span, ...added } = registry.annotations[2];
    expect(added).toEqual(annotation);
    expect(text.slice(registryText.trimEnd().length)).toBe(
      [
        '',
        '  - fact: r1.users',
        '    file: articles/c.txt',
        '    verdict: contradicts',
        '    selector:',
        '      exact: 500万用户',
        '      prefix: R1 上线首周有',
        '      suffix: "。\\n在美国区: \\"x\\""',
        '      start: 7',
        '    note: Five times the other article.',
        '    by: bob',
        '    at: 2025-02-01T08:00:00Z',
        '',
      ].join('\n'),
    );
  });

  test('creates the list when there is none, or fills an empty one, or a flow one', () => {
    const bare = yaml('# c', 'facts:', '  r1.users:', '    unit: count');
    const created = roundTrip(bare, addAnnotationEdit(bare, annotation));
    expect(created.text).toMatch(/^# c\nfacts:\n {2}r1\.users:\n {4}unit: count\n\nannotations:\n {2}- fact: r1\.users\n/);
    expect(created.registry.annotations).toHaveLength(1);
    for (const empty of ['annotations: []', 'annotations:']) {
      const text = bare + empty + '\n';
      expect(roundTrip(text, addAnnotationEdit(text, annotation)).registry.annotations).toHaveLength(1);
    }
    const flow = bare + 'annotations: [{fact: r1.users, file: a.md, selector: {exact: x}}]\n';
    const added = roundTrip(flow, addAnnotationEdit(flow, annotation));
    expect(added.registry.problems).toEqual([]);
    expect(added.registry.annotations.map((a) => a.selector.exact)).toEqual(['x', '500万用户']);
    expect(added.registry.annotations[1].selector).toEqual(annotation.selector);
  });

  test('removes one entry by index, and leaves an empty list after the last one', () => {
    const second = roundTrip(registryText, removeAnnotationEdit(registryText, 1));
    expect(second.text).toBe(registryText.slice(0, registryText.indexOf('  - fact: r1.users')));
    expect(second.registry.annotations.map((a) => a.fact)).toEqual(['openai.distillation-evidence']);
    const first = roundTrip(registryText, removeAnnotationEdit(registryText, 0));
    expect(first.text).toContain('  # The FT story.\n  - fact: r1.users\n');
    expect(first.registry.annotations.map((a) => a.fact)).toEqual(['r1.users']);
    const none = roundTrip(first.text, removeAnnotationEdit(first.text, 0));
    expect(none.registry.annotations).toEqual([]);
    expect(none.registry.problems.map((p) => p.code)).toEqual(['no-match']);
    expect(none.text.endsWith('annotations: []\n')).toBe(true);
    expect(removeAnnotationEdit(registryText, 2)).toBeUndefined();
    const flow = 'facts: {}\nannotations: [{fact: a, file: a.md, selector: {exact: x}}, {fact: b, file: b.md, selector: {exact: y}}]\n';
    expect(roundTrip(flow, removeAnnotationEdit(flow, 1)).text).toBe('facts: {}\nannotations: [{fact: a, file: a.md, selector: {exact: x}}]\n');
    expect(roundTrip(flow, removeAnnotationEdit(flow, 0)).text).toBe('facts: {}\nannotations: [{fact: b, file: b.md, selector: {exact: y}}]\n');
  });

  test('replaces a selector, block or flow, and nothing else', () => {
    const selector: QuoteSelector = { exact: 'OpenAI 表示，它掌握证据表明', prefix: '导语。\n\n', suffix: ' DeepSeek', start: 40 };
    const block = roundTrip(registryText, updateAnnotationSelectorEdit(registryText, 0, selector));
    expect(block.registry.problems).toEqual([]);
    expect(block.registry.annotations[0].selector).toEqual(selector);
    expect(block.text.replace(/ {4}selector:\n[\s\S]*?(?= {4}note:)/, '')).toBe(registryText.replace(/ {4}selector:\n[\s\S]*?(?= {4}note:)/, ''));
    const flow = roundTrip(registryText, updateAnnotationSelectorEdit(registryText, 1, { exact: '500万用户', start: 7 }));
    expect(flow.text).toContain('    selector: {exact: 500万用户, start: 7}\n');
    expect(flow.registry.annotations[1].selector).toEqual({ exact: '500万用户', start: 7 });
    expect(updateAnnotationSelectorEdit(registryText, 5, selector)).toBeUndefined();
  });
});

describe('annotations fix a figure’s link by hand', () => {
  const registry = parseRegistry(
    yaml(
      'facts:',
      '  r1.users:',
      '    unit: count',
      '    match: [[R1], [用户]]',
      '  v3.gpus:',
      '    value: 2048',
      '    unit: count',
      '    match: [[V3], [GPU]]',
      '  r1.date:',
      '    unit: date',
      '    match: [[R1]]',
      'annotations:',
      '  - fact: v3.gpus',
      '    file: a.md',
      '    selector: {exact: 首周有100万用户}',
      '  - fact: r1.date',
      '    file: a.md',
      '    selector: {exact: 有500万用户}',
    ),
  );

  test('a figure inside an annotated passage links to the annotation’s fact, wherever the passage moved', () => {
    expect(registry.problems).toEqual([]);
    const index = new WorkspaceIndex(registry, { registryPath: 'facts.yaml' });
    const doc = index.update('a.md', '导语。\n\nR1 上线首周有100万用户。R1 另一篇说有500万用户。\n');
    const byText = Object.fromEntries(doc.figures.map((f) => [f.text, [f.fact, f.linkedBy]]));
    // Overridden; the automatic link stays where the annotation's fact does not fit the figure's unit.
    expect(byText).toEqual({ '100万用户': ['v3.gpus', 'annotation'], '500万用户': ['r1.users', undefined] });
    expect(index.diagnostics('a.md').map((d) => [d.code, d.fact])).toEqual([['conflict', 'v3.gpus']]);
    // Another article with the same words is linked automatically.
    expect(index.update('b.md', 'R1 上线首周有100万用户。').figures.map((f) => f.fact)).toEqual(['r1.users']);
    // A passage edited a little still overrides; without the passage, the automatic link is back.
    expect(index.update('a.md', 'R1 上线首周有300万用户。').figures.map((f) => [f.fact, f.linkedBy])).toEqual([['v3.gpus', 'annotation']]);
    expect(index.update('a.md', 'R1 如今有1000万名用户。').figures.map((f) => [f.fact, f.linkedBy])).toEqual([['r1.users', undefined]]);
  });
});
