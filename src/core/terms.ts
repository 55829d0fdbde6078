// An index of every registry match term, so that finding the facts a sentence mentions costs the
// sentence's length, not the number of facts.
import { foldTerm } from './fold';
import type { Span } from './types';

export interface TermRef {
  fact: number;
  group: number;
}

export interface TermHit {
  span: Span;
  refs: readonly TermRef[];
  /** The folded term found, as numbered by `TermIndex.add`. */
  term: number;
}

/**
 * A node of the term trie. Made with every field (one shape), and with its only child kept apart:
 * most nodes of a trie of words have one, and a compare is cheaper than a Map lookup.
 */
interface TrieNode {
  next: Map<number, TrieNode>;
  /** The code unit of the only child; NO_CHILD or SEVERAL_CHILDREN (then look in `next`). */
  only: number;
  onlyNode: TrieNode | undefined;
  refs: TermRef[] | undefined;
  term: string | undefined;
  id: number | undefined;
}

const NO_CHILD = -1;
const SEVERAL_CHILDREN = -2;

function trieNode(): TrieNode {
  return { next: new Map(), only: NO_CHILD, onlyNode: undefined, refs: undefined, term: undefined, id: undefined };
}

/** Slot of a pair of code units in TermIndex.pairs (a filter: different pairs may share one). */
function pairSlot(first: number, second: number): number {
  return (first * 31 + second) & 0xffff;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Two characters that would glue into one word or one number: "GPU"+"s" is fine, "R1"+"0" is not. */
function glued(a: number, b: number): boolean {
  return (isAsciiLetter(a) && isAsciiLetter(b)) || (isAsciiDigit(a) && isAsciiDigit(b));
}

/** Longest letter run taken as a model suffix (GPT-4o, MI300X, H100NVL is not one). */
const MAX_VARIANT_SUFFIX = 2;

/** Whether a term ending before `end` of the folded text ends there as a word, not inside a longer name. */
function endsWord(folded: string, end: number): boolean {
  const last = folded.charCodeAt(end - 1);
  const after = folded.charCodeAt(end); // NaN past the end
  if (isAsciiLetter(last)) {
    // Plural "GPUs" still names "GPU".
    return !isAsciiLetter(after) || (after === 115 && !isAsciiLetter(folded.charCodeAt(end + 1)));
  }
  if (!isAsciiDigit(last)) return true;
  // A model name: R1 is not R10, V3 is not V3.1, GPT-4 is not GPT-4o, MI300 is not MI300X.
  if (isAsciiDigit(after)) return false;
  if (after === 46 && isAsciiDigit(folded.charCodeAt(end + 1))) return false;
  let letters = 0;
  while (letters <= MAX_VARIANT_SUFFIX && isAsciiLetter(folded.charCodeAt(end + letters))) letters++;
  if (letters === 0) return true;
  // Chinese articles glue the noun to the name (H800GPU), and "H800s" is a plural.
  return letters > MAX_VARIANT_SUFFIX || (letters === 1 && after === 115);
}

export class TermIndex {
  private readonly root: TrieNode = trieNode();
  /** The root's children by code unit, as 1 + an index into `firsts` (0: no term starts so). */
  private readonly rootIndex = new Int32Array(65536);
  private readonly firsts: TrieNode[] = [];
  /**
   * Non-zero where a term of two or more code units may start with that pair (see pairSlot): most
   * code units that start a term (中, 美, 模…) are not followed by its second, and this tells so
   * without walking the trie.
   */
  private readonly pairs = new Uint8Array(65536);
  private terms = 0;

  /** How many distinct folded terms the index holds; `add` numbers them from 0. */
  get size(): number {
    return this.terms;
  }

  /**
   * Adds a term (folded here) for a fact's match group, and returns the folded term's number
   * (the same for every term that folds alike). Empty terms are ignored: undefined.
   */
  add(term: string, ref: TermRef): number | undefined {
    const folded = foldTerm(term);
    if (!folded) return undefined;
    let node = this.root;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = trieNode();
        node.next.set(c, child);
        if (node.only === NO_CHILD) {
          node.only = c;
          node.onlyNode = child;
        } else {
          node.only = SEVERAL_CHILDREN;
          node.onlyNode = undefined;
        }
      }
      node = child;
    }
    if (folded.length >= 2) this.pairs[pairSlot(folded.charCodeAt(0), folded.charCodeAt(1))] = 1;
    node.term = folded;
    node.id ??= this.terms++;
    (node.refs ??= []).push(ref);
    const first = folded.charCodeAt(0);
    if (this.rootIndex[first] === 0) {
      this.firsts.push(this.root.next.get(first) as TrieNode);
      this.rootIndex[first] = this.firsts.length;
    }
    return node.id;
  }

  /**
   * Every term occurrence inside `span` of the folded text, respecting word edges of Latin terms.
   * No occurrence touches an `excluded` span (sorted, non-overlapping): a URL or code is not prose.
   */
  find(folded: string, span: Span, excluded: readonly Span[] = []): TermHit[] {
    const hits: TermHit[] = [];
    // The first excluded span not wholly before the search, found by bisection: a document may
    // have many, and every sentence is searched.
    let k = 0;
    for (let hi = excluded.length; k < hi; ) {
      const mid = (k + hi) >> 1;
      if (excluded[mid].end <= span.start) k = mid + 1;
      else hi = mid;
    }
    let i = span.start;
    while (i < span.end) {
      while (k < excluded.length && excluded[k].end <= i) k++;
      const gapStart = k < excluded.length ? excluded[k].start : Infinity;
      if (gapStart <= i) {
        i = excluded[k].end;
        continue;
      }
      // A stretch free of excluded text: no term may run into the next gap.
      const limit = Math.min(span.end, gapStart);
      const rootIndex = this.rootIndex;
      for (; i < limit; i++) {
        const first = folded.charCodeAt(i);
        const index = rootIndex[first];
        if (index === 0) continue;
        let node: TrieNode | undefined = this.firsts[index - 1];
        // No one-character term here, and no term goes on with the next code unit: nothing to walk.
        if (node.refs === undefined && (i + 1 >= limit || this.pairs[pairSlot(first, folded.charCodeAt(i + 1))] === 0)) continue;
        if (i > 0 && glued(folded.charCodeAt(i - 1), first)) continue;
        for (let j = i; ; ) {
          if (node.refs !== undefined && endsWord(folded, j + 1)) hits.push({ span: { start: i, end: j + 1 }, refs: node.refs, term: node.id as number });
          if (++j >= limit) break;
          const c: number = folded.charCodeAt(j);
          node = node.only === c ? node.onlyNode : node.only === SEVERAL_CHILDREN ? node.next.get(c) : undefined;
          if (node === undefined) break;
        }
      }
    }
    return hits;
  }
}
