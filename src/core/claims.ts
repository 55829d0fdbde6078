// The claims articles make about one fact, kept sorted by each end of their intervals, so that
// finding the claims of other articles that disagree with a figure is a few binary searches rather
// than a pass over every claim: a full diagnostics pass stays near linear in the number of claims.
import { endOrder, endsBelow, type Interval } from './intervals';
import type { Figure } from './types';

export interface IndexedClaim<F extends Figure = Figure> {
  path: string;
  figure: F;
  /** The figure's interval in the fact's unit, computed once when the claim is indexed. */
  interval: Interval | undefined;
}

/** A claim whose interval is known and not empty. */
type Comparable<F extends Figure> = IndexedClaim<F> & { interval: Interval };

/**
 * An empty interval (an inverted range from a malformed figure) would lie both below and above
 * others; it is left out of cross-article comparison rather than reported against everything.
 */
function isComparable(interval: Interval | undefined): interval is Interval {
  if (!interval) return false;
  return interval.min < interval.max || (interval.min === interval.max && !interval.minOpen && !interval.maxOpen);
}

export interface Disagreement<F extends Figure> {
  /** The nearest disagreeing claims of other articles, nearest first, at most the limit asked for. */
  claims: IndexedClaim<F>[];
  /** How many claims of other articles disagree in all. */
  count: number;
}

/**
 * The claims on one side of an interval in a list sorted so that they come first: [0, definite)
 * lie clearly beyond it, [definite, end) touch it, and `count` of the touching ones disagree too.
 */
interface Side {
  definite: number;
  end: number;
  count: number;
}

/** No claim on that side. */
const NONE: Side = { definite: 0, end: 0, count: 0 };

function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tieBreak<F extends Figure>(a: Comparable<F>, b: Comparable<F>): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.figure.span.start - b.figure.span.start;
}

/** Elements per block of a BlockList: inserting or deleting one moves about this many. */
const BLOCK = 256;

/**
 * A list kept sorted under edits, in blocks of at most 2 × BLOCK elements, with the count of
 * elements before each block and of "open" ones (an end that excludes its value), so that an edit
 * costs a block and the block counts, and a search or a count a few binary searches, whatever
 * the size.
 */
