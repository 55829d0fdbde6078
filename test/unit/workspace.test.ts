import { describe, expect, it, vi } from 'vitest';
import { parseRegistry } from '../../src/core/registry';
import { formatMessage, WorkspaceIndex } from '../../src/core/workspace';

// Counts interval computations and comparisons made from outside intervals.ts, so that tests can
// check how the cost of diagnostics grows without timing anything.
const intervalWork = vi.hoisted(() => ({ calls: 0, figureIntervals: 0 }));
vi.mock('../../src/core/intervals', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/core/intervals')>();
  const counted =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      intervalWork.calls++;
      return f(...args);
    };
  return {
    ...actual,
    figureInterval: counted((...args: Parameters<typeof actual.figureInterval>) => {
      intervalWork.figureIntervals++;
      return actual.figureInterval(...args);
    }),
    overlaps: counted(actual.overlaps),
    endOrder: counted(actual.endOrder),
    endsBelow: counted(actual.endsBelow),
  };
});

const REGISTRY = `facts:
  deepseek-v3.training-gpus:
    claim: DeepSeek-V3 was trained on 2,048 Nvidia H800 GPUs
    value: 2048
    unit: count
    match:
      - [DeepSeek, 深度求索]
      - [GPU, 芯片, H800]
      - [训练, trained, training]
  deepseek.hopper-chips:
    claim: DeepSeek has at least 50,000 Hopper GPUs
    value: 50000
    unit: count
    bound: at-least
    status: disputed
    match:
      - [DeepSeek]
      - [Hopper, 芯片]
      - [拥有, 囤积, owns, has]
  deepseek-v3.training-cost:
    value: 5576000
    unit: USD
    match:
      - [DeepSeek, V3]
      - [训练, training]
      - [成本, cost]
    sources:
      - title: DeepSeek-V3 Technical Report
        url: https://arxiv.org/abs/2412.19437
  deepseek-v3.training-time:
    value: 2
    unit: month
    bound: at-most
    match:
      - [DeepSeek, V3]
      - [训练, training]
  amodei.essay-date:
    value: "2025-01-29"
    unit: date
    match:
      - [Amodei, 达里奥, Dario]
      - [发文, 博客, essay]
  r1.launch-users:
    unit: count
    match:
      - [R1]
      - [用户, users]
  market.claim:
    value: 10
    unit: times
    status: false
    match:
      - [DeepSeek]
      - [便宜, cheaper]
ignore:
  - file: b.txt
    text: 第5名
`;

