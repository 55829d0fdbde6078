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
}

interface TrieNode {
  next: Map<number, TrieNode>;
  refs?: TermRef[];
  term?: string;
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

export class TermIndex {
  private readonly root: TrieNode = { next: new Map() };
  private readonly firstChars = new Set<number>();

  /** Adds a term (folded here) for a fact's match group. Empty terms are ignored. */
  add(term: string, ref: TermRef): void {
    const folded = foldTerm(term);
    if (!folded) return;
    let node = this.root;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map() };
        node.next.set(c, child);
      }
      node = child;
    }
    node.term = folded;
    (node.refs ??= []).push(ref);
    this.firstChars.add(folded.charCodeAt(0));
  }

  /** Every term occurrence inside `span` of the folded text, respecting word edges of Latin terms. */
  find(folded: string, span: Span): TermHit[] {
    const hits: TermHit[] = [];
    for (let i = span.start; i < span.end; i++) {
      const first = folded.charCodeAt(i);
      if (!this.firstChars.has(first)) continue;
      if (i > 0 && glued(folded.charCodeAt(i - 1), first)) continue;
      let node: TrieNode | undefined = this.root;
      for (let j = i; j < span.end && node; j++) {
        node = node.next.get(folded.charCodeAt(j));
        if (node?.refs) {
          const last = folded.charCodeAt(j);
          const after = j + 1 < folded.length ? folded.charCodeAt(j + 1) : 0;
          // Plural "GPUs" still names "GPU".
          const plural = after === 115 && isAsciiLetter(last) && !isAsciiLetter(folded.charCodeAt(j + 2));
          if (!glued(last, after) || plural) hits.push({ span: { start: i, end: j + 1 }, refs: node.refs });
        }
      }
    }
    return hits;
  }
}
