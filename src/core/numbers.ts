// Reading numerals: Arabic (with thousands separators), Chinese (十百千万亿 and mixed forms like
// 5.6亿 or 两千零四十八), and the vague forms 数千万 / 几百万 (a few of that unit).

/** A numeral read at some offset of the folded text. */
export interface Numeral {
  end: number;
  /** The stated number, or the low end when vague. */
  value: number;
  /** Set for vague amounts (数千万 → [2e7, 9e7]). */
  vague?: [number, number];
  /** Size of one unit of the last stated digit (560万 → 100000): how far rounding may reach. */
  step: number;
  /** The numeral is a single Chinese character (一, 两, 十…), which is often part of a word. */
  loneChinese: boolean;
  /** The numeral ends with a Chinese scale character (万, 亿…). */
  scaled: boolean;
  /** That scale's multiplier (1 when none): 5.6亿 → 1e8. */
  scale: number;
  chinese: boolean;
}

export const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9,
};
export const CN_SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
export const CN_BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

const ARABIC_RE = /\d+(?:,\d{3})*(?:\.\d+)?|\.\d+/y;
const SCALE_RE = / ?([十百千万亿]+)/y;
const CN_RE = /[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万亿]+(?:点[零〇一二三四五六七八九]+[万亿]*)?/y;
/** 两三天, 三四个月, 五六十人: two neighbouring digits give a range. */
const CN_PAIR_RE = /^([一二两三四五六七八九])([二两三四五六七八九])([十百千万亿]*)$/;
/** 十余个, 十几个: between 11 and 19. */
const CN_TEENS_RE = /十[余几多]/y;
const VAGUE_RE = /([数几])([十百千万亿]+)/y;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Multiplier of a run of scale characters: 万 → 1e4, 万亿 → 1e12, 百万 → 1e6, 十亿 → 1e9. */
export function scaleOf(chars: string): number {
  let total = 1;
  for (const ch of chars) total *= CN_SMALL_UNITS[ch] ?? CN_BIG_UNITS[ch] ?? 1;
  return total;
}

/**
 * Value of a Chinese numeral (may start with an Arabic number: 5.6亿, 1万亿).
 * Returns the value and the size of its last stated digit.
 */
export function parseChineseNumeral(text: string, leading?: number): { value: number; step: number } | undefined {
  let total = 0; // parts closed by 亿
  let section = 0; // parts closed by 万 or a small unit, below the current 亿
  let current = leading ?? 0; // digit not yet multiplied
  let hasCurrent = leading !== undefined;
  let step = 1;
  let lastUnit = 1;
  let sawAny = leading !== undefined;
  let i = 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '点') break;
    const digit = CN_DIGITS[ch];
    if (digit !== undefined) {
      current = digit;
      hasCurrent = true;
      sawAny = true;
      continue;
    }
    const small = CN_SMALL_UNITS[ch];
    if (small !== undefined) {
      section += (hasCurrent ? current : 1) * small;
      current = 0;
      hasCurrent = false;
      lastUnit = small;
      sawAny = true;
      continue;
    }
    const big = CN_BIG_UNITS[ch];
    if (big !== undefined) {
      if (big === 1e8) {
        total = (total + section + current) * 1e8;
        section = 0;
      } else {
        section = (section + current) * 1e4;
      }
      lastUnit = lastUnit * big;
      current = 0;
      hasCurrent = false;
      sawAny = true;
      continue;
    }
    return undefined;
  }
  if (!sawAny) return undefined;
  let value = total + section + current;
  if (i < text.length) {
    // 十二点五: decimal digits after 点; 三点五亿: then a scale for the whole number.
    let fraction = 0;
    let scale = 0.1;
    let multiplier = 1;
    for (const ch of text.slice(i + 1)) {
      const d = CN_DIGITS[ch];
      if (d !== undefined && multiplier === 1) {
        fraction += d * scale;
        scale /= 10;
      } else if (CN_BIG_UNITS[ch] !== undefined) multiplier *= CN_BIG_UNITS[ch];
      else return undefined;
    }
    value = (value + fraction) * multiplier;
    step = scale * 10 * multiplier;
  } else {
    // A trailing digit after a unit (两千零四十八 → 8) counts in ones; else the last unit's size.
    step = hasCurrent && current !== 0 ? 1 : lastUnit;
    if (leading !== undefined && !hasCurrent) step = lastUnit;
  }
  return { value, step };
}

function arabicStep(raw: string): number {
  const dot = raw.indexOf('.');
  if (dot >= 0) return Math.pow(10, -(raw.length - dot - 1));
  let zeros = 0;
  for (let i = raw.length - 1; i > 0 && raw[i] === '0'; i--) zeros++;
  return Math.pow(10, zeros);
}

