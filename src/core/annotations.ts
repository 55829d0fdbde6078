// Annotations: passages of an article tied to a fact, found again after the article was edited.
// A passage is stored as a W3C Web Annotation TextQuoteSelector (exact, prefix, suffix) with a
// TextPositionSelector start as a hint. Pure: no `vscode`, no `fs`.
import { foldText } from './fold';
import type { Span } from './types';

export type Verdict = 'supports' | 'contradicts' | 'mentions';
export const VERDICTS: readonly Verdict[] = ['supports', 'contradicts', 'mentions'];

/** TextQuoteSelector + the start of a TextPositionSelector (UTF-16 offset) as a hint. */
export interface QuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
  start?: number;
}

/** An annotation as the registry holds it. */
export interface Annotation {
  fact: string;
  /** The article, relative to the registry's folder, with forward slashes. */
  file: string;
  selector: QuoteSelector;
  verdict: Verdict;
  note?: string;
  by?: string;
  /** ISO 8601 date-time. */
  at?: string;
  /** Position in the registry's `annotations:` list (counting every entry, valid or not). */
  index: number;
  /** The whole entry in the registry file. */
  span: Span;
}

export interface AnchorResult {
  /** Where the passage is now, in the article's own offsets. */
  span: Span;
  /** The stored quote is there character for character. */
  exact: boolean;
  /** 1 for a quote found as stored (up to case, width and Chinese script); less for an edited one. */
  score: number;
}

export interface AnchorOptions {
  /** Lowest similarity (1 − edits / quote length) a changed passage may have. Default 0.75. */
  threshold?: number;
}

/** Characters of context kept on each side of a quote. */
export const CONTEXT_LENGTH = 32;
export const DEFAULT_THRESHOLD = 0.75;
/** Occurrences of a quote (or of a piece of it) looked at; more means the piece says nothing. */
const MAX_OCCURRENCES = 10_000;
const MAX_PIECE_OCCURRENCES = 200;
const MAX_PIECES = 8;
const MAX_CANDIDATES = 8;
/** Longer quotes are compared on their first and last parts only, to keep the search bounded. */
const MAX_FUZZY_QUOTE = 1_000;

/** A selector for `span` of `text`: the quote, context on both sides, and its start. */
export function makeSelector(text: string, span: Span, context = CONTEXT_LENGTH): QuoteSelector {
  const start = Math.max(0, Math.min(span.start, text.length));
  const end = Math.max(start, Math.min(span.end, text.length));
  let prefixStart = Math.max(0, start - context);
  if (isLowSurrogate(text.charCodeAt(prefixStart))) prefixStart++;
  let suffixEnd = Math.min(text.length, end + context);
  if (isLowSurrogate(text.charCodeAt(suffixEnd))) suffixEnd--;
  const selector: QuoteSelector = { exact: text.slice(start, end) };
  if (prefixStart < start) selector.prefix = text.slice(prefixStart, start);
  if (end < suffixEnd) selector.suffix = text.slice(end, suffixEnd);
  selector.start = start;
  return selector;
}

/**
 * Finds the passage a selector describes in `text`, which may have been edited since: the exact
 * quote (compared after folding case, width and traditional/simplified script) nearest to where
 * its context agrees and to the position hint; else the most similar passage near a place where
 * pieces of the quote or its context still stand. Undefined when nothing is similar enough.
 * Linear in the text's length, bounded in the quote's.
 */
export function anchorAnnotation(text: string, selector: QuoteSelector, options: AnchorOptions = {}): AnchorResult | undefined {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!selector.exact) return undefined;
  const folded = foldArticle(text);
  const quote = foldText(selector.exact);
  const prefix = foldText(selector.prefix ?? '');
  const suffix = foldText(selector.suffix ?? '');
  const hint = typeof selector.start === 'number' && Number.isFinite(selector.start) ? selector.start : undefined;

  const exact = bestOccurrence(folded, quote, prefix, suffix, hint);
  if (exact !== undefined) {
    const span = { start: exact, end: exact + quote.length };
    return { span, exact: text.slice(span.start, span.end) === selector.exact, score: 1 };
  }
  const fuzzy = bestSimilar(folded, quote, prefix, suffix, hint);
  if (!fuzzy || fuzzy.score < threshold) return undefined;
  return { span: fuzzy.span, exact: false, score: fuzzy.score };
}