export class BlockList<T> {
  private blocks: T[][] = [];
  /** Index of each block's first element in the whole list. */
  private starts: number[] = [];
  /** Open elements before each block. */
  private openStarts: number[] = [];
  /** For each block, open elements before each of its positions (length + 1 entries). */
  private openPrefix: number[][] = [];
  private total = 0;

  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly isOpen: (x: T) => boolean,
    sorted: readonly T[] = [],
  ) {
    for (let i = 0; i < sorted.length; i += BLOCK) this.blocks.push(sorted.slice(i, i + BLOCK));
    this.openPrefix = this.blocks.map((b) => this.prefixOf(b));
    this.recount(0);
  }

  get length(): number {
    return this.total;
  }

  private prefixOf(block: readonly T[]): number[] {
    const prefix = [0];
    for (const x of block) prefix.push(prefix[prefix.length - 1] + (this.isOpen(x) ? 1 : 0));
    return prefix;
  }

  /** Recomputes the running counts from block `from` on. */
  private recount(from: number): void {
    this.starts.length = this.blocks.length;
    this.openStarts.length = this.blocks.length;
    let start = from > 0 ? this.starts[from - 1] + this.blocks[from - 1].length : 0;
    let open = from > 0 ? this.openStarts[from - 1] + this.openPrefix[from - 1][this.blocks[from - 1].length] : 0;
    for (let b = from; b < this.blocks.length; b++) {
      this.starts[b] = start;
      this.openStarts[b] = open;
      start += this.blocks[b].length;
      open += this.openPrefix[b][this.blocks[b].length];
    }
    this.total = start;
  }

  /** The block holding global index `i` (0 ≤ i < length). */
  private blockOf(i: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(i: number): T {
    const b = this.blockOf(i);
    return this.blocks[b][i - this.starts[b]];
  }

  /** Open elements among the first `i`. */
  openBefore(i: number): number {
    if (i >= this.total) return this.blocks.length === 0 ? 0 : this.openStarts[this.blocks.length - 1] + this.openPrefix[this.blocks.length - 1][this.blocks[this.blocks.length - 1].length];
    const b = this.blockOf(i);
    return this.openStarts[b] + this.openPrefix[b][i - this.starts[b]];
  }

  /** First index whose element has `order(x)` at least `at`, for `order` nondecreasing along the list. */
  lowerBound(order: (x: T) => number, at: number): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid];
      if (order(block[block.length - 1]) < at) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.blocks.length) return this.total;
    const block = this.blocks[lo];
    let l = 0;
    let h = block.length;
    while (l < h) {
      const mid = (l + h) >> 1;
      if (order(block[mid]) < at) l = mid + 1;
      else h = mid;
    }
    return this.starts[lo] + l;
  }

  /** The block where `x` belongs: the first whose last element is not before it. */
  private blockFor(x: T): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid];
      if (this.compare(block[block.length - 1], x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private position(block: readonly T[], x: T): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(block[mid], x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(x: T): void {
    if (this.blocks.length === 0) {
      this.blocks.push([x]);
      this.openPrefix.push(this.prefixOf([x]));
      this.recount(0);
      return;
    }
    const b = Math.min(this.blockFor(x), this.blocks.length - 1);
    const block = this.blocks[b];
    block.splice(this.position(block, x), 0, x);
    if (block.length > 2 * BLOCK) {
      const tail = block.splice(BLOCK);
      this.blocks.splice(b + 1, 0, tail);
      this.openPrefix.splice(b + 1, 0, this.prefixOf(tail));
    }
    this.openPrefix[b] = this.prefixOf(block);
    this.recount(b);
  }

  /** Removes `x` itself (found by the order, then by identity); false when absent. */
  remove(x: T): boolean {
    const b = this.blockFor(x);
    if (b === this.blocks.length) return false;
    const block = this.blocks[b];
    let i = this.position(block, x);
    while (i < block.length && block[i] !== x && this.compare(block[i], x) === 0) i++;
    if (block[i] !== x) return false;
    block.splice(i, 1);
    if (block.length === 0) {
      this.blocks.splice(b, 1);
      this.openPrefix.splice(b, 1);
      this.recount(Math.max(0, b - 1));
    } else {
      this.openPrefix[b] = this.prefixOf(block);
      this.recount(b);
    }
    return true;
  }
}

function byMaxOrder<F extends Figure>(a: Comparable<F>, b: Comparable<F>): number {
  return compare(a.interval.max, b.interval.max) || Number(Boolean(a.interval.maxOpen)) - Number(Boolean(b.interval.maxOpen)) || tieBreak(a, b);
}

function byMinOrder<F extends Figure>(a: Comparable<F>, b: Comparable<F>): number {
  return compare(b.interval.min, a.interval.min) || Number(Boolean(a.interval.minOpen)) - Number(Boolean(b.interval.minOpen)) || tieBreak(a, b);
}

/**
 * Claims in byMaxOrder (end 'max') or byMinOrder (end 'min'), sorted on numbers only: ties are
 * common (articles repeat figures) and comparing paths as strings in every tie was most of the
 * cost of building the lists.
 */
function sortedBy<F extends Figure>(claims: readonly Comparable<F>[], end: 'max' | 'min'): Comparable<F>[] {
  const n = claims.length;
  // Paths ranked once, in the order `<` gives strings (as tieBreak compares them).
  const paths = [...new Set(claims.map((c) => c.path))].sort();
  const rank = new Map(paths.map((p, i) => [p, i]));
  const value = new Float64Array(n);
  const open = new Uint8Array(n);
  const pathRank = new Int32Array(n);
  const start = new Float64Array(n);
  claims.forEach((c, i) => {
    // byMinOrder is descending in min: negate it, so that both sort ascending.
    value[i] = end === 'max' ? c.interval.max : -c.interval.min;
    open[i] = (end === 'max' ? c.interval.maxOpen : c.interval.minOpen) ? 1 : 0;
    pathRank[i] = rank.get(c.path) as number;
    start[i] = c.figure.span.start;
  });
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => compare(value[a], value[b]) || open[a] - open[b] || pathRank[a] - pathRank[b] || start[a] - start[b]);
  return order.map((i) => claims[i]);
}

/** Comparable claims sorted by each end, kept sorted as claims come and go. */
class SortedClaims<F extends Figure> {
  /** Ascending upper ends. Among equal ends closed ones come first, so a downward walk meets the open ones first. */
  private readonly byMax: BlockList<Comparable<F>>;
  /** Descending lower ends, closed first among equals. */
  private readonly byMin: BlockList<Comparable<F>>;

  constructor(claims: Comparable<F>[]) {
    this.byMax = new BlockList(byMaxOrder, (c) => Boolean(c.interval.maxOpen), sortedBy(claims, 'max'));
    this.byMin = new BlockList(byMinOrder, (c) => Boolean(c.interval.minOpen), sortedBy(claims, 'min'));
  }

  get size(): number {
    return this.byMax.length;
  }

  insert(claim: Comparable<F>): void {
    this.byMax.insert(claim);
    this.byMin.insert(claim);
  }

  remove(claim: Comparable<F>): void {
    this.byMax.remove(claim);
    this.byMin.remove(claim);
  }

  /** Claims wholly below `a`, in `byMax`. */
  below(a: Interval): Side {
    const order = (c: Comparable<F>) => endOrder(c.interval.max, a.min);
    // Most figures agree with every other claim: the lowest upper end tells at once.
    if (this.byMax.length === 0 || order(this.byMax.at(0)) > 0) return NONE;
    const definite = this.byMax.lowerBound(order, 0);
    const end = this.byMax.lowerBound(order, 1);
    const touching = a.minOpen ? end - definite : this.byMax.openBefore(end) - this.byMax.openBefore(definite);
    return { definite, end, count: definite + touching };
  }

  /** Claims wholly above `a`, in `byMin`. */
  above(a: Interval): Side {
    const order = (c: Comparable<F>) => endOrder(a.max, c.interval.min);
    if (this.byMin.length === 0 || order(this.byMin.at(0)) > 0) return NONE;
    const definite = this.byMin.lowerBound(order, 0);
    const end = this.byMin.lowerBound(order, 1);
    const touching = a.maxOpen ? end - definite : this.byMin.openBefore(end) - this.byMin.openBefore(definite);
    return { definite, end, count: definite + touching };
  }

  /** Up to `limit` claims of one side not in `path`, nearest to `a` first. */
  nearest(side: 'below' | 'above', a: Interval, found: Side, path: string, limit: number): Comparable<F>[] {
    const list = side === 'below' ? this.byMax : this.byMin;
    const disagrees =
      side === 'below'
        ? (c: Comparable<F>) => endsBelow(c.interval.max, c.interval.maxOpen, a.min, a.minOpen)
        : (c: Comparable<F>) => endsBelow(a.max, a.maxOpen, c.interval.min, c.interval.minOpen);
    const result: Comparable<F>[] = [];
    // The touching run first: stop once its disagreeing claims are seen, so that a long run of
    // closed ends that merely touch is not walked.
    let touching = found.count - found.definite;
    for (let i = found.end - 1; i >= found.definite && touching > 0 && result.length < limit; i--) {
      const c = list.at(i);
      if (!disagrees(c)) continue;
      touching--;
      if (c.path !== path) result.push(c);
    }
    for (let i = found.definite - 1; i >= 0 && result.length < limit; i--) {
      const c = list.at(i);
      if (c.path !== path) result.push(c);
    }
    return result;
  }
}

/** Every claim about one fact, by article. */
export class FactClaims<F extends Figure> {
  private readonly byPath = new Map<string, IndexedClaim<F>[]>();
  /**
   * All comparable claims sorted, built on the first question and then kept current: the changes
   * since the last question wait in `added` and `removed` and are applied one by one (or by a
   * rebuild, when they are many), so that re-indexing one article costs that article's claims,
   * not the workspace's.
   */
  private all: SortedClaims<F> | undefined;
  private readonly added = new Set<Comparable<F>>();
  private readonly removed: Comparable<F>[] = [];
  /**
   * Each article's own claims, sorted on the first question after a change to that article when
   * they are many; a few are simply scanned (a workspace has many articles, each with a few claims
   * about a fact, and sorted lists for each would cost memory for nothing).
   */
  private readonly own = new Map<string, SortedClaims<F>>();

  get empty(): boolean {
    return this.byPath.size === 0;
  }

  /** One article's claims about the fact, in the order they were added. */
  claimsIn(path: string): readonly IndexedClaim<F>[] | undefined {
    return this.byPath.get(path);
  }

  add(claim: IndexedClaim<F>): void {
    let list = this.byPath.get(claim.path);
    if (!list) this.byPath.set(claim.path, (list = []));
    list.push(claim);
    if (this.all && isComparable(claim.interval)) this.added.add(claim as Comparable<F>);
    this.own.delete(claim.path);
  }

  deletePath(path: string): void {
    const list = this.byPath.get(path);
    if (!list) return;
    this.byPath.delete(path);
    if (this.all) {
      for (const claim of list) {
        if (!isComparable(claim.interval)) continue;
        const c = claim as Comparable<F>;
        if (!this.added.delete(c)) this.removed.push(c);
      }
    }
    this.own.delete(path);
  }

  /**
   * After an edit to part of an article: drops its claims on `removed` figures and gives those on
   * `moved` ones the moved figure (same value, shifted span). Moving keeps the claims' order, as
   * every moved figure shifts by the same amount and the removed ones leave the sorted lists first.
   */
  updatePath(path: string, removed: ReadonlySet<F>, moved: ReadonlyMap<F, F>): void {
    const list = this.byPath.get(path);
    if (!list) return;
    const kept: IndexedClaim<F>[] = [];
    for (const claim of list) {
      if (!removed.has(claim.figure)) {
        kept.push(claim);
        continue;
      }
      if (!this.all || !isComparable(claim.interval)) continue;
      const c = claim as Comparable<F>;
      if (!this.added.delete(c)) this.removed.push(c);
    }
    // Out of the sorted lists while the order they were filed by still holds.
    if (this.all) {
      for (const c of this.removed) this.all.remove(c);
      this.removed.length = 0;
    }
    for (const claim of kept) {
      const figure = moved.get(claim.figure);
      if (figure) claim.figure = figure;
    }
    if (kept.length > 0) this.byPath.set(path, kept);
    else this.byPath.delete(path);
    this.own.delete(path);
  }

  /** Every claim, article by article in the order they were indexed. */
  *[Symbol.iterator](): IterableIterator<IndexedClaim<F>> {
    for (const list of this.byPath.values()) yield* list;
  }

  /** The sorted claims, with the waiting changes applied. */
  private sorted(): SortedClaims<F> {
    const changes = this.added.size + this.removed.length;
    if (this.all && changes > 0 && changes * 8 > this.all.size + 64) this.all = undefined;
    if (!this.all) {
      this.all = new SortedClaims(comparable(this));
    } else {
      for (const c of this.removed) this.all.remove(c);
      for (const c of this.added) this.all.insert(c);
    }
    this.added.clear();
    this.removed.length = 0;
    return this.all;
  }

  /**
   * The claims of articles other than `path` whose intervals do not overlap `interval`, or
   * undefined when there are none. Costs a few binary searches; when some disagree, `limit` steps
   * more, plus one for each claim of this article's own passed on the way.
   */
  disagreeing(path: string, interval: Interval, limit: number): Disagreement<F> | undefined {
    if (!isComparable(interval)) return undefined;
    const all = this.sorted();
    // An article's few claims are scanned where they are; only many are sorted (and kept).
    let own: SortedClaims<F> | readonly IndexedClaim<F>[] | undefined = this.own.get(path);
    if (!own) {
      const mine = this.byPath.get(path) ?? [];
      if (mine.length > SCAN_OWN) this.own.set(path, (own = new SortedClaims(comparable(mine))));
      else own = mine;
    }
    const below = all.below(interval);
    const above = all.above(interval);
    // A claim cannot lie both below and above, so the counts add up.
    const count = below.count + above.count - ownDisagreeing(own, interval);
    if (count === 0) return undefined;
    const lower = all.nearest('below', interval, below, path, limit).map((c) => ({ c, distance: interval.min - c.interval.max }));
    const upper = all.nearest('above', interval, above, path, limit).map((c) => ({ c, distance: c.interval.min - interval.max }));
    // Stable sort: on equal distances the claim below comes first.
    const claims = [...lower, ...upper]
      .sort((a, b) => compare(a.distance, b.distance))
      .slice(0, limit)
      .map((x) => x.c);
    return { claims, count };
  }
}

/** Up to this many claims of one article about one fact are scanned rather than sorted. */
const SCAN_OWN = 16;

/** How many of an article's own claims lie wholly below or above `a`. */
function ownDisagreeing<F extends Figure>(own: SortedClaims<F> | readonly IndexedClaim<F>[], a: Interval): number {
  if (own instanceof SortedClaims) return own.below(a).count + own.above(a).count;
  let count = 0;
  for (const c of own) {
    if (!isComparable(c.interval)) continue;
    // As SortedClaims.below and above count them: touching ends count when either is open.
    if (endsBelow(c.interval.max, c.interval.maxOpen, a.min, a.minOpen) || endsBelow(a.max, a.maxOpen, c.interval.min, c.interval.minOpen)) count++;
  }
  return count;
}

function comparable<F extends Figure>(claims: Iterable<IndexedClaim<F>>): Comparable<F>[] {
  const result: Comparable<F>[] = [];
  for (const c of claims) if (isComparable(c.interval)) result.push(c as Comparable<F>);
  return result;
}
