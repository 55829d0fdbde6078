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

/** A fact's match groups as numbered terms (see TermIndex.add), and the group a candidate starts from. */
interface FactTerms {
  groups: number[][];
}

export class FactLinker {
  private readonly index = new TermIndex();
  private readonly factTerms: FactTerms[] = [];
  /** Scratch for link(): the hit chosen for each group of the candidate at hand, and of the best. */
  private chosen = new Int32Array(8);
  private bestChosen = new Int32Array(8);
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
      if (groups.length > this.chosen.length) {
        this.chosen = new Int32Array(groups.length);
        this.bestChosen = new Int32Array(groups.length);
      }
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
    const start = figure.span.start;
    const end = figure.span.end;
    // The figure's clause, found when a candidate first needs it.
    let clause: Span | undefined;
    // The best candidate so far, and the hit chosen for each of its groups. No object per
    // candidate or group: this runs for every figure, with every fact whose key group is present.
    let best = -1;
    let bestInClause = 0;
    let bestDistance = 0;
    let bestGroups = 0;
    const chosen = this.chosen;
    const bestChosen = this.bestChosen;
    // Candidates: the unit-compatible facts whose key group is present.
    for (const factIndex of terms.keyed) {
      if (!unitsCompatible(figure.unit, this.facts[factIndex].unit)) continue;
      const groups = this.factTerms[factIndex].groups;
      let inClauseCount = 0;
      let distanceSum = 0;
      let complete = true;
      for (let g = 0; g < groups.length; g++) {
        const at = terms.hitsOf(groups[g]);
        if (at.length === 0) {
          complete = false;
          break;
        }
        // Every hit counts, not only the nearest: a group's term may stand both just before the
        // clause and inside it. Hits are taken in sentence order, so the first of equals wins.
        let hitIndex = -1;
        let inClause = false;
        let hitDistance = 0;
        let nearest = 0;
        for (const i of at) {
          const span = found[i].span;
          const distance = span.end <= start ? start - span.end : Math.max(0, span.start - end);
          clause ??= clauseAround(folded, figure.span);
          const inside = span.start >= clause.start && span.end <= clause.end;
          if (hitIndex < 0) {
            hitIndex = i;
            inClause = inside;
            hitDistance = nearest = distance;
            continue;
          }
          if (distance < nearest) nearest = distance;
          if (inside !== inClause ? inside : distance < hitDistance) {
            hitIndex = i;
            inClause = inside;
            hitDistance = distance;
          }
        }
        if (inClause) inClauseCount++;
        distanceSum += nearest;
        chosen[g] = hitIndex;
      }
      if (!complete) continue;
      if (best >= 0 && !better(inClauseCount, distanceSum, groups.length, factIndex, bestInClause, bestDistance, bestGroups, best)) continue;
      best = factIndex;
      bestInClause = inClauseCount;
      bestDistance = distanceSum;
      bestGroups = groups.length;
      for (let g = 0; g < groups.length; g++) bestChosen[g] = chosen[g];
    }
    if (best < 0) return undefined;
    const spans: Span[] = new Array<Span>(bestGroups);
    for (let g = 0; g < bestGroups; g++) spans[g] = found[bestChosen[g]].span;
    return { fact: this.facts[best], terms: spans };
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


/** Whether candidate a ranks above candidate b (each: groups in the clause, distance, groups, registry order). */
function better(aInClause: number, aDistance: number, aGroups: number, aFact: number, bInClause: number, bDistance: number, bGroups: number, bFact: number): boolean {
  // A fact wholly in the clause beats one partly in it, which beats one outside it.
  const aAll = aInClause === aGroups;
  const bAll = bInClause === bGroups;
  if (aAll !== bAll) return aAll;
  if (aInClause !== bInClause) return aInClause > bInClause;
  if (aDistance !== bDistance) return aDistance < bDistance;
  if (aGroups !== bGroups) return aGroups > bGroups;
  return aFact < bFact;
}
