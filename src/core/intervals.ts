// Intervals of figures and facts in a common unit, and whether they agree.
import type { DateParts, Fact, Figure, TimeUnit, Unit } from './types';
import { TIME_UNITS } from './types';

export interface Interval {
  min: number; // -Infinity when open-ended
  max: number; // Infinity when open-ended
  minOpen?: boolean;
  maxOpen?: boolean;
}

const DAYS_PER: Record<TimeUnit, number> = {
  second: 1 / 86400,
  minute: 1 / 1440,
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 30.4375,
  year: 365.25,
};

export function isTimeUnit(unit: Unit): unit is TimeUnit {
  return (TIME_UNITS as readonly string[]).includes(unit);
}

export function isCurrency(unit: Unit): boolean {
  return /^[A-Z]{3}$/.test(unit);
}

/** Whether a figure in `figureUnit` can be compared with a fact in `factUnit`. */
export function unitsCompatible(figureUnit: Unit, factUnit: Unit): boolean {
  if (figureUnit === factUnit) return true;
  return isTimeUnit(figureUnit) && isTimeUnit(factUnit);
}

/** Factor converting an amount in `from` into `to` (both time units, or equal). */
function factor(from: Unit, to: Unit): number {
  if (from === to) return 1;
  return DAYS_PER[from as TimeUnit] / DAYS_PER[to as TimeUnit];
}

/** Days since 1970-01-01 of a calendar date. */
export function epochDay(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86400000);
}

export function parseIsoDate(value: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** The most a plainly stated figure may be off by rounding, relative to its value. */
const MAX_ROUNDING = 0.05;

/** A leap year, so that 02-29 without a year still has a day. */
const YEARLESS = 2000;

function lastDay(end: DateParts, year: number): number {
  if (end.month === 0) return epochDay(year, 12, 31);
  if (end.day === null) return epochDay(year, end.month + 1, 0);
  return epochDay(year, end.month, end.day);
}

function dateSpan(start: DateParts, end: DateParts, assumeYear: number): Interval {
  const y1 = start.year ?? assumeYear;
  const first = start.month === 0 ? epochDay(y1, 1, 1) : epochDay(y1, start.month, start.day ?? 1);
  let last = lastDay(end, end.year ?? y1);
  // "12月30日至1月2日": an end without a year of its own that falls before the start is in the next year.
  if (last < first && end.year === null) last = lastDay(end, y1 + 1);
  return { min: first, max: last, minOpen: undefined, maxOpen: undefined };
}

function factYear(fact: Fact | undefined): number | undefined {
  if (fact && typeof fact.value === 'string') return parseIsoDate(fact.value)?.year;
  return undefined;
}

/**
 * The interval a figure allows, in `unit` (the fact's unit), or undefined when incomparable.
 * A plainly stated number may be rounded: 560万 allows half a step (5万) either way, at most 5%.
 */
export function figureInterval(figure: Figure, unit: Unit, fact?: Fact, assumeYear?: number): Interval | undefined {
  if (figure.unit === 'date') {
    if (unit !== 'date' || !figure.date) return undefined;
    const year = figure.date.year ?? factYear(fact) ?? assumeYear ?? YEARLESS;
    return dateSpan(figure.date, figure.dateEnd ?? figure.date, year);
  }
  if (!unitsCompatible(figure.unit, unit)) return undefined;
  if (figure.min === null && figure.max === null) return undefined;
  const k = factor(figure.unit, unit);
  // Rounding: half a step of the last stated digit, but no more than 5% of the value, so that
  // 560万 admits 5,576,000 while a bare 600万 does not. Only a plainly stated number is rounded:
  // a range or vague amount (数百万, 20多个) already says how far it reaches.
  const rounded = figure.bound === 'exact';
  const magnitude = Math.max(Math.abs(figure.min ?? 0), Math.abs(figure.max ?? 0));
  const slack = rounded && figure.step ? Math.min(figure.step / 2, magnitude * MAX_ROUNDING) : 0;
  return {
    min: figure.min === null ? -Infinity : (figure.min - slack) * k,
    max: figure.max === null ? Infinity : (figure.max + slack) * k,
    minOpen: figure.minOpen && slack === 0,
    maxOpen: figure.maxOpen && slack === 0,
  };
}

/** The interval the registry allows for a fact, or undefined when the fact has no value. */
export function factInterval(fact: Fact): Interval | undefined {
  const { value, tolerance: t, bound } = fact;
  if (value === undefined) return undefined;
  let lo: number;
  let hi: number;
  let widen: (x: number, sign: 1 | -1) => number;
  if (typeof value === 'string') {
    const d = parseIsoDate(value);
    if (!d) return undefined;
    lo = hi = epochDay(d.year, d.month, d.day);
    widen = (x, sign) => x + sign * t; // days
  } else {
    [lo, hi] = typeof value === 'number' ? [value, value] : value;
    widen = (x, sign) => x + sign * Math.abs(x) * t;
  }
  const min = widen(lo, -1);
  const max = widen(hi, 1);
  switch (bound) {
    // One shape for every interval (see figureInterval): the comparisons stay monomorphic.
    case 'at-least':
      return { min, max: Infinity, minOpen: undefined, maxOpen: undefined };
    case 'at-most':
      return { min: -Infinity, max, minOpen: undefined, maxOpen: undefined };
    default:
      return { min, max, minOpen: undefined, maxOpen: undefined };
  }
}

const EPSILON = 1e-9;

/**
 * How an upper end `a` stands against a lower end `b`: -1 below it, 0 touching it (equal up to
 * rounding error), 1 neither. Monotone in each argument, so sorted ends can be binary searched.
 */
export function endOrder(a: number, b: number): -1 | 0 | 1 {
  if (a === Infinity || b === -Infinity) return 1;
  if (a === -Infinity || b === Infinity) return -1;
  const scale = Math.max(1, Math.abs(a), Math.abs(b));
  if (a < b - EPSILON * scale) return -1;
  if (Math.abs(a - b) <= EPSILON * scale) return 0;
  return 1;
}

/** Whether an interval ending at `a` lies wholly below one starting at `b`; touching ends count when either is open. */
export function endsBelow(a: number, aOpen: boolean | undefined, b: number, bOpen: boolean | undefined): boolean {
  const order = endOrder(a, b);
  return order < 0 || (order === 0 && Boolean(aOpen || bOpen));
}

export function overlaps(a: Interval, b: Interval): boolean {
  return !endsBelow(a.max, a.maxOpen, b.min, b.minOpen) && !endsBelow(b.max, b.maxOpen, a.min, a.minOpen);
}

/** Intervals of two figures compared with each other (for cross-article conflicts). */
export function figuresAgree(a: Figure, b: Figure, unit: Unit, fact?: Fact): boolean {
  const ia = figureInterval(a, unit, fact);
  const ib = figureInterval(b, unit, fact);
  if (!ia || !ib) return true;
  return overlaps(ia, ib);
}