/** The last article folded: its annotations are usually anchored one after another. */
let lastArticle: string | undefined;
let lastFolded = '';

function foldArticle(text: string): string {
  if (text !== lastArticle) {
    lastFolded = foldText(text);
    lastArticle = text;
  }
  return lastFolded;
}

/** Start of the occurrence of `quote` whose context agrees best, nearest to the hint on a tie. */
function bestOccurrence(text: string, quote: string, prefix: string, suffix: string, hint: number | undefined): number | undefined {
  let best: number | undefined;
  let bestContext = -1;
  let bestDistance = Infinity;
  let count = 0;
  for (let at = text.indexOf(quote); at >= 0 && count < MAX_OCCURRENCES; at = text.indexOf(quote, at + 1), count++) {
    const context = commonSuffix(prefix, text, at) + commonPrefix(suffix, text, at + quote.length);
    const distance = hint === undefined ? at : Math.abs(at - hint);
    if (context > bestContext || (context === bestContext && distance < bestDistance)) {
      [best, bestContext, bestDistance] = [at, context, distance];
    }
  }
  return best;
}

/** How many characters of `prefix`, from its end, stand just before `at`. */
function commonSuffix(prefix: string, text: string, at: number): number {
  let k = 0;
  while (k < prefix.length && at - 1 - k >= 0 && prefix.charCodeAt(prefix.length - 1 - k) === text.charCodeAt(at - 1 - k)) k++;
  return k;
}

/** How many characters of `suffix`, from its start, stand from `at` on. */
function commonPrefix(suffix: string, text: string, at: number): number {
  let k = 0;
  while (k < suffix.length && at + k < text.length && suffix.charCodeAt(k) === text.charCodeAt(at + k)) k++;
  return k;
}

interface Similar {
  span: Span;
  score: number;
}

/**
 * The most similar passage near a few candidate places: where pieces of the quote still stand
 * (each piece votes for the start it implies), between the surviving prefix and suffix, and at
 * the position hint. Each place is compared by an edit distance with free ends, bounded by the
 * quote's length.
 */
function bestSimilar(text: string, quote: string, prefix: string, suffix: string, hint: number | undefined): Similar | undefined {
  if (text.length === 0) return undefined;
  const candidates = candidateStarts(text, quote, prefix, suffix, hint);
  let best: Similar | undefined;
  let bestDistance = Infinity;
  for (const start of candidates) {
    const found = alignNear(text, quote, start);
    if (!found) continue;
    const distance = hint === undefined ? 0 : Math.abs(found.span.start - hint);
    if (!best || found.score > best.score || (found.score === best.score && distance < bestDistance)) [best, bestDistance] = [found, distance];
  }
  return best;
}

