// The sorted structures behind cross-article conflicts are kept current edit by edit; these
// randomized tests check that the result is always the one a fresh build gives.
import { describe, expect, it } from 'vitest';
import { BlockList, FactClaims, type IndexedClaim } from '../../src/core/claims';
import type { Interval } from '../../src/core/intervals';
import { parseRegistry } from '../../src/core/registry';
import type { Figure } from '../../src/core/types';
import { WorkspaceIndex } from '../../src/core/workspace';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('BlockList', () => {
  it('answers like a plain sorted array through random inserts and removals', () => {
    const random = seeded(11);
    type Item = { key: number; id: number };
    const compare = (a: Item, b: Item) => a.key - b.key || a.id - b.id;
    const open = (x: Item) => x.id % 3 === 0;
    let plain: Item[] = [];
    for (let i = 0; i < 700; i++) plain.push({ key: Math.floor(random() * 50), id: i });
    plain.sort(compare);
    const list = new BlockList(compare, open, plain);
    let next = plain.length;
    for (let step = 0; step < 3000; step++) {
      // Phases of growth and shrinkage, so that blocks split and empty.
      const grow = Math.floor(step / 500) % 2 === 0;
      if ((grow ? random() < 0.7 : random() < 0.2) || plain.length === 0) {
        const item = { key: Math.floor(random() * 50), id: next++ };
        list.insert(item);
        plain.push(item);
        plain.sort(compare);
      } else {
        const item = plain[Math.floor(random() * plain.length)];
        expect(list.remove(item)).toBe(true);
        plain = plain.filter((x) => x !== item);
      }
      if (step % 97 !== 0) continue;
      expect(list.length).toBe(plain.length);
      let openCount = 0;
      for (let i = 0; i < plain.length; i++) {
        expect(list.at(i)).toBe(plain[i]);
        expect(list.openBefore(i)).toBe(openCount);
        if (open(plain[i])) openCount++;
      }
      expect(list.openBefore(plain.length)).toBe(openCount);
      for (const key of [-1, 0, 7, 25, 49, 50]) {
        expect(list.lowerBound((x) => x.key, key)).toBe(plain.findIndex((x) => x.key >= key) === -1 ? plain.length : plain.findIndex((x) => x.key >= key));
      }
    }
    expect(list.remove({ key: 1, id: -1 })).toBe(false);
  });
});

describe('FactClaims kept current', () => {
  const ENDS = [-Infinity, 0, 1, 2, 2 + 1e-12, 3, 5, 8, Infinity];
  function interval(random: () => number): Interval {
    const a = ENDS[Math.floor(random() * (ENDS.length - 1))];
    const b = ENDS[1 + Math.floor(random() * (ENDS.length - 1))];
    const [min, max] = a <= b ? [a, b] : [b, a];
    return { min, max, minOpen: random() < 0.3, maxOpen: random() < 0.3 };
  }
  function claim(path: string, start: number, random: () => number): IndexedClaim {
    const figure: Figure = { span: { start, end: start + 1 }, text: 'x', unit: 'count', value: null, min: null, max: null, bound: 'range', qualifier: null, qualifierKind: null };
    // Now and then an incomparable claim: none, or an empty interval.
    const r = random();
    return { path, figure, interval: r < 0.05 ? undefined : r < 0.08 ? { min: 3, max: 1 } : interval(random) };
  }
  const summary = (claims: FactClaims<Figure>, path: string, a: Interval) => {
    const d = claims.disagreeing(path, a, 5);
    return d && { count: d.count, claims: d.claims.map((c) => `${c.path}@${c.figure.span.start}`) };
  };

  it('gives the same disagreements as claims indexed afresh, through random edits', () => {
    const random = seeded(5);
    const live = new FactClaims<Figure>();
    const current = new Map<string, IndexedClaim[]>();
    const setPath = (path: string) => {
      live.deletePath(path);
      // Mostly a few claims an article, now and then many (scanned or sorted: both must agree).
      const list = Array.from({ length: Math.floor(random() * (random() < 0.2 ? 40 : 12)) }, (_, i) => claim(path, i * 10, random));
      for (const c of list) live.add(c);
      if (list.length) current.set(path, list);
      else current.delete(path);
    };
    for (let p = 0; p < 120; p++) setPath(`p${p}`);
    for (let step = 0; step < 400; step++) {
      const r = random();
      if (r < 0.5) setPath(`p${Math.floor(random() * 140)}`);
      else if (r < 0.6) {
        const path = `p${Math.floor(random() * 140)}`;
        live.deletePath(path);
        current.delete(path);
      }
      if (step % 4 !== 0) continue;
      const fresh = new FactClaims<Figure>();
      const paths = [...current.keys()].sort(() => random() - 0.5);
      for (const path of paths) for (const c of current.get(path) ?? []) fresh.add(c);
      for (let q = 0; q < 6; q++) {
        const path = `p${Math.floor(random() * 140)}`;
        const a = interval(random);
        expect(summary(live, path, a)).toEqual(summary(fresh, path, a));
      }
    }
  });
});

