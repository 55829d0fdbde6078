// Human-readable normalised values: 560万美元 → US$5,600,000; 数千万美元 → US$20M–90M; 至少5万块 → ≥ 50,000.
import type { Fact, Figure, Unit } from './types';
import { isCurrency } from './intervals';

const CURRENCY_SYMBOLS: Record<string, string> = { USD: 'US$', EUR: '€', CNY: 'CN¥', JPY: 'JP¥', GBP: '£', HKD: 'HK$', TWD: 'NT$' };

// One formatter for all: toLocaleString builds a new one on every call, 60 times slower.
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

function grouped(x: number): string {
  // Whole numbers of up to 12 digits, the most common, grouped by hand: as the formatter does, ten times faster.
  if (Number.isInteger(x) && Math.abs(x) < 1e12 && !Object.is(x, -0)) {
    const digits = String(Math.abs(x));
    let out = digits.length % 3 === 0 ? '' : digits.slice(0, digits.length % 3);
    for (let i = digits.length % 3; i < digits.length; i += 3) out += (out ? ',' : '') + digits.slice(i, i + 3);
    return x < 0 ? '-' + out : out;
  }
  return GROUPED.format(Number(x.toPrecision(12)));
}

/** 20000000 → "20M", 1.2e12 → "1.2T": compact form for range ends. */
function compact(x: number): string {
  const abs = Math.abs(x);
  const [div, suffix] = abs >= 1e12 ? [1e12, 'T'] : abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e4 ? [1e3, 'K'] : [1, ''];
  return `${Number((x / div).toPrecision(4))}${suffix}`;
}

function withUnit(amount: string, unit: Unit, plural: boolean): string {
  if (isCurrency(unit)) return `${CURRENCY_SYMBOLS[unit] ?? unit + ' '}${amount}`;
  switch (unit) {
    case 'percent':
      return `${amount}%`;
    case 'count':
      return amount;
    case 'times':
      return `×${amount}`;
    case 'rank':
      return `#${amount}`;
    default:
      return `${amount} ${unit}${plural ? 's' : ''}`;
  }
}

export function formatAmount(x: number, unit: Unit): string {
  return withUnit(grouped(x), unit, x !== 1);
}

function formatRange(min: number, max: number, unit: Unit): string {
  const big = Math.max(Math.abs(min), Math.abs(max)) >= 1e6;
  const f = big ? compact : grouped;
  const amount = `${f(min)}–${f(max)}`;
  return withUnit(amount, unit, true);
}

function dateText(figure: Figure): string {
  if (typeof figure.value === 'string') return figure.value;
  const iso = (d: { year: number | null; month: number; day: number | null }): string =>
    `${d.year ?? '-'}-${String(d.month).padStart(2, '0')}${d.day === null ? '' : '-' + String(d.day).padStart(2, '0')}`;
  if (figure.date && figure.dateEnd) return `${iso(figure.date)} – ${iso(figure.dateEnd)}`;
  return figure.text;
}

/** The figure's normalised value as a reader would write it. */
export function formatFigure(figure: Figure): string {
  if (figure.unit === 'date') return dateText(figure);
  const { min, max, unit } = figure;
  switch (figure.bound) {
    case 'exact':
      return typeof figure.value === 'number' ? formatAmount(figure.value, unit) : figure.text;
    case 'at-least':
      return `≥ ${formatAmount(min ?? 0, unit)}`;
    case 'more-than':
      return `> ${formatAmount(min ?? 0, unit)}`;
    case 'at-most':
      return `≤ ${formatAmount(max ?? 0, unit)}`;
    case 'less-than':
      return `< ${formatAmount(max ?? 0, unit)}`;
    case 'about':
      return typeof figure.value === 'number'
        ? `≈ ${formatAmount(figure.value, unit)} (${formatRange(min ?? 0, max ?? 0, unit)})`
        : `≈ ${formatRange(min ?? 0, max ?? 0, unit)}`;
    case 'nearly':
      return `nearly ${formatAmount(max ?? 0, unit)} (${formatRange(min ?? 0, max ?? 0, unit)})`;
    case 'range':
      return min !== null && max !== null ? formatRange(min, max, unit) : figure.text;
  }
}

/**
 * A fraction as a percentage to three significant digits (0.1 → "10"). One too large for a number
 * once multiplied by 100 (a registry may say 1e308) moves its exponent instead of printing Infinity.
 */
function percentOf(fraction: number): string {
  const percent = fraction * 100;
  if (Number.isFinite(percent)) return String(Number(percent.toPrecision(3)));
  const [mantissa, exponent] = fraction.toExponential(2).split('e');
  return `${Number(mantissa)}e+${Number(exponent) + 2}`;
}

/** The registry's value with its bound: "US$5,576,000 (about ±10%)". */
export function formatFactValue(fact: Fact): string {
  const { value, unit, bound, tolerance } = fact;
  if (value === undefined) return 'no value';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = formatAmount(value, unit);
  else text = formatRange(value[0], value[1], unit);
  const prefix = bound === 'at-least' ? '≥ ' : bound === 'at-most' ? '≤ ' : bound === 'about' ? '≈ ' : '';
  const tol = tolerance > 0 ? (unit === 'date' ? ` ±${tolerance} d` : ` ±${percentOf(tolerance)}%`) : '';
  return `${prefix}${text}${tol}`;
}