function workspace(): WorkspaceIndex {
  const registry = parseRegistry(REGISTRY);
  expect(registry.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return new WorkspaceIndex(registry, { registryPath: 'facts.yaml' });
}

function linkOf(index: WorkspaceIndex, path: string, text: string): Record<string, string | null> {
  const doc = index.update(path, text);
  return Object.fromEntries(doc.figures.map((f) => [f.text, f.fact]));
}

describe('linking', () => {
  it('links a figure when its unit fits and every match group is in its sentence', () => {
    const index = workspace();
    expect(linkOf(index, 'a.md', 'DeepSeek-V3 使用2048颗英伟达H800 GPU训练,训练成本约为560万美元。')).toEqual({
      '2048颗': 'deepseek-v3.training-gpus',
      '约为560万美元': 'deepseek-v3.training-cost',
    });
  });

  it('does not link when a group is missing from the sentence', () => {
    const index = workspace();
    // "训练" stands in the next sentence only.
    expect(linkOf(index, 'a.md', 'DeepSeek 买了2048颗 GPU。后来训练了。')).toEqual({ '2048颗': null });
  });

  it('matches terms across scripts and widths', () => {
    const index = workspace();
    expect(linkOf(index, 'a.md', 'ＤｅｅｐＳｅｅｋ 訓練使用了2048顆 H800 芯片。')).toEqual({ '2048顆': 'deepseek-v3.training-gpus' });
  });

  it('prefers the fact whose terms stand in the figure’s own clause', () => {
    const index = workspace();
    const links = linkOf(index, 'a.md', 'DeepSeek 训练 V3 用了2048颗 H800 GPU,而它拥有至少5万块 Hopper 芯片。');
    expect(links['2048颗']).toBe('deepseek-v3.training-gpus');
    expect(links['至少5万块']).toBe('deepseek.hopper-chips');
  });

  it('links months to a fact in months and compares after conversion', () => {
    const index = workspace();
    expect(linkOf(index, 'a.md', 'DeepSeek V3 的训练只用了55天。')).toEqual({ '55天': 'deepseek-v3.training-time' });
    expect(index.diagnostics('a.md')).toEqual([]);
    linkOf(index, 'a.md', 'DeepSeek V3 的训练用了90天。');
    expect(index.diagnostics('a.md').map((d) => d.code)).toEqual(['conflict']);
  });

  it('does not take a term glued into a longer word', () => {
    const index = workspace();
    expect(linkOf(index, 'a.md', 'R10 有100万用户。')).toEqual({ '100万用户': null });
    expect(linkOf(index, 'a.md', 'R1 有100万用户。')).toEqual({ '100万用户': 'r1.launch-users' });
  });
});

describe('conflicts against the registry', () => {
  it('flags a figure whose interval misses the fact’s, naming the fact, its value and first source', () => {
    const index = workspace();
    linkOf(index, 'a.md', 'DeepSeek V3 的训练成本为600万美元。');
    const [d] = index.diagnostics('a.md');
    expect(d.code).toBe('conflict');
    expect(d.severity).toBe('warning');
    expect(d.fact).toBe('deepseek-v3.training-cost');
    expect(d.message).toContain('deepseek-v3.training-cost');
    expect(d.message).toContain('US$5,576,000');
    expect(d.message).toContain('DeepSeek-V3 Technical Report');
    expect(d.related[0].path).toBe('facts.yaml');
  });

  it('allows a rounded figure within half its last digit, at most 5%', () => {
    const index = workspace();
    linkOf(index, 'a.md', 'DeepSeek V3 的训练成本为560万美元。');
    expect(index.diagnostics('a.md')).toEqual([]);
    linkOf(index, 'a.md', 'DeepSeek V3 的训练成本为600万美元。');
    expect(index.diagnostics('a.md')).toHaveLength(1);
  });

  it('uses the qualifier: 约 widens, 至少 opens the interval', () => {
    const index = workspace();
    linkOf(index, 'a.md', 'DeepSeek V3 的训练成本约为600万美元。');
    expect(index.diagnostics('a.md')).toEqual([]);
    linkOf(index, 'a.md', 'DeepSeek V3 的训练成本超过1000万美元。');
    expect(index.diagnostics('a.md')).toHaveLength(1);
  });

  it('compares a date without a year in the fact’s year', () => {
    const index = workspace();
    linkOf(index, 'a.md', '1 月 30 日,Anthropic CEO Dario Amodei 发文。');
    expect(index.diagnostics('a.md').map((d) => [d.code, d.fact])).toEqual([['conflict', 'amodei.essay-date']]);
    linkOf(index, 'a.md', '1月29日,达里奥发文。');
    expect(index.diagnostics('a.md')).toEqual([]);
  });

  it('lowers a disputed fact’s diagnostics to information', () => {
    const index = workspace();
    linkOf(index, 'a.md', 'DeepSeek 拥有1万块 Hopper 芯片。');
    expect(index.diagnostics('a.md').map((d) => d.severity)).toEqual(['information']);
  });

  it('treats a figure matching a false fact as the conflict', () => {
    const index = workspace();
    linkOf(index, 'a.md', 'DeepSeek 比 OpenAI 便宜10倍。');
    const [d] = index.diagnostics('a.md');
    expect(d.code).toBe('conflict');
    expect(d.message).toContain('false');
    linkOf(index, 'a.md', 'DeepSeek 比 OpenAI 便宜30倍。');
    expect(index.diagnostics('a.md')).toEqual([]);
  });
});

describe('messages of conflicts with the registry', () => {
  it('are made once per claim text and value, and follow a change of language', () => {
    const index = workspace();
    index.update('a.md', 'DeepSeek V3 的训练成本为600万美元。\nDeepSeek V3 的训练成本为700万美元。\n');
    index.update('b.md', 'DeepSeek V3 的训练成本为600万美元。\n');
    const registryConflicts = (path: string): string[] => index.diagnostics(path).filter((d) => d.code === 'conflict').map((d) => d.message);
    const [six, seven] = registryConflicts('a.md');
    expect(six).toContain('"600万美元"');
    expect(seven).toContain('"700万美元"');
    expect(registryConflicts('b.md')).toEqual([six]);
    index.setOptions({ t: (message, ...args) => `【译】${formatMessage(message, ...args)}` });
    expect(registryConflicts('a.md').map((m) => m.startsWith('【译】'))).toEqual([true, true]);
    expect(registryConflicts('b.md')[0]).toContain('"600万美元"');
  });

  it('name the registry’s new value after the registry changes', () => {
    const index = workspace();
    index.update('a.md', 'DeepSeek V3 的训练成本为600万美元。\n');
    expect(index.diagnostics('a.md')[0].message).toContain('US$5,576,000');
    index.setRegistry(parseRegistry(REGISTRY.replace('value: 5576000', 'value: 9000000')));
    expect(index.diagnostics('a.md')[0].message).toContain('US$9,000,000');
  });

  it('take each figure’s interval from the claims index rather than work it out again', () => {
    const index = workspace();
    index.update('a.md', '1 月 30 日,Anthropic CEO Dario Amodei 发文。\n'.repeat(20));
    intervalWork.figureIntervals = 0;
    expect(index.diagnostics('a.md')).toHaveLength(20);
    expect(intervalWork.figureIntervals).toBe(0);
  });
});

describe('cross-article conflicts', () => {
  it('answers a document’s conflicts from memory until anything changes, then anew', () => {
    const index = workspace();
    index.update('a.md', 'R1 上线一周有100万用户。');
    expect(index.diagnostics('a.md')).toEqual([]);
    // Another file changes what a.md's figure disagrees with: the remembered answer must go.
    index.update('b.md', 'R1 上线一周有500万用户。');
    expect(index.diagnostics('a.md').map((d) => d.code)).toEqual(['cross-conflict']);
    const calls = intervalWork.calls;
    const again = index.diagnostics('a.md');
    expect(intervalWork.calls).toBe(calls); // from memory: no interval was computed
    again.pop(); // the caller's own array: changing it changes nothing inside
    expect(index.diagnostics('a.md')).toHaveLength(1);
    index.remove('b.md');
    expect(index.diagnostics('a.md')).toEqual([]);
    index.update('b.md', 'R1 上线一周有500万用户。');
    expect(index.diagnostics('a.md')).toHaveLength(1);
  });

  it('flags figures for the same valueless fact that disagree across files, each pointing at the other', () => {
    const index = workspace();
    index.update('a.md', 'R1 上线一周有100万用户。');
    index.update('b.md', 'R1 上线一周有500万用户。');
    const a = index.diagnostics('a.md');
    const b = index.diagnostics('b.md');
    expect(a.map((d) => d.code)).toEqual(['cross-conflict']);
    expect(b.map((d) => d.code)).toEqual(['cross-conflict']);
    expect(a[0].related[0].path).toBe('b.md');
    expect(b[0].related[0].path).toBe('a.md');
    expect(a[0].message).toContain('b.md:1');
  });

  it('does not flag figures in the same file, or figures that agree', () => {
    const index = workspace();
    index.update('a.md', 'R1 有100万用户。R1 有500万用户。');
    expect(index.diagnostics('a.md')).toEqual([]);
    index.update('a.md', 'R1 有100万用户。');
    index.update('b.md', 'R1 有约100万用户。');
    expect(index.diagnostics('a.md')).toEqual([]);
    expect(index.diagnostics('b.md')).toEqual([]);
  });

  it('leaves the article that agrees with the registry alone', () => {
    const index = workspace();
    index.update('a.md', '1月29日,达里奥发文。');
    index.update('b.md', '1 月 30 日,Dario Amodei 发文。');
    expect(index.diagnostics('a.md')).toEqual([]);
    const b = index.diagnostics('b.md').map((d) => d.code).sort();
    expect(b).toEqual(['conflict', 'cross-conflict']);
  });

  it('looks past the figure’s own article for claims that disagree', () => {
    const index = workspace();
    // a.md holds both extremes; its own claims must not hide or count as the others.
    index.update('a.md', 'R1 有100万用户。R1 有900万用户。');
    index.update('b.md', 'R1 有500万用户。');
    index.update('c.md', 'R1 有100万用户。');
    const a = index.diagnostics('a.md');
    expect(a.map((d) => d.span.start)).toEqual([index.get('a.md')!.figures[0].span.start, index.get('a.md')!.figures[1].span.start]);
    expect(a[0].related.map((r) => r.path)).toEqual(['b.md', 'facts.yaml']);
    expect(a[0].message).not.toContain('more');
    expect(a[1].related.map((r) => r.path)).toEqual(['b.md', 'c.md', 'facts.yaml']);
    expect(a[1].message).toContain('in b.md:1 and 1 more');
    expect(index.diagnostics('b.md')[0].message).toContain('and 2 more');
    expect(index.diagnostics('c.md')[0].related.map((r) => r.path)).toEqual(['b.md', 'a.md', 'facts.yaml']);
  });

  it('counts every disagreeing claim but points at no more than five', () => {
    const index = workspace();
    index.update('a.md', 'R1 有100万用户。');
    for (let i = 0; i < 8; i++) index.update(`b${i}.md`, 'R1 有500万用户。');
    const [d] = index.diagnostics('a.md');
    expect(d.message).toContain('and 7 more');
    expect(d.related).toHaveLength(6);
    expect(d.related[5].path).toBe('facts.yaml');
  });

  it('names the nearest disagreeing claim first', () => {
    const index = workspace();
    index.update('a.md', 'R1 有100万用户。');
    index.update('b.md', 'R1 有1000万用户。');
    index.update('c.md', 'R1 有500万用户。');
    index.update('d.md', 'R1 有10万用户。');
    const [d] = index.diagnostics('a.md');
    expect(d.message).toContain('"10万用户" (100,000) in d.md:1 and 2 more');
    expect(d.related.map((r) => r.path)).toEqual(['d.md', 'c.md', 'b.md', 'facts.yaml']);
  });

  it('treats ends that touch as disagreeing only when one of them is open', () => {
    const index = workspace();
    index.update('a.md', 'R1 至少有100万用户。');
    index.update('b.md', 'R1 不到100万用户。');
    index.update('c.md', 'R1 最多100万用户。');
    expect(index.diagnostics('a.md').map((d) => d.related[0].path)).toEqual(['b.md']);
    expect(index.diagnostics('a.md')[0].message).not.toContain('more');
    expect(index.diagnostics('b.md').map((d) => d.related[0].path)).toEqual(['a.md']);
    expect(index.diagnostics('c.md')).toEqual([]);
  });

  it('keeps up with edits and removals between questions', () => {
    const index = workspace();
    index.update('a.md', 'R1 有100万用户。');
    index.update('b.md', 'R1 有500万用户。');
    expect(index.diagnostics('a.md')).toHaveLength(1);
    index.update('b.md', 'R1 有100万用户。');
    expect(index.diagnostics('a.md')).toEqual([]);
    index.update('a.md', 'R1 有500万用户。R1 有600万用户。');
    expect(index.diagnostics('a.md')).toHaveLength(2);
    expect(index.diagnostics('b.md')[0].message).toContain('and 1 more');
    index.remove('a.md');
    expect(index.diagnostics('b.md')).toEqual([]);
    expect(index.claimsOf('r1.launch-users').map((c) => c.path)).toEqual(['b.md']);
  });

  it('ignores terms inside URLs and code when linking', () => {
    const index = workspace();
    expect(linkOf(index, 'a.md', '训练成本见 https://deepseek.com/x 一文：560万美元')).toEqual({ '560万美元': null });
    expect(linkOf(index, 'a.md', '训练成本见 `DeepSeek` 一文：560万美元')).toEqual({ '560万美元': null });
    expect(linkOf(index, 'a.md', '训练成本见 DeepSeek 一文：560万美元')).toEqual({ '560万美元': 'deepseek-v3.training-cost' });
  });

  it('forgets a removed file', () => {
    const index = workspace();
    index.update('a.md', 'R1 有100万用户。');
    index.update('b.md', 'R1 有500万用户。');
    index.remove('b.md');
    expect(index.diagnostics('a.md')).toEqual([]);
    expect(index.claimsOf('r1.launch-users').map((c) => c.path)).toEqual(['a.md']);
  });
});

describe('ignoring figures', () => {
  it('honours the inline marker on its line and on the next line', () => {
    const index = workspace();
    const doc = index.update('a.md', 'DeepSeek V3 的训练成本为600万美元。<!-- fact-ledger-ignore -->\n<!-- fact-ledger-ignore-next-line -->\nDeepSeek V3 的训练成本为700万美元。\nDeepSeek V3 的训练成本为800万美元。');
    expect(doc.figures.map((f) => Boolean(f.ignored))).toEqual([true, true, false]);
    expect(index.diagnostics('a.md')).toHaveLength(1);
  });

  it('honours the registry’s ignore list for plain text', () => {
    const index = workspace();
    const doc = index.update('b.txt', '排名第5名。');
    expect(doc.figures[0].ignored).toBe(true);
  });

  it('relinks every document when the registry changes', () => {
    const index = workspace();
    index.update('a.md', 'DeepSeek V3 的训练成本为600万美元。');
    expect(index.diagnostics('a.md')).toHaveLength(1);
    index.setRegistry(parseRegistry(REGISTRY.replace('value: 5576000', 'value: 6000000')));
    expect(index.diagnostics('a.md')).toEqual([]);
  });
});

describe('intervals with open ends', () => {
  it('compares open-ended intervals without treating infinity as touching', async () => {
    const { overlaps } = await import('../../src/core/intervals');
    expect(overlaps({ min: 0, max: 2, maxOpen: true }, { min: -Infinity, max: 2 })).toBe(true);
    expect(overlaps({ min: 100000, max: Infinity, minOpen: true }, { min: 50000, max: Infinity })).toBe(true);
    expect(overlaps({ min: 5, max: Infinity, minOpen: true }, { min: 0, max: 5 })).toBe(false);
    expect(overlaps({ min: 5, max: Infinity }, { min: 0, max: 5 })).toBe(true);
    expect(overlaps({ min: -Infinity, max: 1 }, { min: 2, max: Infinity })).toBe(false);
  });

  it('does not flag "less than two months" against "at most two months"', () => {
    const index = workspace();
    linkOf(index, 'a.md', 'DeepSeek V3 的训练用时不到两个月。');
    expect(index.diagnostics('a.md')).toEqual([]);
  });
});

describe('cost of diagnostics', () => {
  /** A workspace of `documents` articles with five claims each about one fact, in two camps that all disagree. */
  function camps(documents: number): WorkspaceIndex {
    const index = workspace();
    for (let d = 0; d < documents; d++) index.update(`doc${d}.md`, `R1 有${d % 2 ? 500 : 100}万用户。\n`.repeat(5));
    return index;
  }

  function work(run: () => void): number {
    intervalWork.calls = 0;
    run();
    return intervalWork.calls;
  }

  it('grows with the number of claims, not with its square, for a full pass', () => {
    const pass = (index: WorkspaceIndex) => () => index.paths().forEach((p) => expect(index.diagnostics(p)).toHaveLength(5));
    const small = work(pass(camps(8)));
    const large = work(pass(camps(64)));
    // Eight times the claims: a pass comparing every pair would do 64 times the work.
    expect(large / small).toBeLessThan(16);
  });

  it('costs one article about the same however large the workspace', () => {
    const one = (documents: number): number => {
      const index = camps(documents);
      index.paths().forEach((p) => index.diagnostics(p));
      index.update('doc0.md', 'R1 有300万用户。\n'.repeat(5));
      return work(() => expect(index.diagnostics('doc0.md')).toHaveLength(5));
    };
    expect(one(64) / one(8)).toBeLessThan(2);
  });
});
