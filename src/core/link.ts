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

interface GroupHit {
  /** The nearest hit in the figure's clause, else the nearest hit. */
  hit: TermHit;
  inClause: boolean;
  /** Distance of the chosen hit. */
  hitDistance: number;
  /** Distance of the nearest hit, in the clause or not. */
  nearest: number;
}

interface Candidate {
  factIndex: number;
  groups: (GroupHit | undefined)[];
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

  /** Term hits of a sentence, none inside `excluded` spans (sorted); reuse them for every figure of the sentence. */
  termsIn(folded: string, sentence: Span, excluded: readonly Span[] = []): TermHit[] {
    return this.index.find(folded, sentence, excluded);
  }

  /**
   * The fact a figure links to: unit compatible, every match group present in the sentence.
   * Facts with a term of every group in the figure's clause win; then those with more groups
   * there; then the nearest terms; then the more specific fact (more groups); then registry order.
   */
  link(folded: string, figure: Figure, sentence: Span = sentenceAround(folded, figure.span), hits?: TermHit[]): FactLink | undefined {
    const found = hits ?? this.termsIn(folded, sentence);
    if (found.length === 0) return undefined;
    const candidates = new Map<number, Candidate>();
    let clause: Span | undefined;
    for (const hit of found) {
      const distance = hit.span.end <= figure.span.start ? figure.span.start - hit.span.end : Math.max(0, hit.span.start - figure.span.end);
      let inClause: boolean | undefined;
      for (const ref of hit.refs) {
        const fact = this.facts[ref.fact];
        if (!unitsCompatible(figure.unit, fact.unit)) continue;
        if (inClause === undefined) {
          clause ??= clauseAround(folded, figure.span);
          inClause = hit.span.start >= clause.start && hit.span.end <= clause.end;
        }
        let c = candidates.get(ref.fact);
        if (!c) {
          c = { factIndex: ref.fact, groups: new Array(fact.match.length).fill(undefined) };
          candidates.set(ref.fact, c);
        }
        // Every hit counts, not only the nearest: a group's term may stand both just before the
        // clause and inside it.
        const g = c.groups[ref.group];
        if (!g) {
          c.groups[ref.group] = { hit, inClause, hitDistance: distance, nearest: distance };
          continue;
        }
        g.nearest = Math.min(g.nearest, distance);
        if (inClause !== g.inClause ? inClause : distance < g.hitDistance) {
          g.hit = hit;
          g.inClause = inClause;
          g.hitDistance = distance;
        }
      }
    }
    let best: Ranked | undefined;
    for (const c of candidates.values()) {
      let inClause = 0;
      let distance = 0;
      let complete = true;
      for (const g of c.groups) {
        if (!g) {
          complete = false;
          break;
        }
        if (g.inClause) inClause++;
        distance += g.nearest;
      }
      if (!complete) continue;
      const ranked = { c, inClause, distance, groups: c.groups.length };
      if (!best || better(ranked, best)) best = ranked;
    }
    if (!best) return undefined;
    return { fact: this.facts[best.c.factIndex], terms: best.c.groups.map((g) => (g as GroupHit).hit.span) };
  }
}

interface Ranked {
  c: Candidate;
  /** How many match groups have a term in the figure's own clause. */
  inClause: number;
  /** Sum of the distances from the figure to each group's nearest term, in the clause or not. */
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