/**
 * Reads a numeral starting exactly at `start` of the folded text, or returns undefined. A numeral
 * too large (一万万万…, 1亿亿亿…: past 1e308 it is Infinity) or too fine (0.000…1 with hundreds of
 * zeros: its step is 0) for a double is not one.
 */
export function readNumeral(folded: string, start: number): Numeral | undefined {
  const numeral = readAnyNumeral(folded, start);
  if (!numeral) return undefined;
  const { value, step, scale, vague } = numeral;
  if (!Number.isFinite(value) || !Number.isFinite(scale) || !(Number.isFinite(step) && step > 0)) return undefined;
  if (vague && !(Number.isFinite(vague[0]) && Number.isFinite(vague[1]))) return undefined;
  return numeral;
}

function readAnyNumeral(folded: string, start: number): Numeral | undefined {
  const c = folded.charCodeAt(start);
  if (isDigit(c) || (c === 46 && isDigit(folded.charCodeAt(start + 1)))) {
    ARABIC_RE.lastIndex = start;
    const m = ARABIC_RE.exec(folded);
    if (!m) return undefined;
    const raw = m[0].replace(/,/g, '');
    const value = Number(raw);
    if (!Number.isFinite(value)) return undefined;
    let end = start + m[0].length;
    let step = arabicStep(raw);
    SCALE_RE.lastIndex = end;
    const s = SCALE_RE.exec(folded);
    if (s) {
      const parsed = parseChineseNumeral(s[1], value);
      // 5万2千 style continuations are rare; a plain scale run is what news writes.
      if (parsed && /^[万亿百千十]+$/.test(s[1])) {
        const scale = scaleOf(s[1]);
        let total = value * scale;
        let totalEnd = end + s[0].length;
        let totalStep = step * scale;
        // 2万5千, 3亿5千万: a smaller part after the scale adds to it.
        const rest = /^(\d+)([千百十万]+)/.exec(folded.slice(totalEnd, totalEnd + 12));
        if (rest && Number.isInteger(value)) {
          const part = Number(rest[1]) * scaleOf(rest[2]);
          if (part < scale) {
            total += part;
            totalEnd += rest[0].length;
            totalStep = scaleOf(rest[2]);
          }
        }
        return { end: totalEnd, value: total, step: totalStep, loneChinese: false, scaled: true, scale, chinese: false };
      }
    }
    return { end, value, step, loneChinese: false, scaled: false, scale: 1, chinese: false };
  }
  CN_TEENS_RE.lastIndex = start;
  const teens = CN_TEENS_RE.exec(folded);
  if (teens) {
    return { end: start + 2, value: 11, vague: [11, 19], step: 1, loneChinese: false, scaled: false, scale: 1, chinese: true };
  }
  VAGUE_RE.lastIndex = start;
  const v = VAGUE_RE.exec(folded);
  if (v) {
    const scale = scaleOf(v[2]);
    return {
      end: start + v[0].length,
      value: 2 * scale,
      vague: [2 * scale, 9 * scale],
      step: scale,
      loneChinese: false,
      scaled: true,
      scale,
      chinese: true,
    };
  }
  CN_RE.lastIndex = start;
  const m = CN_RE.exec(folded);
  if (!m) return undefined;
  let raw = m[0];
  // 零 does not start a number (零点五 aside), and a bare 万 or 亿 is a word (万一, 亿万) or a
  // vague amount handled by the caller (上亿, 过万): never a numeral worth 0.
  if (raw[0] === '万' || raw[0] === '亿') return undefined;
  if (raw[0] === '零' && raw[1] !== '点') return undefined;
  const pair = CN_PAIR_RE.exec(raw);
  if (pair && CN_DIGITS[pair[2]] > CN_DIGITS[pair[1]]) {
    const scale = pair[3] ? scaleOf(pair[3]) : 1;
    const [lo, hi] = [CN_DIGITS[pair[1]] * scale, CN_DIGITS[pair[2]] * scale];
    return { end: start + raw.length, value: lo, vague: [lo, hi], step: scale, loneChinese: false, scaled: Boolean(pair[3]), scale, chinese: true };
  }
  const parsed = parseChineseNumeral(raw);
  if (!parsed) return undefined;
  const last = raw[raw.length - 1];
  const trailing = /[万亿]+$/.exec(raw);
  return {
    scale: trailing ? scaleOf(trailing[0]) : 1,
    end: start + raw.length,
    value: parsed.value,
    step: parsed.step,
    loneChinese: raw.length === 1,
    scaled: last === '万' || last === '亿',
    chinese: true,
  };
}

export const ENGLISH_SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, mln: 1e6, m: 1e6, billion: 1e9, bn: 1e9, bln: 1e9, b: 1e9, trillion: 1e12, tn: 1e12, t: 1e12,
};

export const ENGLISH_NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
};
