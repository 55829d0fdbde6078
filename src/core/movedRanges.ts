// Where ranges sent to the editor are now, after the edits made since: the editor moves what it
// shows with the text (VS Code's squiggles are decorations tracked through edits), so a range no
// edit touched is where the same text now is. A range an edit touched — inside it or at one of
// its ends — may have grown, shrunk or collapsed: its group is to be sent again.

export interface GroupedSpan {
  start: number;
  end: number;
  /** What is sent together with it (a block of Problems entries). */
  group: number;
}

export class MovedRanges {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly groups: Int32Array;
  private readonly touched = new Set<number>();

  constructor(spans: readonly GroupedSpan[]) {
    this.starts = new Float64Array(spans.length);
    this.ends = new Float64Array(spans.length);
    this.groups = new Int32Array(spans.length);
    spans.forEach((s, i) => {
      this.starts[i] = s.start;
      this.ends[i] = s.end;
      this.groups[i] = s.group;
    });
  }

  /**
   * One change: `removed` characters at `offset` replaced by `inserted` ones, in the text as the
   * changes before it left it (VS Code's contentChanges of one event apply one after the other).
   */
  applyEdit(offset: number, removed: number, inserted: number): void {
    const editEnd = offset + removed;
    const delta = inserted - removed;
    for (let i = 0; i < this.starts.length; i++) {
      if (this.ends[i] < offset) continue;
      if (this.starts[i] > editEnd) {
        this.starts[i] += delta;
        this.ends[i] += delta;
        continue;
      }
      // Touching counts: an insertion at either end may or may not be taken into the range.
      this.touched.add(this.groups[i]);
    }
  }

  /** Whether an edit since touched a range of this group. */
  isTouched(group: number): boolean {
    return this.touched.has(group);
  }

  /**
   * Whether the ranges of a group are now exactly these spans, in order, none touched: what the
   * editor shows for the group is then where these spans are. (Equal lines and columns are not
   * enough: a copied line moves the ranges below it onto identical text one line down.)
   */
  holdsExactly(group: number, spans: readonly { start: number; end: number }[]): boolean {
    if (this.touched.has(group)) return false;
    let k = 0;
    for (let i = 0; i < this.starts.length; i++) {
      if (this.groups[i] !== group) continue;
      const span = spans[k++];
      if (!span || span.start !== this.starts[i] || span.end !== this.ends[i]) return false;
    }
    return k === spans.length;
  }

  /** The ranges' offsets now (for tests). */
  spans(): GroupedSpan[] {
    return Array.from(this.starts, (start, i) => ({ start, end: this.ends[i], group: this.groups[i] }));
  }
}

/** Blocks of lines that a long list of Problems entries is split into. */
export interface ProblemBlocks {
  /** Lines per block; Infinity when the list is sent whole. */
  linesPerBlock: number;
  blockOf(line: number): number;
}

/**
 * How a file's Problems entries are split into blocks of lines, each sent to VS Code on its own: a
 * file's entries in one collection can only be replaced whole, and VS Code serialises every entry
 * again (a 1 MB article with 665 conflicts: 17 ms per keystroke). A short list is one block. The
 * block size only doubles as the file grows, so that an edit rarely moves the boundaries.
 */
export function problemBlocks(entries: number, lineCount: number, maxBlocks: number, minEntries = 200, minLines = 500): ProblemBlocks {
  if (entries <= minEntries) return { linesPerBlock: Infinity, blockOf: () => 0 };
  let linesPerBlock = minLines;
  while (lineCount / linesPerBlock > maxBlocks) linesPerBlock *= 2;
  return { linesPerBlock, blockOf: (line) => Math.min(maxBlocks - 1, Math.floor(line / linesPerBlock)) };
}
