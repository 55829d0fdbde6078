// FactLinker: which registry fact a figure speaks of. Each figure's sentence is searched once
// through the term index, so linking costs the same whether the registry has 10 facts or 10,000.
import { clauseAround, sentenceAround } from './sentences';
import { TermIndex, type TermHit } from './terms';
import { unitsCompatible } from './intervals';
import type { Fact, Figure, Span } from './types';

export interface FactLink {
  fact: Fact;
  /** Where each match group was found, one span per group. */
  terms: Span[];
}

interface Candidate {
  factIndex: number;
  /** Nearest hit of each group. */
  nearest: (TermHit | undefined)[];
  distances: number[];
}

export class FactLinker {
  private readonly index = new TermIndex();

  constructor(private readonly facts: readonly Fact[]) {
    facts.forEach((fact, factIndex) => {
      fact.match.forEach((group, groupIndex) => {
        for (const term of group) this.index.add(term, { fact: factIndex, group: groupIndex });
      });
    });
  }

  /** Term hits of a sentence; reuse them for every figure of the sentence. */
  termsIn(folded: string, sentence: Span): TermHit[] {
    return this.index.find(folded, sentence);
  }

  /**
   * The fact a figure links to: unit compatible, every match group present in the sentence.
   * Facts whose terms all stand in the figure's clause win; then the nearest terms; then the
   * more specific fact (more groups); then registry order.
   */
  link(folded: string, figure: Figure, sentence: Span = sentenceAround(folded, figure.span), hits?: TermHit[]): FactLink | undefined {
    const found = hits ?? this.termsIn(folded, sentence);
    if (found.length === 0) return undefined;
    const candidates = new Map<number, Candidate>();
    for (const hit of found) {
      const distance = hit.span.end <= figure.span.start ? figure.span.start - hit.span.end : Math.max(0, hit.span.start - figure.span.end);
      for (const ref of hit.refs) {
        const fact = this.facts[ref.fact];
        if (!unitsCompatible(figure.unit, fact.unit)) continue;
        let c = candidates.get(ref.fact);
        if (!c) {
          c = { factIndex: ref.fact, nearest: new Array(fact.match.length).fill(undefined), distances: new Array(fact.match.length).fill(Infinity) };
          candidates.set(ref.fact, c);
        }
        if (distance < c.distances[ref.group]) {
          c.distances[ref.group] = distance;
          c.nearest[ref.group] = hit;
        }
      }
    }
    let best: Ranked | undefined;
    let clause: Span | undefined;
    for (const c of candidates.values()) {
      if (c.nearest.some((h) => h === undefined)) continue;
      clause ??= clauseAround(folded, figure.span);
      const cl = clause;
      const inClause = c.nearest.filter((h) => h !== undefined && h.span.start >= cl.start && h.span.end <= cl.end).length;
      const distance = c.distances.reduce((sum, d) => sum + d, 0);
      const ranked = { c, inClause, distance, groups: c.nearest.length };
      if (!best || better(ranked, best)) best = ranked;
    }
    if (!best) return undefined;
    return { fact: this.facts[best.c.factIndex], terms: best.c.nearest.map((h) => (h as TermHit).span) };
  }
}

interface Ranked {
  c: Candidate;
  /** How many match groups have their nearest term in the figure's own clause. */
  inClause: number;
  /** Sum of the distances from the figure to each group's nearest term. */
  distance: number;
  groups: number;
}

function better(a: Ranked, b: Ranked): boolean {
  // A fact wholly in the clause beats one partly in it, which beats one outside it.
  const aAll = a.inClause === a.groups;
  const bAll = b.inClause === b.groups;
  if (aAll !== bAll) return aAll;
  if (a.inClause !== b.inClause) return a.inClause > b.inClause;
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.groups !== b.groups) return a.groups > b.groups;
  return a.c.factIndex < b.c.factIndex;
}
