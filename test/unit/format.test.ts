import { describe, expect, it } from 'vitest';
import { formatFactValue } from '../../src/core/format';
import { parseRegistry } from '../../src/core/registry';

/** The registry value of a one-fact registry, as messages and hovers show it. */
function shown(fields: string): string {
  const registry = parseRegistry(`facts:\n  x.fact:\n    claim: A fact\n${fields}    match: [[DeepSeek]]\n`);
  expect(registry.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return formatFactValue(registry.facts[0]);
}

describe('formatFactValue', () => {
  it('shows a tolerance as a percentage, or in days for a date', () => {
    expect(shown('    value: 2048\n    unit: count\n    tolerance: 0.1\n')).toBe('2,048 ±10%');
    expect(shown('    value: 2048\n    unit: count\n    tolerance: 0.0125\n')).toBe('2,048 ±1.25%');
    expect(shown('    value: "2025-01-30"\n    unit: date\n    tolerance: 1\n')).toBe('2025-01-30 ±1 d');
  });

  it('shows a tolerance too large to multiply by 100 with its exponent moved, not as Infinity', () => {
    expect(shown('    value: 2048\n    unit: count\n    tolerance: 1e308\n')).toBe('2,048 ±1e+310%');
    expect(shown('    value: 2048\n    unit: count\n    tolerance: 1.5e307\n')).toBe('2,048 ±1.5e+309%');
    expect(shown('    value: 2048\n    unit: count\n    tolerance: 1e300\n')).toBe('2,048 ±1e+302%');
  });
});