function candidateStarts(text: string, quote: string, prefix: string, suffix: string, hint: number | undefined): number[] {
  const m = quote.length;
  const votes: number[] = [];
  // Pieces of the quote: each occurrence votes for where the quote would start.
  const pieceLength = Math.max(2, Math.min(24, Math.floor(m / MAX_PIECES) || m));
  const step = Math.max(pieceLength, Math.floor((m - pieceLength) / (MAX_PIECES - 1)) || pieceLength);
  for (let offset = 0; offset + pieceLength <= m; offset += step) {
    const piece = quote.slice(offset, offset + pieceLength);
    if (piece.trim().length < 2) continue;
    const found = occurrences(text, piece, MAX_PIECE_OCCURRENCES);
    if (found.length >= MAX_PIECE_OCCURRENCES) continue; // too common to tell anything
    for (const at of found) votes.push(at - offset);
  }
  // The context: the quote starts after the prefix and ends before the suffix.
  const anchor = Math.min(16, CONTEXT_LENGTH);
  if (prefix.length >= 4) {
    const tail = prefix.slice(-anchor);
    const found = occurrences(text, tail, MAX_PIECE_OCCURRENCES);
    if (found.length < MAX_PIECE_OCCURRENCES) for (const at of found) votes.push(at + tail.length, at + tail.length);
  }
  if (suffix.length >= 4) {
    const head = suffix.slice(0, anchor);
    const found = occurrences(text, head, MAX_PIECE_OCCURRENCES);
    if (found.length < MAX_PIECE_OCCURRENCES) for (const at of found) votes.push(at - m, at - m);
  }
  // Cluster the votes: starts within a quarter of the quote's length count together.
  votes.sort((a, b) => a - b);
  const width = Math.max(4, Math.floor(m / 4));
  const clusters: { start: number; votes: number }[] = [];
  let lo = 0;
  for (let hi = 0; hi < votes.length; hi++) {
    while (votes[hi] - votes[lo] > width) lo++;
    clusters.push({ start: votes[lo + ((hi - lo) >> 1)], votes: hi - lo + 1 });
  }
  clusters.sort((a, b) => b.votes - a.votes || (hint === undefined ? 0 : Math.abs(a.start - hint) - Math.abs(b.start - hint)));
  const starts: number[] = [];
  for (const cluster of clusters) {
    if (starts.length >= MAX_CANDIDATES) break;
    if (starts.some((s) => Math.abs(s - cluster.start) <= width)) continue;
    starts.push(cluster.start);
  }
  if (hint !== undefined && hint >= 0 && hint <= text.length && !starts.some((s) => Math.abs(s - hint) <= width)) starts.push(hint);
  return starts;
}

function occurrences(text: string, piece: string, limit: number): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(piece); at >= 0 && found.length < limit; at = text.indexOf(piece, at + 1)) found.push(at);
  return found;
}

/** The best alignment of `quote` inside a window around `start`, as a span and a similarity. */
function alignNear(text: string, quote: string, start: number): Similar | undefined {
  let q = quote;
  if (q.length > MAX_FUZZY_QUOTE) {
    // Compare the head only, then extend the span by the rest of the quote's length.
    q = quote.slice(0, MAX_FUZZY_QUOTE);
  }
  const m = q.length;
  const slack = Math.ceil(m / 2) + 8;
  const from = Math.max(0, start - slack);
  const to = Math.min(text.length, start + m + slack);
  if (to <= from) return undefined;
  const { distance, start: s, end: e } = semiGlobal(q, text, from, to);
  const score = Math.max(0, 1 - distance / m);
  const end = q.length < quote.length ? Math.min(text.length, e + (quote.length - q.length)) : e;
  return { span: trimSpan(text, { start: s, end }), score };
}

/**
 * Edit distance between `q` and the best-matching substring of text[from, to): leading and
 * trailing text of the window is free. O(|q| × window) time, O(window) memory.
 */
function semiGlobal(q: string, text: string, from: number, to: number): { distance: number; start: number; end: number } {
  const n = to - from;
  let prev = new Int32Array(n + 1);
  let prevStart = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  let curStart = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prevStart[j] = j;
  for (let i = 1; i <= q.length; i++) {
    const qc = q.charCodeAt(i - 1);
    cur[0] = i;
    curStart[0] = 0;
    for (let j = 1; j <= n; j++) {
      let best = prev[j - 1] + (qc === text.charCodeAt(from + j - 1) ? 0 : 1);
      let origin = prevStart[j - 1];
      const skipQuote = prev[j] + 1;
      if (skipQuote < best) [best, origin] = [skipQuote, prevStart[j]];
      const skipText = cur[j - 1] + 1;
      if (skipText < best) [best, origin] = [skipText, curStart[j - 1]];
      cur[j] = best;
      curStart[j] = origin;
    }
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  let bestJ = 0;
  for (let j = 1; j <= n; j++) if (prev[j] < prev[bestJ]) bestJ = j;
  return { distance: prev[bestJ], start: from + prevStart[bestJ], end: from + bestJ };
}

/** Without leading or trailing whitespace, unless that is all there is. */
function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : span;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
