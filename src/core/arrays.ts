// Small array helpers shared by the core and the editor adapter.

/** Whether two arrays hold the very same items, in the same order (identity, not equality). */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
