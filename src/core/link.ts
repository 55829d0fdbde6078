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

/** A fact's match groups as numbered terms (see TermIndex.add), and the group a candidate starts from. */
interface FactTerms {
  groups: number[][];
}

export class FactLinker {
  private readonly index = new TermIndex();
  private readonly factTerms: FactTerms[] = [];
  /**
   * term → the facts whose key group holds it. A fact's key group is the one whose terms the
   * fewest facts share: a sentence naming DeepSeek does not wake every fact with DeepSeek in one
   * group, only those whose rarest group is present, so that linking a figure costs the same
   * however many facts share a common term.
   */
  private readonly keyFacts: number[][] = [];
  /** What `link` worked out from the last hits it saw: the figures of one sentence share them. */
  private sentence: SentenceTerms | undefined;

  constructor(private readonly facts: readonly Fact[]) {
    facts.forEach((fact, factIndex) => {
      const groups = fact.match.map((group, groupIndex) => {
        const ids = new Set<number>();
        for (const term of group) {
          const id = this.index.add(term, { fact: factIndex, group: groupIndex });
          if (id !== undefined) ids.add(id);
        }
        return [...ids].sort((a, b) => a - b);
      });
      this.factTerms.push({ groups });
    });
    // How many facts name each term, to find each fact's rarest group.
    const users = new Array<number>(this.index.size).fill(0);
    for (const { groups } of this.factTerms) for (const id of new Set(groups.flat())) users[id]++;
    for (let id = 0; id < this.index.size; id++) this.keyFacts.push([]);
    this.factTerms.forEach(({ groups }, factIndex) => {
      // A fact with no group, or a group with no term, can never be complete: it is never a candidate.
      if (groups.length === 0 || groups.some((g) => g.length === 0)) return;
      let key = groups[0];
      let keyCost = Infinity;
      for (const g of groups) {
        let cost = 0;
        for (const id of g) cost += users[id];
        if (cost < keyCost) {
          key = g;
          keyCost = cost;
        }
      }
      for (const id of key) this.keyFacts[id].push(factIndex);
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
    const terms = this.sentenceTerms(found);
    // Candidates: the unit-compatible facts whose key group is present.
    let candidates: number[] | undefined;
    for (const factIndex of terms.keyed) {
      if (!unitsCompatible(figure.unit, this.facts[factIndex].unit)) continue;
      (candidates ??= []).push(factIndex);
    }
    if (!candidates) return undefined;
    const start = figure.span.start;
    const end = figure.span.end;
    // The figure's clause, found when a candidate first needs it.
    let clause: Span | undefined;
    let best: Ranked | undefined;
    for (const factIndex of candidates) {
      const groups: GroupHit[] = [];
      let inClauseCount = 0;
      let distanceSum = 0;
      let complete = true;
      for (const group of this.factTerms[factIndex].groups) {
        const at = terms.hitsOf(group);
        if (at.length === 0) {
          complete = false;
          break;
        }
        // Every hit counts, not only the nearest: a group's term may stand both just before the
        // clause and inside it. Hits are taken in sentence order, so the first of equals wins.
        let g: GroupHit | undefined;
        for (const i of at) {
          const hit = found[i];
          const distance = hit.span.end <= start ? start - hit.span.end : Math.max(0, hit.span.start - end);
          clause ??= clauseAround(folded, figure.span);
          const inside = hit.span.start >= clause.start && hit.span.end <= clause.end;
          if (!g) {
            g = { hit, inClause: inside, hitDistance: distance, nearest: distance };
            continue;
          }
          g.nearest = Math.min(g.nearest, distance);
          if (inside !== g.inClause ? inside : distance < g.hitDistance) {
            g.hit = hit;
            g.inClause = inside;
            g.hitDistance = distance;
          }
        }
        const chosen = g as GroupHit;
        if (chosen.inClause) inClauseCount++;
        distanceSum += chosen.nearest;
        groups.push(chosen);
      }
      if (!complete) continue;
      const ranked: Ranked = { c: { factIndex, groups }, inClause: inClauseCount, distance: distanceSum, groups: groups.length };
      if (!best || better(ranked, best)) best = ranked;
    }
    if (!best) return undefined;
    return { fact: this.facts[best.c.factIndex], terms: best.c.groups.map((g) => (g as GroupHit).hit.span) };
  }

  private sentenceTerms(found: TermHit[]): SentenceTerms {
    if (this.sentence?.found !== found) this.sentence = new SentenceTerms(found, this.keyFacts);
    return this.sentence;
  }
}

/** The term hits of one sentence, arranged for linking its figures. */
class SentenceTerms {
  /** Facts whose key group has a hit, each once, in order of first hit. */
  readonly keyed: number[] = [];
  /** term → indexes of its hits in `found`, ascending. */
  private readonly byTerm = new Map<number, number[]>();
  /** Hits of each match group (as term lists) asked about so far. */
  private readonly byGroup = new Map<readonly number[], readonly number[]>();

  constructor(
    readonly found: TermHit[],
    keyFacts: readonly number[][],
  ) {
    const seen = new Set<number>();
    found.forEach((hit, i) => {
      const at = this.byTerm.get(hit.term);
      if (at) at.push(i);
      else this.byTerm.set(hit.term, [i]);
      for (const factIndex of keyFacts[hit.term]) {
        if (seen.has(factIndex)) continue;
        seen.add(factIndex);
        this.keyed.push(factIndex);
      }
    });
  }

  /** Indexes (into `found`, ascending) of the hits of any of a group's terms. */
  hitsOf(terms: readonly number[]): readonly number[] {
    if (terms.length === 1) return this.byTerm.get(terms[0]) ?? [];
    let result = this.byGroup.get(terms);
    if (!result) {
      const all: number[] = [];
      for (const id of terms) {
        const at = this.byTerm.get(id);
        if (at) all.push(...at);
      }
      result = all.sort((a, b) => a - b);
      this.byGroup.set(terms, result);
    }
    return result;
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
