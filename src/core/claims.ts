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

function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tieBreak<F extends Figure>(a: Comparable<F>, b: Comparable<F>): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.figure.span.start - b.figure.span.start;
}

/** First index in [0, n) where the nondecreasing `order(i)` is at least `at`. */
function lowerBound(n: number, order: (i: number) => number, at: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(mid) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Prefix counts of open ends: result[i] is how many of the first i claims have one. */
function openCounts<F extends Figure>(list: Comparable<F>[], open: (c: Comparable<F>) => boolean | undefined): number[] {
  const counts = [0];
  for (const c of list) counts.push(counts[counts.length - 1] + (open(c) ? 1 : 0));
  return counts;
}

/** A fixed set of comparable claims sorted by each end. */
class SortedClaims<F extends Figure> {
  /** Ascending upper ends. Among equal ends closed ones come first, so a downward walk meets the open ones first. */
  private readonly byMax: Comparable<F>[];
  /** Descending lower ends, closed first among equals. */
  private readonly byMin: Comparable<F>[];
  private readonly openMax: number[];
  private readonly openMin: number[];

  constructor(claims: Comparable<F>[]) {
    this.byMax = [...claims].sort(
      (a, b) => compare(a.interval.max, b.interval.max) || Number(Boolean(a.interval.maxOpen)) - Number(Boolean(b.interval.maxOpen)) || tieBreak(a, b),
    );
    this.byMin = [...claims].sort(
      (a, b) => compare(b.interval.min, a.interval.min) || Number(Boolean(a.interval.minOpen)) - Number(Boolean(b.interval.minOpen)) || tieBreak(a, b),
    );
    this.openMax = openCounts(this.byMax, (c) => c.interval.maxOpen);
    this.openMin = openCounts(this.byMin, (c) => c.interval.minOpen);
  }

  /** Claims wholly below `a`, in `byMax`. */
  below(a: Interval): Side {
    const order = (i: number) => endOrder(this.byMax[i].interval.max, a.min);
    const definite = lowerBound(this.byMax.length, order, 0);
    const end = lowerBound(this.byMax.length, order, 1);
    const touching = a.minOpen ? end - definite : this.openMax[end] - this.openMax[definite];
    return { definite, end, count: definite + touching };
  }

  /** Claims wholly above `a`, in `byMin`. */
  above(a: Interval): Side {
    const order = (i: number) => endOrder(a.max, this.byMin[i].interval.min);
    const definite = lowerBound(this.byMin.length, order, 0);
    const end = lowerBound(this.byMin.length, order, 1);
    const touching = a.maxOpen ? end - definite : this.openMin[end] - this.openMin[definite];
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
      if (!disagrees(list[i])) continue;
      touching--;
      if (list[i].path !== path) result.push(list[i]);
    }
    for (let i = found.definite - 1; i >= 0 && result.length < limit; i--) {
      if (list[i].path !== path) result.push(list[i]);
    }
    return result;
  }
}

/** Every claim about one fact, by article. */
export class FactClaims<F extends Figure> {
  private readonly byPath = new Map<string, IndexedClaim<F>[]>();
  /** Sorted views, built on the first question after a change: all claims, and each article's own. */
  private all: SortedClaims<F> | undefined;
  private readonly own = new Map<string, SortedClaims<F>>();

  get empty(): boolean {
    return this.byPath.size === 0;
  }

  add(claim: IndexedClaim<F>): void {
    let list = this.byPath.get(claim.path);
    if (!list) this.byPath.set(claim.path, (list = []));
    list.push(claim);
    this.all = undefined;
    this.own.delete(claim.path);
  }

  deletePath(path: string): void {
    if (!this.byPath.delete(path)) return;
    this.all = undefined;
    this.own.delete(path);
  }

  /** Every claim, article by article in the order they were indexed. */
  *[Symbol.iterator](): IterableIterator<IndexedClaim<F>> {
    for (const list of this.byPath.values()) yield* list;
  }

  /**
   * The claims of articles other than `path` whose intervals do not overlap `interval`, or
   * undefined when there are none. Costs a few binary searches; when some disagree, `limit` steps
   * more, plus one for each claim of this article's own passed on the way.
   */
  disagreeing(path: string, interval: Interval, limit: number): Disagreement<F> | undefined {
    if (!isComparable(interval)) return undefined;
    const all = (this.all ??= new SortedClaims(comparable(this)));
    let own = this.own.get(path);
    if (!own) this.own.set(path, (own = new SortedClaims(comparable(this.byPath.get(path) ?? []))));
    const below = all.below(interval);
    const above = all.above(interval);
    // A claim cannot lie both below and above, so the counts add up.
    const count = below.count + above.count - own.below(interval).count - own.above(interval).count;
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

function comparable<F extends Figure>(claims: Iterable<IndexedClaim<F>>): Comparable<F>[] {
  const result: Comparable<F>[] = [];
  for (const c of claims) if (isComparable(c.interval)) result.push(c as Comparable<F>);
  return result;
}