describe('re-indexing one article', () => {
  const REGISTRY = `facts:
  v3.cost:
    value: 5576000
    unit: USD
    match:
      - [DeepSeek, V3]
      - [成本, cost]
  r1.users:
    unit: count
    match:
      - [R1]
      - [用户, users]
  v3.gpus:
    value: 2048
    unit: count
    bound: at-least
    match:
      - [V3]
      - [GPU, 芯片]
  essay.date:
    value: "2025-01-29"
    unit: date
    match:
      - [Amodei]
      - [essay, 发文]
`;
  const SENTENCES = [
    (n: number) => `DeepSeek V3 的训练成本为${n}万美元。`,
    (n: number) => `R1 有${n}万用户。`,
    (n: number) => `R1 has more than ${n} million users.`,
    (n: number) => `V3 用了约${n * 100}块 GPU 芯片。`,
    (n: number) => `Amodei's essay came out on January ${20 + (n % 10)}, 2025.`,
    (n: number) => `V3 cost about $${n} million.`,
    (n: number) => `Nothing here but ${n} apples.`,
  ];
  function article(random: () => number): string {
    const lines: string[] = [];
    const count = Math.floor(random() * 6);
    for (let i = 0; i < count; i++) lines.push(SENTENCES[Math.floor(random() * SENTENCES.length)](1 + Math.floor(random() * 8) * 50));
    return lines.join('\n');
  }
  const everything = (index: WorkspaceIndex) => index.paths().map((p) => [p, index.diagnostics(p), index.get(p)?.figures]);

  it('leaves exactly the diagnostics a fresh index of the same articles gives', () => {
    const random = seeded(23);
    const registry = parseRegistry(REGISTRY);
    const index = new WorkspaceIndex(registry, { registryPath: 'facts.yaml' });
    const texts = new Map<string, string>();
    for (let d = 0; d < 40; d++) {
      texts.set(`d${d}.md`, article(random));
      index.update(`d${d}.md`, texts.get(`d${d}.md`) as string);
    }
    everything(index);
    for (let step = 0; step < 60; step++) {
      const path = `d${Math.floor(random() * 45)}.md`;
      if (random() < 0.15) {
        index.remove(path);
        texts.delete(path);
      } else {
        texts.set(path, article(random));
        index.update(path, texts.get(path) as string);
      }
      // Sometimes ask only about the edited article, as the editor does between full passes.
      if (random() < 0.5) index.diagnostics(path);
      if (step % 3 !== 0) continue;
      const fresh = new WorkspaceIndex(registry, { registryPath: 'facts.yaml' });
      for (const p of index.paths()) fresh.update(p, texts.get(p) as string);
      expect(everything(index)).toEqual(everything(fresh));
    }
    expect(texts.size).toBeGreaterThan(30);
  });
});
