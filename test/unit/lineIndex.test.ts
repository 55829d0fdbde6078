// LineIndex.afterEdit: the line starts of a text after one edit, made from those before it, must be
// the ones a fresh index finds — whatever the breaks (\n, \r\n, lone \r) and wherever the edit falls,
// a \r\n split or joined by it included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/lineIndex';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0) > 0 ? Number(process.env.FUZZ_RUNS) : 2000;
const piece = fc.constantFrom('\n', '\r', '\r\n', 'a', '年', '😀', '');
const textOf = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

/** Applies an edit to `text` and returns the new text with the edit's bounds. */
function edit(text: string, at: number, remove: number, insert: string): { next: string; start: number; oldEnd: number; newEnd: number } {
  const start = Math.min(at, text.length);
  const oldEnd = Math.min(text.length, start + remove);
  return { next: text.slice(0, start) + insert + text.slice(oldEnd), start, oldEnd, newEnd: start + insert.length };
}

describe('LineIndex.afterEdit', () => {
  it('finds the line starts a fresh index finds, edit after edit', () => {
    fc.assert(
      fc.property(textOf, fc.array(fc.tuple(fc.nat(40), fc.nat(6), textOf), { minLength: 1, maxLength: 5 }), (initial, edits) => {
        let text = initial;
        let lines = new LineIndex(text);
        void lines.lineStarts;
        for (const [at, remove, insert] of edits) {
          const { next, start, oldEnd, newEnd } = edit(text, at, remove, insert);
          lines = LineIndex.afterEdit(lines, next, start, oldEnd, newEnd);
          text = next;
          expect(lines.lineStarts).toEqual(new LineIndex(text).lineStarts);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('joins a \\r and a \\n that an edit brings together, and splits them apart', () => {
    const before = new LineIndex('ab\rXcd\n');
    expect(before.lineStarts).toEqual([0, 3, 7]);
    // Replacing X by \n makes \r\n one break; typing Y between them makes two again.
    const joined = LineIndex.afterEdit(before, 'ab\r\ncd\n', 3, 4, 4);
    expect(joined.lineStarts).toEqual([0, 4, 7]);
    const split = LineIndex.afterEdit(joined, 'ab\rY\ncd\n', 3, 3, 4);
    expect(split.lineStarts).toEqual([0, 3, 5, 8]);
  });

  it('leaves an index never asked for its lines to find them when asked', () => {
    const before = new LineIndex('a\nb');
    const after = LineIndex.afterEdit(before, 'a\n\nb', 2, 2, 3);
    expect(after.lineStarts).toEqual([0, 2, 3]);
    expect(after.positionAt(3)).toEqual({ line: 2, character: 0 });
  });
});
