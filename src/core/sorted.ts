// Binary search over sorted arrays: the one loop that the incremental re-reading asks in five
// forms (figures ending by a place, masks starting before one…).

/**
 * How many leading items of `items` satisfy `before`, which must hold for a prefix of the array
 * and fail for the rest (as "ends before x" does in a list sorted by position).
 */
export function partitionPoint<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
