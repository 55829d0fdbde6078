// The fact sheet's chart scale (media/chartScale.js, which runs in the webview).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface Scale {
  log: boolean;
  lo: number;
  hi: number;
  at(x: number): number;
  ticks(): number[];
}
const chart = createRequire(import.meta.url)('../../media/chartScale.js') as {
  makeScale(values: number[], unit: string): Scale;
  tickText(x: number, unit: string): string;
  isoDay(day: number): string;
};

describe('fact sheet chart scale', () => {
  it('is linear within two orders of magnitude, with every value inside the axis', () => {
    const scale = chart.makeScale([2048, 50_000], 'count');
    expect(scale.log).toBe(false);
    for (const v of [2048, 50_000]) {
      expect(scale.at(v)).toBeGreaterThan(0);
      expect(scale.at(v)).toBeLessThan(1);
    }
    expect(scale.ticks().map((t) => chart.tickText(t, 'count'))).toEqual(['0', '20K', '40K']);
  });

  it('turns logarithmic beyond two orders of magnitude, with power-of-ten ticks', () => {
    const scale = chart.makeScale([1e6, 5e8], 'USD');
    expect(scale.log).toBe(true);
    expect(scale.ticks().map((t) => chart.tickText(t, 'USD'))).toEqual(['US$1M', 'US$10M', 'US$100M']);
    // Equal ratios take equal room.
    expect(scale.at(1e8) - scale.at(1e7)).toBeCloseTo(scale.at(1e7) - scale.at(1e6), 9);
    // Zero or negative values cannot go on a log axis.
    expect(chart.makeScale([0, 5e8], 'USD').log).toBe(false);
  });

  it('plots dates as day numbers with ISO labels, never on a log scale', () => {
    const day = Math.floor(Date.UTC(2025, 0, 29) / 86_400_000);
    const scale = chart.makeScale([day, day + 1], 'date');
    expect(scale.log).toBe(false);
    expect(scale.ticks().map((t) => chart.tickText(t, 'date'))).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(chart.isoDay(day)).toBe('2025-01-29');
    expect(chart.makeScale([1, 100_000], 'date').log).toBe(false);
  });

  it('gives a single value room on both sides', () => {
    const scale = chart.makeScale([3.65, 3.65], 'percent');
    expect(scale.at(3.65)).toBeCloseTo(0.5, 9);
    expect(chart.tickText(3.5, 'percent')).toBe('3.5%');
  });
});
