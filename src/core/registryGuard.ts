// When a registry write may go ahead: the pure decision behind src/extension/registryWriter.ts.
// A write is computed from one text of facts.yaml; it is applied only if that text is still what
// the editor holds and what is on disk, and saved only if the buffer had no unsaved edits of the
// user's. Pure: no `vscode`, no `fs`.

/** A short fingerprint of a text: FNV-1a (32 bits) and the length, e.g. "5f3a09c1:1428". */
export function textFingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}:${text.length}`;
}

/** Line ends and a BOM do not count as changes: VS Code normalises both when it loads a file. */
function plain(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * The fingerprint a quick fix carries of the registry text it was offered on: the model may hold
 * the file's raw text (a BOM, mixed line ends) where the editor holds VS Code's normalised one.
 */
export function registryBasis(text: string): string {
  return textFingerprint(plain(text));
}

export interface WriteCheck {
  /** `registryBasis` of the registry text the user's choice was offered on (a quick fix, a hover link), if known. */
  basis?: string;
  /** The registry text the edit was computed from. */
  computedFrom: string;
  /** The editor's text of the registry now. */
  bufferText: string;
  /** The buffer has unsaved edits. */
  dirty: boolean;
  /** The file on disk now: null when it is gone, undefined when it could not be read as UTF-8 text. */
  diskText?: string | null;
}

export type RefuseReason = 'changed-since-offered' | 'changed-in-buffer' | 'changed-on-disk';

export type WriteDecision =
  /** Apply and save. */
  | { action: 'save' }
  /** Apply in the editor and leave it unsaved: saving would write the user's unsaved edits too. */
  | { action: 'keep-unsaved' }
  | { action: 'refuse'; reason: RefuseReason };

function same(a: string, b: string): boolean {
  return a === b || plain(a) === plain(b);
}

export function decideWrite(check: WriteCheck): WriteDecision {
  if (check.basis !== undefined && check.basis !== registryBasis(check.computedFrom)) return { action: 'refuse', reason: 'changed-since-offered' };
  if (check.bufferText !== check.computedFrom) return { action: 'refuse', reason: 'changed-in-buffer' };
  if (check.dirty) return { action: 'keep-unsaved' };
  // A clean buffer that differs from the disk is one VS Code has not reloaded yet: writing it back would undo that change.
  if (check.diskText === null || (check.diskText !== undefined && !same(check.diskText, check.bufferText))) return { action: 'refuse', reason: 'changed-on-disk' };
  return { action: 'save' };
}

/** The one edit (a single undo step) that turns `before` into `after`. */
export function singleEdit(before: string, after: string): { span: { start: number; end: number }; newText: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endOld = before.length;
  let endNew = after.length;
  while (endOld > start && endNew > start && before[endOld - 1] === after[endNew - 1]) {
    endOld--;
    endNew--;
  }
  return { span: { start, end: endOld }, newText: after.slice(start, endNew) };
}
