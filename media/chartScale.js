// Scales and tick labels of the fact sheet's chart: pure functions, loaded by the fact sheet
// before factSheet.js (as window.FactLedgerChart) and by the unit tests (as a CommonJS module).
// @ts-check
(function (exports) {
  'use strict';

  // ---- numbers and dates -------------------------------------------------------------------

  const CURRENCY = { USD: 'US$', EUR: '€', CNY: 'CN¥', JPY: 'JP¥', GBP: '£', HKD: 'HK$', TWD: 'NT$' };

  /** @param {number} x */
  function compact(x) {
    const abs = Math.abs(x);
    const [div, suffix] = abs >= 1e12 ? [1e12, 'T'] : abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e4 ? [1e3, 'K'] : [1, ''];
    return `${Number((x / div).toPrecision(4))}${suffix}`;
  }

  /** Day number (days since 1970-01-01) → YYYY-MM-DD. @param {number} day */
  function isoDay(day) {
    return new Date(Math.round(day) * 86400000).toISOString().slice(0, 10);
  }

  /** @param {number} x @param {string} unit */
  function tickText(x, unit) {
    if (unit === 'date') return isoDay(x);
    const amount = compact(x);
    if (/^[A-Z]{3}$/.test(unit)) return `${CURRENCY[/** @type {keyof typeof CURRENCY} */ (unit)] || unit + ' '}${amount}`;
    switch (unit) {
      case 'percent':
        return `${amount}%`;
      case 'times':
        return `×${amount}`;
      case 'rank':
        return `#${amount}`;
      case 'count':
        return amount;
      default:
        return `${amount} ${unit}`;
    }
  }

  /**
   * The shared axis: linear, or logarithmic when the positive values span more than two orders
   * of magnitude; dates are linear in days.
   * @param {number[]} values @param {string} unit
   */
  function makeScale(values, unit) {
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    const log = unit !== 'date' && lo > 0 && hi / lo > 100;
    if (log) {
      const pad = Math.max(0.08 * Math.log10(hi / lo), 0.1);
      lo = lo / Math.pow(10, pad);
      hi = hi * Math.pow(10, pad);
    } else if (lo === hi) {
      const pad = unit === 'date' ? 3 : Math.max(Math.abs(lo) * 0.1, 1);
      lo -= pad;
      hi += pad;
    } else {
      // Room on both sides, so that no mark sits on the edge; dates get at least a day.
      const pad = unit === 'date' ? Math.max((hi - lo) * 0.15, 1) : (hi - lo) * 0.1;
      lo -= pad;
      hi += pad;
      // A positive quantity's axis need not go below zero for the padding's sake.
      if (unit !== 'date' && Math.min(...values) >= 0 && lo < 0) lo = 0;
    }
    const f = log ? Math.log10 : (/** @type {number} */ x) => x;
    const [a, b] = [f(lo), f(hi)];
    return {
      log,
      lo,
      hi,
      /** Position 0..1 of a value. @param {number} x */
      at: (x) => (f(x) - a) / (b - a),
      ticks: () => ticksFor(lo, hi, log, unit),
    };
  }

  /** @param {number} lo @param {number} hi @param {boolean} log @param {string} unit */
  function ticksFor(lo, hi, log, unit) {
    /** @type {number[]} */
    const ticks = [];
    if (log) {
      for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) ticks.push(Math.pow(10, e));
      if (ticks.length < 3) {
        for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
          for (const m of [2, 5]) {
            const t = m * Math.pow(10, e);
            if (t >= lo && t <= hi) ticks.push(t);
          }
        }
        ticks.sort((x, y) => x - y);
      }
      return ticks;
    }
    const span = hi - lo;
    let step;
    if (unit === 'date') {
      step = [1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652].find((d) => span / d <= 6) || 3652;
    } else {
      const raw = span / 5;
      const p = Math.pow(10, Math.floor(Math.log10(raw)));
      step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= raw) || 10 * p;
    }
    for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) ticks.push(Number(t.toPrecision(12)));
    return ticks;
  }

  exports.makeScale = makeScale;
  exports.ticksFor = ticksFor;
  exports.tickText = tickText;
  exports.isoDay = isoDay;
  // eslint-disable-next-line no-undef
})(typeof module === 'object' && module.exports ? module.exports : (/** @type {any} */ (globalThis).FactLedgerChart = {}));
