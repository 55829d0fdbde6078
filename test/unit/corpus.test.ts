// Golden excerpts of real articles (test/fixtures/corpus): every figure a fact-checker wants, and
// no noise. The goldens were written by hand, independently of the extractor.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/core/extract';

interface GoldenFigure {
  text: string;
  unit: string;
  value: number | string | null;
  min: number | null;
  max: number | null;
}
interface Golden {
  figures: GoldenFigure[];
  optional?: GoldenFigure[];
  notFigures?: string[];
}

const dir = path.join(__dirname, '../fixtures/corpus');
const names = readdirSync(dir).filter((f) => f.endsWith('.txt'));

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe.each(names)('%s', (name) => {
  const text = readFileSync(path.join(dir, name), 'utf8');
  const golden = JSON.parse(readFileSync(path.join(dir, name.replace(/\.txt$/, '.expected.json')), 'utf8')) as Golden;
  const figures = extractFigures(text);
  const shape = (f: GoldenFigure) => ({ text: f.text, unit: f.unit, value: f.value, min: f.min, max: f.max });

  it('finds every expected figure with its value and interval', () => {
    for (const expected of golden.figures) {
      const found = figures.find((f) => f.text === expected.text && f.unit === expected.unit && f.value === expected.value);
      expect(found ? shape({ ...found, min: found.unit === 'date' ? null : found.min, max: found.unit === 'date' ? null : found.max } as GoldenFigure) : undefined, expected.text).toBeDefined();
      if (found && found.unit !== 'date') {
        expect(close(found.min, expected.min) && close(found.max, expected.max), `${expected.text}: [${found.min}, ${found.max}]`).toBe(true);
      }
    }
  });

  it('finds nothing else', () => {
    const allowed = [...golden.figures, ...(golden.optional ?? [])].map((f) => f.text);
    const extra = figures.map((f) => f.text).filter((t) => !allowed.includes(t));
    expect(extra).toEqual([]);
  });

  it('reads none of the non-figures', () => {
    for (const not of golden.notFigures ?? []) {
      let at = text.indexOf(not);
      while (at >= 0) {
        const end = at + not.length;
        const hit = figures.find((f) => f.span.start < end && f.span.end > at && !golden.figures.some((g) => g.text === f.text));
        expect(hit?.text, `"${not}" at ${at}`).toBeUndefined();
        at = text.indexOf(not, end);
      }
    }
  });
});
