import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseRegistry } from '../../src/core/registry';
import type { Registry } from '../../src/core/registry';
import { addIgnoreEdit, addMatchTermEdit, applyEdits, insertFactEdit, uniqueFactId } from '../../src/core/registryEdit';
import type { NewFact, TextEdit } from '../../src/core/registryEdit';
import type { Fact } from '../../src/core/types';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/registry/${name}`, import.meta.url), 'utf8');
const commented = fixture('commented.yaml');

/** Problems as code + message: positions move with an edit, the problems themselves must not. */
const problemList = (registry: Registry) => registry.problems.map((p) => `${p.code}: ${p.message}`);

/** Applies one edit and checks the result re-parses with no new problems (some may go away). */
function apply(text: string, edit: TextEdit | undefined): { text: string; registry: Registry } {
  expect(edit).toBeDefined();
  const result = applyEdits(text, [edit!]);
  const registry = parseRegistry(result);
  const before = problemList(parseRegistry(text));
  expect(problemList(registry).filter((p) => !before.includes(p))).toEqual([]);
  return { text: result, registry };
}

const withoutLocation = ({ location: _location, ...rest }: Fact) => rest;

/** Every fact of `after` equals `before`'s, except `changed`. */
function expectOthersUnchanged(before: Registry, after: Registry, changed: string) {
  const others = (registry: Registry) => registry.facts.filter((f) => f.id !== changed).map(withoutLocation);
  expect(others(after)).toEqual(others(before));
}

const simple: NewFact = { id: 'x', unit: 'count', match: [['a']] };
const simpleLines = ['  x:', '    unit: count', '    match:', '      - [a]'];

describe('insertFactEdit', () => {
  const r1: NewFact = {
    id: 'r1.release-date',
    claim: 'DeepSeek released R1 on January 20, 2025',
    value: '2025-01-20',
    unit: 'date',
    tolerance: 1,
    match: [
      ['R1', 'DeepSeek-R1'],
      ['发布', 'released'],
    ],
    status: 'verified',
    sources: [{ title: 'DeepSeek-R1 release', url: 'https://api-docs.deepseek.com/news/news250120', date: '2025-01-20' }],
  };

  test('appends to a commented registry as one insertion, after the comments that close the facts section', () => {
    const edit = insertFactEdit(commented, r1);
    expect(edit.span.start).toBe(edit.span.end);
    expect(commented.slice(0, edit.span.start)).toMatch(/# - add the Jan 27 drop here when confirmed$/);
    expect(commented.slice(edit.span.start)).toMatch(/^\n\n# Figures the checker should leave alone\./);
    expect(edit.newText).toBe(
      [
        '',
        '', // the file puts a blank line between facts
        '  r1.release-date:',
        '    claim: DeepSeek released R1 on January 20, 2025',
        '    value: 2025-01-20',
        '    unit: date',
        '    tolerance: 1',
        '    match:',
        '      - [R1, DeepSeek-R1]',
        '      - [发布, released]',
        '    status: verified',
        '    sources:',
        '      - title: DeepSeek-R1 release',
        '        url: https://api-docs.deepseek.com/news/news250120',
        '        date: 2025-01-20',
      ].join('\n'),
    );
    const { text, registry } = apply(commented, edit);
    expect(text).toBe(commented.slice(0, edit.span.start) + edit.newText + commented.slice(edit.span.start));
    expect(withoutLocation(registry.byId.get('r1.release-date')!)).toEqual({ ...r1, bound: 'exact' });
    expectOthersUnchanged(parseRegistry(commented), registry, 'r1.release-date');
    expect(registry.ignores).toEqual([expect.objectContaining({ text: '第5名' })]);
  });

  test('quotes only what YAML needs, and every value reads back exactly', () => {
    const tricky: NewFact = {
      id: 'tricky',
      claim: 'yes',
      value: [0.5, 1e21],
      unit: 'percent',
      bound: 'about',
      tolerance: 0.25,
      match: [
        ['a, b', '[x]', '*star', 'true', '1.0', '#tag', 'key: value'],
        ['深度求索', '訓練', 'ＧＰＵ', ' padded ', "it's", 'say "hi"'],
      ],
      status: 'false',
      sources: [{ title: '2048', url: 'https://example.com/a?b=1#c', quote: '- a list-looking quote', date: '2025-01-29' }],
      note: 'Line one.\nLine two: with a colon.\n\nLast line.',
    };
    const { text, registry } = apply(fixture('minimal.yaml'), insertFactEdit(fixture('minimal.yaml'), tricky));
    expect(withoutLocation(registry.byId.get('tricky')!)).toEqual(tricky);
    expect(text).toContain('    claim: yes\n'); // a string in YAML 1.2, which the registry reads
    expect(text).toContain('      - ["a, b", "[x]", "*star", "true", "1.0", "#tag", "key: value"]\n');
    expect(text).toContain('      - [深度求索, 訓練, ＧＰＵ, " padded ", it\'s, say "hi"]\n');
    expect(text).toContain('    status: "false"\n');
  });

  test.each([
    ['an empty file', '', ['facts:', ...simpleLines, ''].join('\n')],
    ['a whitespace-only file', '  \n\n', ['facts:', ...simpleLines, ''].join('\n')],
    ['a comments-only file', '# registry\n', ['# registry', '', 'facts:', ...simpleLines, ''].join('\n')],
    ['bare facts:', 'facts:\n', ['facts:', ...simpleLines, ''].join('\n')],
    ['facts: {} with a comment', 'facts: {}  # none yet\n', ['facts: # none yet', ...simpleLines, ''].join('\n')],
    ['facts: ~', 'facts: ~\nignore: []\n', ['facts:', ...simpleLines, 'ignore: []', ''].join('\n')],
    ['bare facts: with its comments', 'facts:\n  # add facts here\n\n# Ignored figures\nignore: []\n', ['facts:', '  # add facts here', ...simpleLines, '', '# Ignored figures', 'ignore: []', ''].join('\n')],
    ['no facts key', 'version: 1\nignore: []\n', ['version: 1', 'ignore: []', '', 'facts:', ...simpleLines, ''].join('\n')],
    ['no final newline', 'facts:\n  a:\n    unit: count\n    match: [a]', ['facts:', '  a:', '    unit: count', '    match: [a]', ...simpleLines].join('\n')],
    [
      'facts followed by comments and another key',
      'facts:\n  a: {unit: count, match: [a]}   # first\n  # more to come\n# Ignored figures\nignore: []\n',
      ['facts:', '  a: {unit: count, match: [a]}   # first', '  # more to come', ...simpleLines, '# Ignored figures', 'ignore: []', ''].join('\n'),
    ],
    [
      'blank lines between facts',
      'facts:\n  a: {unit: count, match: [a]}\n\n  # b\n  b: {unit: count, match: [a]}\n',
      ['facts:', '  a: {unit: count, match: [a]}', '', '  # b', '  b: {unit: count, match: [a]}', '', ...simpleLines, ''].join('\n'),
    ],
    [
      'four-space indentation',
      'facts:\n    a:\n        unit: count\n        match: [a]\n',
      ['facts:', '    a:', '        unit: count', '        match: [a]', '    x:', '        unit: count', '        match:', '            - [a]', ''].join('\n'),
    ],
    ['a flow facts mapping', 'facts: {a: {unit: count, match: [a]}}\n', 'facts: {a: {unit: count, match: [a]}, x: {unit: count, match: [[a]]}}\n'],
    ['a byte order mark', '\uFEFFfacts:\n  a: {unit: count, match: [a]}\n', ['\uFEFFfacts:', '  a: {unit: count, match: [a]}', ...simpleLines, ''].join('\n')],
    ['a byte order mark and no facts', '\uFEFFversion: 1\n', ['\uFEFFversion: 1', '', 'facts:', ...simpleLines, ''].join('\n')],
  ])('%s', (_name, before, expected) => {
    const { text, registry } = apply(before, insertFactEdit(before, simple));
    expect(text).toBe(expected);
    expect(registry.byId.get('x')).toMatchObject({ unit: 'count', match: [['a']] });
  });

  test('CRLF files get CRLF lines only', () => {
    const before = 'facts:\r\n  a: {unit: count, match: [a]}\r\nignore: []\r\n';
    const edit = insertFactEdit(before, simple);
    expect(edit.newText).toBe(['', ...simpleLines].join('\r\n'));
    const { text } = apply(before, edit);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('throws when facts is not a mapping it can add to', () => {
    expect(() => insertFactEdit('facts: [a, b]\n', simple)).toThrow(/"facts" in the registry is not a mapping/);
    expect(() => insertFactEdit('- a\n', simple)).toThrow(/not a block mapping/);
  });
});

describe('uniqueFactId', () => {
  const registry = parseRegistry('facts:\n  gpus: {unit: count, match: [a]}\n  gpus-2: {unit: count, match: [a]}\n  cost: {unit: dollars, match: [a]}\n');

  test('keeps a free id, numbers a taken one, and counts broken entries as taken', () => {
    expect(uniqueFactId(registry, 'deepseek-v3.training-gpus')).toBe('deepseek-v3.training-gpus');
    expect(uniqueFactId(registry, 'gpus')).toBe('gpus-3');
    expect(registry.byId.has('cost')).toBe(false);
    expect(uniqueFactId(registry, 'cost')).toBe('cost-2');
  });

  test('makes any text a valid id', () => {
    expect(uniqueFactId(registry, 'DeepSeek V3: Training GPUs!')).toBe('deepseek-v3-training-gpus');
    expect(uniqueFactId(registry, '深度求索')).toBe('fact');
    expect(uniqueFactId(registry, '--R1 发布--')).toBe('r1');
  });
});

describe('addMatchTermEdit', () => {
  const before = parseRegistry(commented);
  const matchOf = (registry: Registry, id: string) => registry.byId.get(id)!.match;

  test('a term into a flow group: one insertion before the bracket', () => {
    const edit = addMatchTermEdit(commented, 'deepseek-v3.training-gpus', 1, '显卡')!;
    expect(edit).toEqual({ span: { start: commented.indexOf(', H800]') + 6, end: commented.indexOf(', H800]') + 6 }, newText: ', 显卡' });
    const { text, registry } = apply(commented, edit);
    expect(text).toContain('      - [GPU, 芯片, H800, 显卡]\n');
    expect(matchOf(registry, 'deepseek-v3.training-gpus')).toEqual([
      ['DeepSeek', '深度求索'],
      ['GPU', '芯片', 'H800', '显卡'],
    ]);
    expectOthersUnchanged(before, registry, 'deepseek-v3.training-gpus');
  });

  test('a term that needs quoting in flow style', () => {
    const { text, registry } = apply(commented, addMatchTermEdit(commented, 'deepseek-v3.training-gpus', 0, 'DeepSeek, Inc.'));
    expect(text).toContain('      - [DeepSeek, 深度求索, "DeepSeek, Inc."]      # company names, both scripts\n');
    expect(matchOf(registry, 'deepseek-v3.training-gpus')[0]).toEqual(['DeepSeek', '深度求索', 'DeepSeek, Inc.']);
  });

  test('a one-term group written as a string becomes a flow list', () => {
    const edit = addMatchTermEdit(commented, 'deepseek-v3.training-cost', 0, '深度求索')!;
    expect(commented.slice(edit.span.start, edit.span.end)).toBe('DeepSeek');
    const { text, registry } = apply(commented, edit);
    expect(text).toContain('    match:\n      - [DeepSeek, 深度求索]\n      - [成本, cost, 訓練成本]   # traditional and simplified\n');
    expect(matchOf(registry, 'deepseek-v3.training-cost')).toEqual([['DeepSeek', '深度求索'], ['成本', 'cost', '訓練成本']]);
  });

  test('a new group in a block match list', () => {
    const { text, registry } = apply(commented, addMatchTermEdit(commented, 'deepseek-v3.training-cost', 'new', '训练'));
    expect(text).toContain('      - [成本, cost, 訓練成本]   # traditional and simplified\n      - [训练]\n    # status left as the default\n');
    expect(matchOf(registry, 'deepseek-v3.training-cost')).toEqual([['DeepSeek'], ['成本', 'cost', '訓練成本'], ['训练']]);
    expectOthersUnchanged(before, registry, 'deepseek-v3.training-cost');
  });

  test('a new group in a flow match list', () => {
    const { text, registry } = apply(commented, addMatchTermEdit(commented, 'nvidia.market-cap-loss', 'new', '股价'));
    expect(text).toContain('    match: [[Nvidia, 英伟达, 輝達], [市值, market], [股价]]\n');
    expect(matchOf(registry, 'nvidia.market-cap-loss')).toHaveLength(3);
  });

  test('a term into a block group', () => {
    const text = 'facts:\n  x:\n    unit: count\n    match:\n      -\n        - DeepSeek   # en\n      - - GPU\n';
    expect(apply(text, addMatchTermEdit(text, 'x', 0, '深度求索')).text).toBe(
      'facts:\n  x:\n    unit: count\n    match:\n      -\n        - DeepSeek   # en\n        - 深度求索\n      - - GPU\n',
    );
    expect(apply(text, addMatchTermEdit(text, 'x', 1, 'H800')).registry.byId.get('x')!.match).toEqual([['DeepSeek'], ['GPU', 'H800']]);
  });

  test('a first group where match is absent, empty or bare (the no-match warning goes away)', () => {
    expect(apply('facts:\n  x:\n    unit: count   # n\n', addMatchTermEdit('facts:\n  x:\n    unit: count   # n\n', 'x', 'new', 'GPU')).text).toBe(
      'facts:\n  x:\n    unit: count   # n\n    match:\n      - [GPU]\n',
    );
    expect(apply('facts:\n  x:\n    match: []\n    unit: count\n', addMatchTermEdit('facts:\n  x:\n    match: []\n    unit: count\n', 'x', 'new', 'GPU')).text).toBe(
      'facts:\n  x:\n    match: [[GPU]]\n    unit: count\n',
    );
    expect(apply('facts:\n  x:\n    match:\n    unit: count\n', addMatchTermEdit('facts:\n  x:\n    match:\n    unit: count\n', 'x', 'new', 'GPU')).text).toBe(
      'facts:\n  x:\n    match:\n      - [GPU]\n    unit: count\n',
    );
    expect(apply('facts:\n  x: {unit: count}\n', addMatchTermEdit('facts:\n  x: {unit: count}\n', 'x', 'new', 'GPU')).text).toBe(
      'facts:\n  x: {unit: count, match: [[GPU]]}\n',
    );
  });

  test('CRLF and four-space files keep their line endings and indentation', () => {
    const crlf = commented.replace(/\n/g, '\r\n');
    const edit = addMatchTermEdit(crlf, 'deepseek-v3.training-cost', 'new', '训练')!;
    expect(edit.newText).toBe('\r\n      - [训练]');
    expect(apply(crlf, edit).registry.byId.get('deepseek-v3.training-cost')!.match).toHaveLength(3);
    const wide = 'facts:\n    x:\n        unit: count\n';
    expect(apply(wide, addMatchTermEdit(wide, 'x', 'new', 'GPU')).text).toBe('facts:\n    x:\n        unit: count\n        match:\n            - [GPU]\n');
  });

  test('undefined when there is nothing to do or nowhere to do it', () => {
    expect(addMatchTermEdit(commented, 'no-such-fact', 0, 'x')).toBeUndefined();
    expect(addMatchTermEdit(commented, 'deepseek-v3.training-gpus', 5, 'x')).toBeUndefined();
    expect(addMatchTermEdit(commented, 'deepseek-v3.training-gpus', 0, '深度求索')).toBeUndefined();
    expect(addMatchTermEdit('facts:\n  a: {unit: count, match: &m [[x]]}\n  b: {unit: count, match: [*m]}\n', 'b', 0, 'y')).toBeUndefined();
    expect(addMatchTermEdit('not: [a registry', 'x', 'new', 'y')).toBeUndefined();
  });
});

describe('addIgnoreEdit', () => {
  test('appends to the list, after its comments', () => {
    const edit = addIgnoreEdit(commented, { file: 'articles/wire.md', text: '#1' });
    expect(edit.span.start).toBe(edit.span.end);
    expect(edit.newText).toBe('\n  - file: articles/wire.md\n    text: "#1"');
    const { text, registry } = apply(commented, edit);
    expect(text.endsWith('    text: 第5名\n  - file: articles/wire.md\n    text: "#1"\n')).toBe(true);
    expect(registry.ignores.map(({ file, text: figure }) => [file, figure])).toEqual([
      ['articles/deepseek.txt', '第5名'],
      ['articles/wire.md', '#1'],
    ]);
  });

  test.each([
    ['no ignore key', 'facts: {}\n', 'facts: {}\n\nignore:\n  - file: a.txt\n    text: 第5名\n'],
    ['an empty flow list', 'facts: {}\nignore: []   # none\n', 'facts: {}\nignore: # none\n  - file: a.txt\n    text: 第5名\n'],
    ['a bare key', 'facts: {}\nignore:\n', 'facts: {}\nignore:\n  - file: a.txt\n    text: 第5名\n'],
    ['a flow list', 'facts: {}\nignore: [{file: b.txt, text: "5"}]\n', 'facts: {}\nignore: [{file: b.txt, text: "5"}, {file: a.txt, text: 第5名}]\n'],
    ['a list at the key column', 'ignore:\n- file: b.txt\n  text: "5"\nfacts: {}\n', 'ignore:\n- file: b.txt\n  text: "5"\n- file: a.txt\n  text: 第5名\nfacts: {}\n'],
  ])('%s', (_name, before, expected) => {
    const { text, registry } = apply(before, addIgnoreEdit(before, { file: 'a.txt', text: '第5名' }));
    expect(text).toBe(expected);
    expect(registry.ignores.at(-1)).toMatchObject({ file: 'a.txt', text: '第5名' });
  });

  test('CRLF', () => {
    const before = 'facts: {}\r\nignore:\r\n  - file: b.txt\r\n    text: "5"\r\n';
    expect(apply(before, addIgnoreEdit(before, { file: 'a.txt', text: '5' })).text).toBe(`${before}  - file: a.txt\r\n    text: "5"\r\n`);
  });
});

describe('applyEdits', () => {
  test('applies edits computed on the same text together', () => {
    const edits = [
      insertFactEdit(commented, { id: 'new-fact', unit: 'count', match: [['x']] }),
      addMatchTermEdit(commented, 'deepseek-v3.training-gpus', 1, '显卡')!,
      addIgnoreEdit(commented, { file: 'b.txt', text: '3' }),
    ];
    const registry = parseRegistry(applyEdits(commented, edits));
    expect(registry.problems).toEqual([]);
    expect(registry.byId.has('new-fact')).toBe(true);
    expect(registry.byId.get('deepseek-v3.training-gpus')!.match[1]).toContain('显卡');
    expect(registry.ignores).toHaveLength(2);
  });

  test('keeps the given order for insertions at one offset, and refuses overlaps', () => {
    const at = (start: number, end: number, newText: string): TextEdit => ({ span: { start, end }, newText });
    expect(applyEdits('abcdef', [at(2, 2, 'X'), at(2, 2, 'Y'), at(4, 6, 'Z')])).toBe('abXYcdZ');
    expect(() => applyEdits('abcdef', [at(1, 4, 'X'), at(3, 5, 'Y')])).toThrow(/overlap/);
    expect(() => applyEdits('abc', [at(2, 9, 'X')])).toThrow(/overlap|outside/);
  });
});

describe('random content round-trips through every edit', () => {
  let seed = 2024;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const pool = ['a', 'Z', '9', ' ', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '-', '?', '\\', '\t', '\n', '训', '練', '😀', '５', '.'];
  const word = () => {
    let text = '';
    const length = 1 + random(8);
    for (let i = 0; i < length; i++) text += pool[random(pool.length)];
    return text.trim() === '' ? `x${text}` : text;
  };
  const bases = [commented, commented.replace(/\n/g, '\r\n'), fixture('minimal.yaml'), '', 'facts: {}\n', 'facts:\n    a:\n        unit: count\n        match: [[a]]\n'];

  test('insertFactEdit, addMatchTermEdit and addIgnoreEdit keep arbitrary strings exactly', () => {
    for (let round = 0; round < 100; round++) {
      const base = bases[round % bases.length];
      const fact: NewFact = {
        id: `f${round}`,
        claim: word(),
        value: random(2) ? random(1000) / 8 : '2025-01-29',
        unit: 'count',
        match: [[word(), word()], [word()]],
        sources: [{ title: word(), quote: word() }],
        note: word(),
      };
      if (fact.value === '2025-01-29') fact.unit = 'date';
      const inserted = apply(base, insertFactEdit(base, fact));
      expect(withoutLocation(inserted.registry.byId.get(fact.id)!)).toEqual({ ...fact, bound: 'exact', tolerance: 0, status: 'reported' });

      let term = word();
      while (fact.match.flat().includes(term)) term = word(); // an existing term is a no-op
      const group = random(3) === 2 ? 'new' : random(2);
      const added = apply(inserted.text, addMatchTermEdit(inserted.text, fact.id, group, term));
      const expected = fact.match.map((g) => [...g]);
      if (group === 'new') expected.push([term]);
      else expected[group].push(term);
      expect(added.registry.byId.get(fact.id)!.match).toEqual(expected);

      const ignore = { file: word(), text: word() };
      const ignored = apply(added.text, addIgnoreEdit(added.text, ignore));
      expect(ignored.registry.ignores.at(-1)).toMatchObject(ignore);
    }
  }, 20_000);
});
