import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MovedRanges, problemBlocks } from '../../src/core/movedRanges';

describe('MovedRanges', () => {
  it('shifts ranges after an edit, leaves those before, and marks a touched range’s group', () => {
    const moved = new MovedRanges([
      { start: 0, end: 4, group: 0 },
      { start: 10, end: 14, group: 1 },
      { start: 20, end: 24, group: 2 },
    ]);
    moved.applyEdit(6, 2, 5); // "xx" at 6 → five characters: +3 after it
    expect(moved.spans()).toEqual([
      { start: 0, end: 4, group: 0 },
      { start: 13, end: 17, group: 1 },
      { start: 23, end: 27, group: 2 },
    ]);
    expect([0, 1, 2].map((g) => moved.isTouched(g))).toEqual([false, false, false]);
    moved.applyEdit(15, 1, 0); // inside the second range
    expect(moved.isTouched(1)).toBe(true);
    expect(moved.isTouched(2)).toBe(false);
    expect(moved.spans()[2]).toEqual({ start: 22, end: 26, group: 2 });
  });

  it('counts an insertion at either end of a range as touching it', () => {
    const atStart = new MovedRanges([{ start: 5, end: 8, group: 0 }]);
    atStart.applyEdit(5, 0, 1);
    expect(atStart.isTouched(0)).toBe(true);
    const atEnd = new MovedRanges([{ start: 5, end: 8, group: 3 }]);
    atEnd.applyEdit(8, 0, 1);
    expect(atEnd.isTouched(3)).toBe(true);
    const before = new MovedRanges([{ start: 5, end: 8, group: 0 }]);
    before.applyEdit(4, 0, 1);
    expect(before.isTouched(0)).toBe(false);
    expect(before.spans()[0]).toMatchObject({ start: 6, end: 9 });
  });

  it('a deletion that swallows a range touches it, even when an undo puts the text back', () => {
    const moved = new MovedRanges([{ start: 10, end: 12, group: 4 }]);
    moved.applyEdit(0, 30, 0);
    moved.applyEdit(0, 0, 30);
    expect(moved.isTouched(4)).toBe(true);
  });

  it('holds exactly the new spans only when the ranges moved onto them, in order', () => {
    // Four identical lines of 10 characters, a range at the start of each: "copy line down" on
    // line 1 inserts "\n" + the line at the end of line 1, touching no range.
    const line = 10;
    const spans = [0, 1, 2, 3].map((i) => ({ start: i * (line + 1), end: i * (line + 1) + 4, group: 0 }));
    const moved = new MovedRanges(spans);
    moved.applyEdit(2 * (line + 1) - 1, 0, line + 1);
    expect(moved.isTouched(0)).toBe(false);
    // The new analysis has a range on each of the five lines: the same lines and columns as before
    // for the first four, but the old ranges of lines 2 and 3 are now on lines 3 and 4.
    const now = [0, 1, 2, 3, 4].map((i) => ({ start: i * (line + 1), end: i * (line + 1) + 4 }));
    expect(moved.holdsExactly(0, now)).toBe(false);
    expect(moved.holdsExactly(0, [now[0], now[1], now[3], now[4]])).toBe(true);
    // A character typed at the end of line 0 moves the ranges after it by one: they hold the shifted spans.
    const typed = new MovedRanges(spans);
    typed.applyEdit(line, 0, 1);
    expect(typed.holdsExactly(0, spans.map((s, i) => (i === 0 ? s : { start: s.start + 1, end: s.end + 1 })))).toBe(true);
    expect(typed.holdsExactly(0, spans)).toBe(false);
    expect(typed.holdsExactly(1, [])).toBe(true);
  });

  it('an untouched range is where its characters are after any edits (property)', () => {
    const edit = fc.record({ at: fc.nat(), removed: fc.nat({ max: 6 }), inserted: fc.nat({ max: 6 }) });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 60 }), fc.integer({ min: 1, max: 5 })), { maxLength: 8 }), fc.array(edit, { maxLength: 6 }), (raw, edits) => {
        // Characters are their original offsets; inserted ones are -1.
        let chars: number[] = Array.from({ length: 70 }, (_, i) => i);
        const spans = raw.map(([start, length], group) => ({ start, end: start + length, group }));
        const moved = new MovedRanges(spans);
        for (const e of edits) {
          const at = e.at % (chars.length + 1);
          const removed = Math.min(e.removed, chars.length - at);
          chars = [...chars.slice(0, at), ...Array<number>(e.inserted).fill(-1), ...chars.slice(at + removed)];
          moved.applyEdit(at, removed, e.inserted);
        }
        moved.spans().forEach((now, i) => {
          if (moved.isTouched(now.group)) return;
          const original = spans[i];
          // The range now holds exactly its original characters, in order.
          expect(chars.slice(now.start, now.end)).toEqual(Array.from({ length: original.end - original.start }, (_, k) => original.start + k));
        });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('problemBlocks', () => {
  it('keeps a short list in one block', () => {
    const plan = problemBlocks(200, 100_000, 64);
    expect(plan.linesPerBlock).toBe(Infinity);
    expect(plan.blockOf(99_999)).toBe(0);
  });

  it('splits a long list by blocks of lines, doubling the block size to stay within the maximum', () => {
    const short = problemBlocks(665, 17_957, 64);
    expect(short.linesPerBlock).toBe(500);
    expect([0, 499, 500, 17_956].map(short.blockOf)).toEqual([0, 0, 1, 35]);
    const long = problemBlocks(5_000, 100_000, 64);
    expect(long.linesPerBlock).toBe(2_000);
    expect(long.blockOf(99_999)).toBe(49);
    // Lines beyond the count the plan was made for (a later edit) stay in the last block.
    expect(problemBlocks(1_000, 32_000, 64).blockOf(10_000_000)).toBe(63);
  });

  it('keeps its block size while an edit changes the line count a little', () => {
    expect(problemBlocks(665, 17_957, 64).linesPerBlock).toBe(problemBlocks(665, 17_990, 64).linesPerBlock);
  });
});
