// The corpus of broken registries (test/fixtures/registry-bad): each file says in its leading
// comments what must be reported, where, and which facts must still load:
//
//   # expect: <code> @ <line>:<column>      one line per problem (lines and columns from 1)
//   # expect-valid-facts: <n> (<id>, <id>…)
//
// The problems listed must be exactly the problems reported. Plus the cases too big to commit:
// a 20 MB registry, a registry at the size limit, and alias bombs.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/lineIndex';
import { MAX_ALIAS_COUNT, MAX_REGISTRY_LENGTH, parseRegistry } from '../../src/core/registry';
import type { Registry } from '../../src/core/registry';

/** CPU time of this process in milliseconds: other work on the machine does not count. */
function cpuTime(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const DIR = new URL('../fixtures/registry-bad/', import.meta.url);
const FIXTURES = readdirSync(DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

interface Expectation {
  problems: string[];
  validFacts: number;
  ids: string[];
}

/** The expectations in the comment lines that open the file (after a byte order mark). */
function expectations(text: string): Expectation {
  const header: string[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (!line.startsWith('#')) break;
    header.push(line);
  }
  const problems = header.flatMap((line) => {
    const m = /^# expect: ([a-z-]+) @ (\d+):(\d+)$/.exec(line);
    return m ? [`${m[1]} @ ${m[2]}:${m[3]}`] : [];
  });
  const valid = header.map((line) => /^# expect-valid-facts: (\d+)(?: \((.*)\))?$/.exec(line)).find((m) => m);
  if (!valid) throw new Error('no "# expect-valid-facts:" line in the leading comments');
  return { problems, validFacts: Number(valid[1]), ids: valid[2] ? valid[2].split(', ') : [] };
}

/** What was reported, in the same form: `code @ line:column`, 1-based like the command line. */
function reported(text: string, registry: Registry): string[] {
  const lines = new LineIndex(text);
  return registry.problems.map((p) => {
    const { line, character } = lines.positionAt(p.span.start);
    return `${p.code} @ ${line + 1}:${character + 1}`;
  });
}

function expectSpansInside(text: string, registry: Registry): void {
  for (const p of registry.problems) {
    expect(p.span.start).toBeGreaterThanOrEqual(0);
    expect(p.span.start).toBeLessThanOrEqual(p.span.end);
    expect(p.span.end).toBeLessThanOrEqual(text.length);
    expect(p.message.trim()).not.toBe('');
  }
}

describe('the corpus of broken registries', () => {
  it('holds at least 30 files, each with an expectation and at least one problem or a tolerated oddity', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(30);
    for (const name of FIXTURES) {
      const text = readFileSync(new URL(name, DIR), 'utf8');
      expect(() => expectations(text), name).not.toThrow();
    }
  });

  it.each(FIXTURES)('%s: the expected problems, at the expected places, and the valid facts still load', (name) => {
    const text = readFileSync(new URL(name, DIR), 'utf8');
    const expected = expectations(text);
    let registry: Registry | undefined;
    expect(() => (registry = parseRegistry(text))).not.toThrow();
    expectSpansInside(text, registry!);
    expect(reported(text, registry!).sort()).toEqual([...expected.problems].sort());
    expect(registry!.facts).toHaveLength(expected.validFacts);
    expect(registry!.facts.map((f) => f.id)).toEqual(expected.ids);
    // Every problem a fact has keeps it out; a fact that loads has none of its own errors.
    for (const fact of registry!.facts) {
      const entry = text.indexOf(`${fact.id}:`, fact.location.start);
      expect(entry, `${fact.id} points at its entry`).toBe(fact.location.start);
    }
  });

  it('an error is never silent: each file with a fact that does not load reports an error', () => {
    for (const name of FIXTURES) {
      const text = readFileSync(new URL(name, DIR), 'utf8');
      const registry = parseRegistry(text);
      const ids = [...(registry.allIds ?? [])];
      const lost = ids.filter((id) => !registry.byId.has(id));
      if (lost.length > 0) expect(registry.problems.some((p) => p.severity === 'error'), `${name}: ${lost.join(', ')}`).toBe(true);
    }
  });
});

describe('registries too big to commit', () => {
  const fact = (i: number) => `  fact-${i}:\n    claim: "DeepSeek 用2048颗 H800 训练 V3 (${i})"\n    value: ${i}\n    unit: count\n    match: [[DeepSeek], [GPU, H800]]\n`;

  it('a 20 MB registry is reported as too large, at once, without reading it', () => {
    const parts = ['facts:\n'];
    let length = parts[0].length;
    for (let i = 0; length < 20_000_000; i++) {
      parts.push(fact(i));
      length += parts[parts.length - 1].length;
    }
    const text = parts.join('');
    expect(text.length).toBeGreaterThanOrEqual(20_000_000);
    // Refusing must cost no more than a small registry of the same facts (no parse happens).
    const small = parts.slice(0, 200).join('');
    let started = cpuTime();
    parseRegistry(small);
    const smallTime = cpuTime() - started;
    started = cpuTime();
    const registry = parseRegistry(text);
    const bigTime = cpuTime() - started;
    expect(registry.problems).toEqual([expect.objectContaining({ code: 'too-large', severity: 'error', span: { start: 0, end: 1 } })]);
    expect(registry.problems[0].message).toMatch(/20\.0 million characters/);
    expect(registry.facts).toEqual([]);
    expect(bigTime).toBeLessThan(Math.max(50, 20 * smallTime));
  }, 30_000);

  it('a registry exactly at the size limit is read in full; one character more is refused', () => {
    // Long claims: fewer nodes for the YAML parser, the same number of characters.
    const long = (i: number) => fact(i).replace('(', `${'深度求索'.repeat(400)} (`);
    const parts = ['facts:\n'];
    let length = parts[0].length;
    let i = 0;
    while (length + long(i).length <= MAX_REGISTRY_LENGTH - 2) {
      parts.push(long(i));
      length += long(i++).length;
    }
    const text = parts.join('') + '#'.padEnd(MAX_REGISTRY_LENGTH - length - 1, '#') + '\n';
    expect(text.length).toBe(MAX_REGISTRY_LENGTH);
    const registry = parseRegistry(text);
    expect(registry.problems).toEqual([]);
    expect(registry.facts).toHaveLength(i);
    expect(registry.facts[i - 1]).toMatchObject({ id: `fact-${i - 1}`, value: i - 1 });
    expect(parseRegistry(`${text} `).problems.map((p) => p.code)).toEqual(['too-large']);
  }, 60_000);
});

describe('alias bombs', () => {
  /** `levels` anchors, each a list of `width` aliases to the one before: width^levels expansions. */
  const bomb = (levels: number, width: number) => {
    const rows = ['l0: &l0 [lol]'];
    for (let i = 1; i <= levels; i++) rows.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
    return [...rows, 'facts:', '  ok: {unit: count, match: [[a]]}', `  bomb: {unit: count, match: *l${levels}}`, ''].join('\n');
  };

  it('the committed billion laughs is reported at the alias that crosses the limit, and the rest loads', () => {
    const text = readFileSync(new URL('billion-laughs.yaml', DIR), 'utf8');
    const registry = parseRegistry(text);
    const first = registry.problems.find((p) => p.code === 'alias-limit')!;
    expect(text.slice(first.span.start, first.span.end)).toBe('*lol4');
    expect(first.message).toContain(`limit ${MAX_ALIAS_COUNT}`);
    expect(registry.facts.map((f) => f.id)).toEqual(['ok.valid']);
  });

  it('a bomb of 10^60 expansions costs what the same file with plain lists costs', () => {
    const text = bomb(60, 10);
    const plain = text.replace(/\*l\d+/g, 'x');
    const time = (t: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = cpuTime();
        parseRegistry(t);
        best = Math.min(best, cpuTime() - started);
      }
      return best;
    };
    time(plain); // warm up
    const registry = parseRegistry(text);
    expect(registry.problems.filter((p) => p.code === 'alias-limit').length).toBeGreaterThanOrEqual(2);
    expect(registry.facts.map((f) => f.id)).toEqual(['ok']);
    expect(time(text)).toBeLessThan(5 * time(plain) + 20);
  });

  it('many aliases, each small, are not refused: the limit is per alias, not per file', () => {
    const rows = ['t: &t [DeepSeek]', 'facts:'];
    for (let i = 0; i < 500; i++) rows.push(`  f${i}: {unit: count, match: [*t]}`);
    const registry = parseRegistry(rows.join('\n'));
    expect(registry.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(registry.facts).toHaveLength(500);
    expect(registry.facts[499].match).toEqual([['DeepSeek']]);
  });
});
