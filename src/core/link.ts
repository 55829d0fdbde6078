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
      // A term inside the figure itself ("H800" is not inside, but "5万" could be a term) does not count.
      if (hit.span.start >= figure.span.start && hit.span.end <= figure.span.end) continue;
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
    let best: { c: Candidate; inClause: boolean; distance: number } | undefined;
    let clause: Span | undefined;
    for (const c of candidates.values()) {
      if (c.nearest.some((h) => h === undefined)) continue;
      clause ??= clauseAround(folded, figure.span);
      const cl = clause;
      const inClause = c.nearest.every((h) => h !== undefined && h.span.start >= cl.start && h.span.end <= cl.end);
      const distance = Math.max(...c.distances);
      if (!best || better(c, inClause, distance, best, this.facts)) best = { c, inClause, distance };
    }
    if (!best) return undefined;
    return { fact: this.facts[best.c.factIndex], terms: best.c.nearest.map((h) => (h as TermHit).span) };
  }
}

function better(
  c: Candidate,
  inClause: boolean,
  distance: number,
  best: { c: Candidate; inClause: boolean; distance: number },
  facts: readonly Fact[],
): boolean {
  if (inClause !== best.inClause) return inClause;
  if (distance !== best.distance) return distance < best.distance;
  const groups = facts[c.factIndex].match.length;
  const bestGroups = facts[best.c.factIndex].match.length;
  if (groups !== bestGroups) return groups > bestGroups;
  return c.factIndex < best.c.factIndex;
}
