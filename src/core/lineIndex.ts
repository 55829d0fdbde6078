import type { Position, Range, Span } from './types';

/**
 * Converts between UTF-16 offsets and 0-based line/character positions of one text.
 * The line starts are found on the first lookup: most analyses never ask for a position.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  /**
   * The index of `text`, made from `previous` (of the text before one edit that replaced
   * [start, oldEnd) with what is now [start, newEnd)): its line starts are copied around the edit
   * and found only inside it. A 1 MB article has ~18,000 lines; scanning it again at every
   * keystroke cost more than re-reading the figures around the edit.
   */
  static afterEdit(previous: LineIndex, text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const index = new LineIndex(text);
    const old = previous.starts;
    // Not computed for the old text: nothing to save, find them when asked.
    if (!old) return index;
    const delta = newEnd - oldEnd;
    const starts = [0];
    // A line start x depends only on the characters at x - 1 and x (a \r followed by \n is one break).
    let i = 1;
    for (; i < old.length && old[i] < start; i++) starts.push(old[i]);
    for (let x = Math.max(1, start); x <= newEnd && x <= text.length; x++) {
      const c = text.charCodeAt(x - 1);
      if (c === 10 || (c === 13 && text.charCodeAt(x) !== 10)) starts.push(x);
    }
    for (; i < old.length && old[i] <= oldEnd; i++);
    for (; i < old.length; i++) starts.push(old[i] + delta);
    index.starts = starts;
    return index;
  }

  /** Offset at which each line starts. Lines break at \n, \r\n and lone \r. */
  get lineStarts(): readonly number[] {
    return (this.starts ??= lineStartsOf(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - starts[lo] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line];
    const end = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), end);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
