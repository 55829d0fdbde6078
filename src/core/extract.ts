// FigureExtractor: finds quantitative expressions in Chinese (simplified or traditional) and
// English text. It works on the folded text (see fold.ts), whose offsets equal the original's.
import { foldText } from './fold';
import { ENGLISH_NUMBER_WORDS, ENGLISH_SCALES, type Numeral, readNumeral, scaleOf } from './numbers';
import { excludedSpans } from './mask';
import { partitionPoint } from './sorted';
import type { Bound, DateParts, Figure, QualifierKind, Span, Unit } from './types';

/** How a qualifier word changes the figure's interval. */
interface Qualifier {
  kind: QualifierKind;
  text: string;
  start: number;
}

const QUALIFIER_WORDS: [string, QualifierKind | 'none'][] = [
  // Chinese (folded to simplified). Longer words first; 'none' words block a shorter match (最近 is not 近).
  ['大约为', 'about'], ['大约', 'about'], ['大概', 'about'], ['约为', 'about'], ['约有', 'about'], ['约合', 'about'],
  ['约', 'about'], ['估计', 'about'],
  ['将近', 'nearly'], ['接近', 'nearly'], ['最近', 'none'], ['附近', 'none'], ['靠近', 'none'], ['近', 'nearly'], ['差不多', 'nearly'],
  // 约 and 超 inside words: 纽约3家医院 is New York, not "about 3".
  ['纽约', 'none'], ['签约', 'none'], ['合约', 'none'], ['条约', 'none'], ['预约', 'none'], ['节约', 'none'], ['制约', 'none'],
  ['公约', 'none'], ['违约', 'none'], ['特约', 'none'], ['赶超', 'none'], ['高超', 'none'],
  ['突破', 'more-than'], ['超', 'more-than'], ['多达', 'only'], ['高达', 'only'],
  ['至少有', 'at-least'], ['至少', 'at-least'], ['最少', 'at-least'], ['不少于', 'at-least'], ['不低于', 'at-least'], ['起码', 'at-least'],
  ['超过了', 'more-than'], ['超过', 'more-than'], ['逾', 'more-than'], ['多于', 'more-than'], ['高于', 'more-than'], ['不止', 'more-than'],
  ['最高达', 'at-most'], ['最高', 'at-most'], ['最多', 'at-most'], ['不超过', 'at-most'], ['至多', 'at-most'],
  ['不到', 'less-than'], ['不足', 'less-than'], ['少于', 'less-than'], ['低于', 'less-than'],
  ['仅仅', 'only'], ['仅为', 'only'], ['仅有', 'only'], ['仅', 'only'], ['只有', 'only'], ['只', 'only'],
  // English (folded to lower case).
  ['approximately', 'about'], ['about', 'about'], ['around', 'about'], ['roughly', 'about'], ['some', 'about'], ['~', 'about'],
  ['nearly', 'nearly'], ['almost', 'nearly'], ['close to', 'nearly'],
  ['at least', 'at-least'], ['no less than', 'at-least'], ['no fewer than', 'at-least'],
  ['more than', 'more-than'], ['higher than', 'more-than'], ['greater than', 'more-than'], ['over', 'more-than'], ['above', 'more-than'], ['exceeding', 'more-than'], ['upwards of', 'more-than'],
  ['up to', 'at-most'], ['at most', 'at-most'], ['no more than', 'at-most'],
  ['less than', 'less-than'], ['fewer than', 'less-than'], ['under', 'less-than'],
  ['only', 'only'], ['just', 'only'],
];
// Longest first, so that 不超过 wins over 超过 and 最近 over 近.
QUALIFIER_WORDS.sort((a, b) => b[0].length - a[0].length);
const QUALIFIER_MAX = QUALIFIER_WORDS[0][0].length;
/** The qualifier words by their last code unit, longest first as above. */
const QUALIFIERS_BY_LAST = new Map<number, [string, QualifierKind | 'none'][]>();
for (const entry of QUALIFIER_WORDS) {
  const last = entry[0].charCodeAt(entry[0].length - 1);
  const list = QUALIFIERS_BY_LAST.get(last);
  if (list) list.push(entry);
  else QUALIFIERS_BY_LAST.set(last, [entry]);
}

const CURRENCY_WORDS: [string, string][] = [
  ['美元', 'USD'], ['美金', 'USD'], ['欧元', 'EUR'], ['人民币', 'CNY'], ['日元', 'JPY'], ['日圆', 'JPY'], ['英镑', 'GBP'],
  ['港元', 'HKD'], ['港币', 'HKD'], ['韩元', 'KRW'], ['新台币', 'TWD'], ['台币', 'TWD'], ['卢布', 'RUB'], ['块钱', 'CNY'], ['元', 'CNY'],
  [' dollars', 'USD'], [' dollar', 'USD'], [' usd', 'USD'], [' euros', 'EUR'], [' euro', 'EUR'], [' eur', 'EUR'],
  [' yuan', 'CNY'], [' rmb', 'CNY'], [' cny', 'CNY'], [' yen', 'JPY'], [' pounds', 'GBP'],
];
const CURRENCY_PREFIXES: [string, string][] = [
  ['us$', 'USD'], ['usd', 'USD'], ['hk$', 'HKD'], ['nt$', 'TWD'], ['a$', 'AUD'], ['c$', 'CAD'], ['s$', 'SGD'], ['$', 'USD'],
  ['eur', 'EUR'], ['€', 'EUR'], ['£', 'GBP'], ['gbp', 'GBP'], ['rmb', 'CNY'], ['cny', 'CNY'], ['人民币', 'CNY'], ['¥', 'CNY'], ['￥', 'CNY'],
  ['jpy', 'JPY'],
  // 港币100元, 美金100元: the currency named before the number wins over the 元 after it.
  ['美元', 'USD'], ['美金', 'USD'], ['港币', 'HKD'], ['港元', 'HKD'], ['新台币', 'TWD'], ['台币', 'TWD'], ['欧元', 'EUR'], ['日元', 'JPY'],
];

const CURRENCY_WORD_FIRST = new Set(CURRENCY_WORDS.map(([word]) => word.charCodeAt(0)));
const CURRENCY_PREFIX_LAST = new Set(CURRENCY_PREFIXES.map(([prefix]) => prefix[prefix.length - 1]));
const COUNT_NOUNS_CN = ['参数', '用户', '网友', '员工', '亿参数'];
const ENGLISH_COUNT_NOUNS =
  'chips?|gpus?|accelerators?|cards?|servers?|processors?|countries|nations|people|persons|users?|employees|engineers|researchers|' +
  'parameters?|params|tokens?|downloads?|companies|firms|startups|models|apps|subscribers|customers|developers|workers|jobs|votes|tons|units';

// A count noun after up to three words: 2,048 Nvidia H800 GPUs.
const ENGLISH_NOUN_RE = new RegExp(`(?: [a-z][a-z0-9.\\-]*){0,3}? (${ENGLISH_COUNT_NOUNS})\\b`, 'y');
const TIME_UNIT_CN: [RegExp, Unit][] = [
  [/ ?个?(?:半)?(?:多)?(?:小时|钟头)/y, 'hour'],
  [/ ?(?:秒钟|秒)/y, 'second'],
  [/ ?分钟/y, 'minute'],
  [/ ?天/y, 'day'],
  [/ ?个?(?:多)?(?:星期|礼拜)/y, 'week'],
  [/ ?周(?![年岁])/y, 'week'],
  [/ ?个(?:多)?月/y, 'month'],
  [/ ?年(?![级代]|规划|计划)/y, 'year'],
];
/** Every character a Chinese time unit above can start with (after an optional space). */
const TIME_UNIT_CN_FIRST = new Set([...'个半多小钟秒分天星礼周月年']);
const TIME_UNIT_EN = /[ -](seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b/y;
const EN_TIME: Record<string, Unit> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

const MONTHS_EN: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

// Where a figure may start (what /\d|[一二…仟]|零(?=点)|[数几](?=[十百千万亿])|\b(?:month)\b\.?|\b(?:number word)(?=\b|fold\b)/
// finds): a table says which code units can, so that the scan costs one lookup a character.
const ANCHOR_NUMERAL = 1;
const ANCHOR_ZERO = 2;
const ANCHOR_VAGUE = 3;
const ANCHOR_LETTER = 4;
const ANCHOR_CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) ANCHOR_CLASS[c] = ANCHOR_NUMERAL;
for (const ch of '一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟') ANCHOR_CLASS[ch.charCodeAt(0)] = ANCHOR_NUMERAL;
ANCHOR_CLASS['零'.charCodeAt(0)] = ANCHOR_ZERO;
ANCHOR_CLASS['数'.charCodeAt(0)] = ANCHOR_VAGUE;
ANCHOR_CLASS['几'.charCodeAt(0)] = ANCHOR_VAGUE;
const ANCHOR_WORDS_MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const ANCHOR_WORDS_NUMBERS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred';
for (const word of `${ANCHOR_WORDS_MONTHS}|${ANCHOR_WORDS_NUMBERS}`.split('|')) ANCHOR_CLASS[word.charCodeAt(0)] = ANCHOR_LETTER;
/** At the start of a word: a month name or a number word. */
const ANCHOR_WORD_RE = new RegExp(`(?:${ANCHOR_WORDS_MONTHS})\\b\\.?|(?:${ANCHOR_WORDS_NUMBERS})(?=\\b|fold\\b)`, 'y');
const SCALE_CHARS = new Set([...'十百千万亿'].map((ch) => ch.charCodeAt(0)));
const CODE_POINT_DIAN = '点'.charCodeAt(0);

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

const ENGLISH_NUMBER_WORD_RE = /one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred/y;
const GPU_HOURS_RE = / ?(?:h800 |h100 |nvidia )?gpu[ -]?(?:hours?\b|小时|时)/y;
const RANGE_CONNECTOR_RE = / ?(?:~|～|〜|-|–|—|到|至| to ) ?/y;
const ISO_DATE_RE = /(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/y;
const CN_DATE_RE = /(?:(\d{4}) ?年 ?)?(\d{1,2}) ?月(?: ?(\d{1,2}) ?[日号])?/y;
const CN_MONTH_RANGE_RE = /(?:(\d{4}) ?年 ?)?(\d{1,2}) ?[-—–~至到] ?(\d{1,2}) ?月(?! ?\d)/y;
const CN_YEAR_RE = /(\d{4}) ?年(?![代度初底中末内间来])/y;
const CN_DAY_RE = /(\d{1,2}) ?[日号](?![报本元线楼院室房令机位码])/y;
const CN_NUMERAL_DATE_RE = /(?:([〇零一二三四五六七八九]{4})年)?([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})[日号])?/y;
const CN_YEAR_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const EN_DATE_MONTH_FIRST_RE = / (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b|,? (\d{4})\b/y;
const EN_DATE_DAY_FIRST_RE = /(\d{1,2})(?:st|nd|rd|th)? (january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?(?:,? (\d{4}))?/y;

const CN_NUMERAL_CHARS = new Set([...'零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点']);
const CN_SMALL_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAsciiAlnum(c: number): boolean {
  return isAsciiLetter(c) || isAsciiDigit(c);
}

/** The code unit at `i`, or after it when it is a space: where most unit patterns must start. */
function afterSpace(folded: string, i: number): number {
  const c = folded.charCodeAt(i);
  return c === 32 ? folded.charCodeAt(i + 1) : c;
}
const codes = (chars: string): Set<number> => new Set([...chars].map((ch) => ch.charCodeAt(0)));
/** First characters (after an optional space) of the percent, GPU-hour and classifier patterns. */
const PERCENT_FIRST = codes('%p个');
const GPU_HOURS_FIRST = codes('hng');
/** First characters (after an optional space) of the suffix qualifiers (左右, 以上, +, or more, (约)…); a space, as " or more" may follow one. */
const SUFFIX_FIRST = codes('左上以之+o( ');
const CLASSIFIERS = codes('个颗块张台家名位人篇款项次条部座枚片套辆架艘户所种只份本首场轮笔国例起卡');

// Patterns of readUnit, compiled once (sticky ones are positioned by matchSticky).
const MORE_SCALE_RE = /多([十百千万亿]+)/y;
const ENGLISH_SCALE_RE = / ?(thousand|million|billion|trillion|bln|mln|bn|mn|tn)(?![a-z0-9])|(k|m|b|t)(?![a-z0-9])/y;
const MULTIPLIER_RE = /x(?![a-z0-9])|-?fold\b/y;
const ORDINAL_SUFFIX_RE = /(?:st|nd|rd|th)\b( place\b)?/y;
const PERCENT_RE = / ?%| ?(?:percent|per cent)\b| ?个百分点/y;
const TIMES_RE = / times\b/y;
const RANK_CN_RE = / ?[名位]/y;
const RANK_BEFORE_RE = /(?:排名|排行|位列|位居|排)$/;
const CLASSIFIER_RE = / ?([个颗块张台家名位人篇款项次条部座枚片套辆架艘户所种只份本首场轮笔国例起卡])/y;
const PEOPLE_RE = /[\u4e00-\u9fff]{1,4}?人(?!民|工|类|士|们)/y;

const FOLD_RE = /-?fold\b/y;
const SPACED_PERCENT_RE = / (?:percent|per cent)\b/y;
const SUFFIX_RE = / ?(左右|上下|以上|以下|以内|之多|\+| or more\b| or less\b|\(至少\)|\(最多\)|\(约\))/y;
/** Characters before a number that make it part of an address or an ordinal: 第, 街, 路 … */
const STREET_CHARS = new Set('第街路道巷弄村号楼');

/**
 * Whether a capitalized word (and one optional space) ends at `at`, within the 12 characters
 * before it: /[A-Z][A-Za-z]* ?$/ on that window, without the slice.
 */
function afterProductName(text: string, at: number): boolean {
  const from = Math.max(0, at - 12);
  let j = at;
  if (j > from && text.charCodeAt(j - 1) === 32) j--;
  for (let k = j - 1; k >= from; k--) {
    const c = text.charCodeAt(k);
    if (c >= 65 && c <= 90) return true;
    if (!(c >= 97 && c <= 122)) return false;
  }
  return false;
}

/** One reading of readUnit: the numeral's bounds as they stand, with the unit found after it. */
function reading(start: number, lo: number, hi: number, single: boolean, step: number, unit: Unit, end: number, extra?: Partial<Reading>): Reading {
  const r: Reading = { start, end, unit, lo, hi, single, step };
  return extra ? Object.assign(r, extra) : r;
}

function matchSticky(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

function cnSmallNumber(s: string): number | undefined {
  // 一 … 三十一, enough for months and days.
  if (s.length === 1) return CN_SMALL_DIGITS[s];
  if (s[0] === '十') return 10 + (CN_SMALL_DIGITS[s[1]] ?? NaN);
  if (s.length === 2 && s[1] === '十') return (CN_SMALL_DIGITS[s[0]] ?? NaN) * 10;
  if (s.length === 3 && s[1] === '十') return (CN_SMALL_DIGITS[s[0]] ?? NaN) * 10 + (CN_SMALL_DIGITS[s[2]] ?? NaN);
  return undefined;
}

/** Characters that may follow the one or two digits of a date's first number (after one space). */
const AFTER_SHORT_DATE = new Set([...'月日号-—–~至到'].map((ch) => ch.charCodeAt(0)));
/** …and right after them, for English dates (21st January, 21 January). */
const AFTER_SHORT_DATE_EN = new Set([...' snrt'].map((ch) => ch.charCodeAt(0)));
const CODE_NIAN = '年'.charCodeAt(0);

/**
 * Whether a date pattern of readDate can match at `at` (an ASCII digit): each wants a run of one,
 * two or four digits followed by one of a few characters, which one look decides for most numbers.
 */
function mayBeDate(folded: string, at: number): boolean {
  let end = at + 1;
  while (end < folded.length && isAsciiDigit(folded.charCodeAt(end))) end++;
  const digits = end - at;
  const next = folded.charCodeAt(end);
  const afterSpace = next === 32 ? folded.charCodeAt(end + 1) : next;
  if (digits === 4) return next === 45 || afterSpace === CODE_NIAN;
  if (digits <= 2) return AFTER_SHORT_DATE.has(afterSpace) || AFTER_SHORT_DATE_EN.has(next);
  return false;
}

function validDate(year: number | null, month: number, day: number | null): boolean {
  if (month < 1 || month > 12) return false;
  if (day === null) return true;
  const daysIn = new Date(Date.UTC(year ?? 2024, month, 0)).getUTCDate();
  return day >= 1 && day <= daysIn;
}

function isoDate(year: number | null, month: number, day: number | null): string {
  const mm = String(month).padStart(2, '0');
  const head = year === null ? '-' : String(year).padStart(4, '0');
  return day === null ? `${head}-${mm}` : `${head}-${mm}-${String(day).padStart(2, '0')}`;
}

export interface ExtractOptions {
  /** Spans to skip (code, URLs…); computed from the text when absent. */
  excluded?: Span[];
  /** Start of the first line of the text, for partial re-extraction (offsets shift by this). */
  baseOffset?: number;
  /** `foldText(text)`, when the caller has it already. */
  folded?: string;
  /**
   * Re-reading a part of a text whose figures are known (WorkspaceIndex's incremental update):
   * read from `from` (a line start that no figure crosses), stop at the first figure starting at or
   * after `to`, with the state the whole read would have had at `from` — the last date before it
   * and where the figure before it ended.
   */
  range?: { from: number; to: number; lastMonth?: LastMonth; floor: number };
}

/** The last date read: a bare 30日 within 2000 characters takes its month and year. */
export interface LastMonth {
  month: number;
  year: number | null;
  at: number;
}

/** How far the last date reaches: a bare day further away than this after it is not read as a date. */
export const LAST_MONTH_REACH = 2000;

/** The state a read has after a list of figures: the last date among them. */
export function lastMonthOf(figures: readonly Figure[], before = figures.length): LastMonth | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const date = figures[i].date;
    if (date) return { month: date.month, year: date.year, at: figures[i].span.end };
  }
  return undefined;
}

interface DateRangeEnd {
  end: number;
  year: number | null;
  month: number;
  day: number | null;
}

/** Parts of a figure found before interval arithmetic. */
interface Reading {
  start: number;
  end: number;
  unit: Unit;
  lo: number;
  hi: number;
  /** The text stated one number (not a range or a vague amount). */
  single: boolean;
  step: number;
  noun?: string;
  moreSuffix?: boolean;
  /** The reading already spans a whole range. */
  rangeDone?: boolean;
}

/** Index of the first of the sorted spans that ends after `at`. */
function firstEndingAfter(spans: readonly Span[], at: number): number {
  return partitionPoint(spans, (s) => s.end <= at);
}

/**
 * Finds every figure in a text. Stateless apart from the last date seen (a bare 30日 takes its
 * month from the date before it), so it can run on any slice that starts at a line boundary.
 */
export class FigureExtractor {
  /** The text being read, for the few checks that need its original case. */
  private text = '';
  /** Where the previous figure ended: a new one never reaches back into it. */
  private floor = 0;
  /** End of the anchor `nextAnchor` found last. */
  private anchorEnd = 0;

  /** The next place at or after `from` where a figure may start, or -1; sets `anchorEnd`. */
  private nextAnchor(folded: string, from: number): number {
    const n = folded.length;
    for (let i = from; i < n; i++) {
      const kind = ANCHOR_CLASS[folded.charCodeAt(i)];
      if (kind === 0) continue;
      if (kind === ANCHOR_NUMERAL) {
        this.anchorEnd = i + 1;
        return i;
      }
      if (kind === ANCHOR_ZERO) {
        if (folded.charCodeAt(i + 1) !== CODE_POINT_DIAN) continue;
        this.anchorEnd = i + 1;
        return i;
      }
      if (kind === ANCHOR_VAGUE) {
        if (!SCALE_CHARS.has(folded.charCodeAt(i + 1))) continue;
        this.anchorEnd = i + 1;
        return i;
      }
      // A letter: a month or number word, at the start of a word.
      if (i > 0 && isWordChar(folded.charCodeAt(i - 1))) continue;
      ANCHOR_WORD_RE.lastIndex = i;
      const m = ANCHOR_WORD_RE.exec(folded);
      if (!m) continue;
      this.anchorEnd = i + m[0].length;
      return i;
    }
    return -1;
  }

  extract(text: string, options: ExtractOptions = {}): Figure[] {
    const folded = options.folded ?? foldText(text);
    this.text = text;
    const range = options.range;
    this.floor = range?.floor ?? 0;
    const excluded = options.excluded ?? excludedSpans(text);
    const base = options.baseOffset ?? 0;
    const figures: Figure[] = [];
    let lastMonth: LastMonth | undefined = range?.lastMonth;
    let from = range?.from ?? 0;
    const to = range?.to ?? Infinity;
    let maskIndex = from > 0 ? firstEndingAfter(excluded, from) : 0;
    let at: number;
    while ((at = this.nextAnchor(folded, from)) >= 0 && at < to) {
      while (maskIndex < excluded.length && excluded[maskIndex].end <= at) maskIndex++;
      if (maskIndex < excluded.length && excluded[maskIndex].start <= at) {
        from = excluded[maskIndex].end;
        continue;
      }
      const figure = this.readAt(text, folded, at, lastMonth);
      if (!figure) {
        from = this.skipToken(folded, at);
        continue;
      }
      if (figure.date) lastMonth = { month: figure.date.month, year: figure.date.year, at: figure.span.end };
      // A figure never swallows an excluded span.
      if (maskIndex < excluded.length && excluded[maskIndex].start < figure.span.end) {
        from = excluded[maskIndex].end;
        continue;
      }
      this.floor = figure.span.end;
      if (base) figure.span = { start: figure.span.start + base, end: figure.span.end + base };
      figures.push(figure);
      from = figure.span.end - base;
    }
    return figures;
  }

  /**
   * Past an anchor that gave no figure: skip the rest of its digit, identifier or Chinese-numeral
   * run, so that 第二十天 does not become 十天 and a long run is not re-read from every character.
   */
  private skipToken(folded: string, at: number): number {
    const first = folded.charCodeAt(at);
    let i = at + 1;
    if (isAsciiAlnum(first)) {
      while (i < folded.length) {
        const c = folded.charCodeAt(i);
        if (isAsciiAlnum(c) || c === 46 || c === 44) i++;
        else break;
      }
      return i;
    }
    if (CN_NUMERAL_CHARS.has(folded[at])) {
      while (i < folded.length && CN_NUMERAL_CHARS.has(folded[i])) i++;
      return i;
    }
    return at + 1;
  }

  private readAt(
    text: string,
    folded: string,
    at: number,
    lastMonth: LastMonth | undefined,
  ): Figure | undefined {
    const c = folded.charCodeAt(at);
    const prev = at > 0 ? folded.charCodeAt(at - 1) : 0;
    if (isAsciiDigit(c)) {
      // Part of an identifier: H800, DeepSeek-V3, Llama-3-8B, Qwen2.5, o1.
      if (isAsciiLetter(prev)) return undefined;
      if ((prev === 45 || prev === 46 || prev === 95 || prev === 47) && at > 1 && isAsciiAlnum(folded.charCodeAt(at - 2))) return undefined;
      if (prev === 64 || prev === 35 && !/(?:^|\s)$/.test(folded.slice(Math.max(0, at - 2), at - 1))) return undefined;
      const date = mayBeDate(folded, at) ? this.readDate(text, folded, at, lastMonth) : undefined;
      if (date) return date;
    } else if (isAsciiLetter(c)) {
      if (MONTHS_EN[folded.slice(at, this.anchorEnd).replace('.', '')] !== undefined) return this.readEnglishDate(text, folded, at);
      return this.readEnglishWordNumber(text, folded, at);
    } else if (folded.startsWith('百分之', at)) {
      return this.readPercentWords(text, folded, at);
    } else {
      const cnDate = this.readChineseNumeralDate(text, folded, at);
      if (cnDate) return cnDate;
    }
    const numeral = readNumeral(folded, at);
    if (!numeral) return undefined;
    return this.readQuantity(text, folded, at, numeral);
  }

  // ---- dates -------------------------------------------------------------------------------

  private readDate(
    text: string,
    folded: string,
    at: number,
    lastMonth: LastMonth | undefined,
  ): Figure | undefined {
    let m = matchSticky(ISO_DATE_RE, folded, at);
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (validDate(y, mo, d)) return this.dateFigure(text, at, m.index + m[0].length, y, mo, d);
    }
    m = matchSticky(EN_DATE_DAY_FIRST_RE, folded, at);
    if (m) {
      const day = Number(m[1]);
      const month = MONTHS_EN[m[2]];
      const year = m[3] ? Number(m[3]) : null;
      // "may" is a verb too: only as May.
      if (month !== undefined && (m[2] !== 'may' || text[m.index + m[0].indexOf('may')] === 'M') && validDate(year, month, day)) {
        return this.dateFigure(text, at, m.index + m[0].length, year, month, day);
      }
    }
    m = matchSticky(CN_MONTH_RANGE_RE, folded, at);
    if (m) {
      // 1-11月, 2024年1—11月: a period of months, common in economic reports.
      const year = m[1] ? Number(m[1]) : null;
      const [m1, m2] = [Number(m[2]), Number(m[3])];
      if (validDate(year, m1, null) && validDate(year, m2, null) && m1 < m2) {
        return this.dateFigure(text, at, m.index + m[0].length, year, m1, null, { end: m.index + m[0].length, year, month: m2, day: null });
      }
    }
    m = matchSticky(CN_DATE_RE, folded, at);
    if (m) {
      const year = m[1] ? Number(m[1]) : null;
      const month = Number(m[2]);
      const day = m[3] ? Number(m[3]) : null;
      // 个月 is a duration, never a date: CN_DATE_RE does not match it since 个 stands between.
      if (validDate(year, month, day)) {
        let end = m.index + m[0].length;
        // 1月28日至30日 / 11月~12月: a date range.
        const range = this.readDateRangeEnd(folded, end, year, month, day);
        if (range) return this.dateFigure(text, at, range.end, year, month, day, range);
        return this.dateFigure(text, at, end, year, month, day);
      }
    }
    m = matchSticky(CN_YEAR_RE, folded, at);
    if (m) {
      const year = Number(m[1]);
      if (year >= 1000 && year <= 2199) {
        const start = at;
        const end = m.index + m[0].length;
        const qualified = this.withQualifier(folded, start);
        if (!qualified) {
          return figureOf({ start, end }, text.slice(start, end), 'date', String(year), null, null, 'exact', null, null, undefined, undefined, undefined, undefined, { year, month: 0, day: null }, undefined);
        }
      }
    }
    m = matchSticky(CN_DAY_RE, folded, at);
    if (m && lastMonth && at - lastMonth.at < LAST_MONTH_REACH) {
      const day = Number(m[1]);
      const before = folded.charCodeAt(at - 1);
      // A bare day (30日) needs the month of a date shortly before it, and must not continue a number.
      // 中关村大街27号, 第3号: addresses and numbers, not days.
      const street = STREET_CHARS.has(folded[at - 1]) || (folded[at - 1] === ' ' && STREET_CHARS.has(folded[at - 2]));
      if (!isAsciiDigit(before) && !street && validDate(lastMonth.year, lastMonth.month, day)) {
        return this.dateFigure(text, at, m.index + m[0].length, lastMonth.year, lastMonth.month, day);
      }
    }
    return undefined;
  }

  private readDateRangeEnd(
    folded: string,
    end: number,
    year: number | null,
    month: number,
    day: number | null,
  ): DateRangeEnd | undefined {
    const conn = matchSticky(RANGE_CONNECTOR_RE, folded, end);
    if (!conn) return undefined;
    const after = conn.index + conn[0].length;
    const m = matchSticky(CN_DATE_RE, folded, after);
    if (m && (day === null) === !m[3]) {
      const m2 = Number(m[2]);
      const d2 = m[3] ? Number(m[3]) : null;
      // 12月30日至1月2日 runs into the next year; 2024年12月30日至2025年1月2日 says so.
      let y2 = m[1] ? Number(m[1]) : year;
      const before = m2 < month || (m2 === month && d2 !== null && day !== null && d2 < day);
      if (!m[1] && before) y2 = year === null ? null : year + 1;
      if (validDate(y2, m2, d2) && (m[1] || before || m2 >= month)) return { end: m.index + m[0].length, year: y2, month: m2, day: d2 };
    }
    if (day !== null) {
      const d = matchSticky(CN_DAY_RE, folded, after);
      if (d && validDate(year, month, Number(d[1])) && Number(d[1]) > day) return { end: d.index + d[0].length, year, month, day: Number(d[1]) };
    }
    return undefined;
  }

  private dateFigure(
    text: string,
    start: number,
    end: number,
    year: number | null,
    month: number,
    day: number | null,
    rangeEnd?: DateRangeEnd,
  ): Figure {
    const value = isoDate(year, month, day);
    if (rangeEnd) {
      const dateEnd = { year: rangeEnd.year, month: rangeEnd.month, day: rangeEnd.day };
      return figureOf({ start, end }, text.slice(start, end), 'date', null, null, null, 'range', null, null, undefined, undefined, undefined, undefined, { year, month, day }, dateEnd);
    }
    return figureOf({ start, end }, text.slice(start, end), 'date', value, null, null, 'exact', null, null, undefined, undefined, undefined, undefined, { year, month, day }, undefined);
  }

  private readChineseNumeralDate(text: string, folded: string, at: number): Figure | undefined {
    const m = matchSticky(CN_NUMERAL_DATE_RE, folded, at);
    if (!m) return undefined;
    const year = m[1] ? Number([...m[1]].map((ch) => CN_YEAR_DIGITS[ch]).join('')) : null;
    const month = cnSmallNumber(m[2]);
    const day = m[3] ? cnSmallNumber(m[3]) ?? NaN : null;
    if (month === undefined || Number.isNaN(day)) return undefined;
    // 一月 alone is usually "one month" in running text; want a day, a year, or a two-character month.
    if (day === null && year === null && m[2].length === 1 && m[2] !== '十' && folded[at + 2] !== '份') return undefined;
    const prev = folded[at - 1];
    if (prev === '个' || prev === '第') return undefined;
    if (!validDate(year, month, day)) return undefined;
    return this.dateFigure(text, at, m.index + m[0].length, year, month, day);
  }

  private readEnglishDate(text: string, folded: string, at: number): Figure | undefined {
    const word = folded.slice(at, this.anchorEnd);
    const month = MONTHS_EN[word.replace('.', '')];
    if (month === undefined) return undefined;
    const m = matchSticky(EN_DATE_MONTH_FIRST_RE, folded, at + word.length);
    if (!m) return undefined;
    const day = m[1] ? Number(m[1]) : null;
    const year = m[2] ? Number(m[2]) : m[3] ? Number(m[3]) : null;
    // "may" and "march" are words too: want a day or a year, and May with its capital.
    if (day === null && year === null) return undefined;
    if (word === 'may' && text[at] !== 'M') return undefined;
    if (!validDate(year, month, day)) return undefined;
    return this.dateFigure(text, at, m.index + m[0].length, year, month, day);
  }

  // ---- quantities --------------------------------------------------------------------------

  private readPercentWords(text: string, folded: string, at: number): Figure | undefined {
    const numeral = readNumeral(folded, at + 3);
    if (!numeral) return undefined;
    const reading: Reading = { start: at, end: numeral.end, unit: 'percent', lo: numeral.value, hi: numeral.value, single: true, step: numeral.step };
    return this.finish(text, folded, reading, numeral);
  }

  private readEnglishWordNumber(text: string, folded: string, at: number): Figure | undefined {
    const m = matchSticky(ENGLISH_NUMBER_WORD_RE, folded, at);
    if (!m) return undefined;
    const value = ENGLISH_NUMBER_WORDS[m[0]];
    if (value === undefined) return undefined;
    let end = at + m[0].length;
    const fold = matchSticky(FOLD_RE, folded, end);
    if (fold) {
      return this.finish(text, folded, { start: at, end: end + fold[0].length, unit: 'times', lo: value, hi: value, single: true, step: 1 });
    }
    // "two months", "three percent"; a bare "one" is an ordinary word.
    if (value === 1) return undefined;
    const time = matchSticky(TIME_UNIT_EN, folded, end);
    if (time) {
      const unit = englishTimeUnit(time[1]);
      return this.finish(text, folded, { start: at, end: end + time[0].length, unit, lo: value, hi: value, single: true, step: 1 });
    }
    const pct = matchSticky(SPACED_PERCENT_RE, folded, end);
    if (pct) return this.finish(text, folded, { start: at, end: end + pct[0].length, unit: 'percent', lo: value, hi: value, single: true, step: 1 });
    return undefined;
  }

  private readQuantity(text: string, folded: string, at: number, numeral: Numeral): Figure | undefined {
    const prevChar = folded[at - 1];
    if (numeral.chinese) {
      // 星期一, 周二: weekdays. 第二天: an ordinal, handled as a rank only with 名/位.
      if (prevChar === '期' || prevChar === '拜' || (prevChar === '周' && numeral.loneChinese)) return undefined;
      // A Chinese numeral glued to a preceding numeral character is part of a word (统一, 万一 …).
    }
    const first = this.readUnit(folded, at, numeral) ?? this.readUnitlessRangeStart(folded, at, numeral);
    if (!first) return undefined;
    // Windows 10 users, Claude 3 models, Qwen 2.5-72B: a version after a product name, not a count.
    if (first.unit === 'count' && !numeral.chinese && numeral.value < 100 && afterProductName(text, at)) {
      return undefined;
    }
    if (first.unit === 'rank' && numeral.chinese && prevChar !== '第') return undefined;
    // 第二天, 第3年: ordinals, not durations.
    if (first.unit !== 'rank' && prevChar === '第') return undefined;
    let reading = first;
    // A range: 7~10个月, 9个月到12个月, 5-6 million, 5%~10%.
    const range = first.rangeDone ? undefined : this.readRangeEnd(folded, first, numeral);
    if (range) reading = range;
    if (reading.unit === 'rank' && prevChar === '第') reading = { ...reading, start: at - 1 };
    return this.finish(text, folded, reading, numeral);
  }

  /** The unit after a numeral; undefined when there is none (a bare number is not a figure). */
  private readUnit(folded: string, at: number, numeral: Numeral, currencyHint?: string): Reading | undefined {
    const text = this.text;
    let end = numeral.end;
    let value = numeral.value;
    let step = numeral.step;
    let lo = numeral.vague ? numeral.vague[0] : value;
    let hi = numeral.vague ? numeral.vague[1] : value;
    const single = !numeral.vague;
    const next = folded.charCodeAt(end);

    // 560多万 / 20多个: "more than x, less than x + one step of its last digit".
    let more = false;
    if (folded[end] === '多') {
      const scale = matchSticky(MORE_SCALE_RE, folded, end);
      const k = scale ? scaleOf(scale[1]) : 1;
      // An endless scale run (1多亿亿亿…) is no amount a double can hold: not a figure.
      if (!Number.isFinite((value + step) * k)) return undefined;
      lo = value * k;
      hi = (value + step) * k;
      value = lo;
      step *= k;
      end += scale ? scale[0].length : 1;
      more = true;
    }
    const currencyPrefix = this.currencyBefore(folded, at) ?? (currencyHint ? { code: currencyHint, start: at } : undefined);

    if (!numeral.chinese) {
      // Letters right after a number: a scale (5.6m, 1.5b, 109bn), a multiplier (10x), or an identifier (3D, 5G).
      if (isAsciiLetter(next) || next === 32 || next === 45) {
        // Words and abbreviations may follow a space (5 million, 6.5 mln); single letters may not (5m).
        const scale = matchSticky(ENGLISH_SCALE_RE, folded, end);
        // A lone letter is a scale after a currency (US$5.6M), as B (1.5B), or before a noun (2.788M GPU hours).
        const scaleEnd = scale ? end + scale[0].length : end;
        const nounFollows = scale && (this.englishNounAfter(folded, scaleEnd) || matchSticky(GPU_HOURS_RE, folded, scaleEnd) || this.currencyAfter(folded, scaleEnd));
        // A bare B is a size only as a capital (1.5B, 671B); 10b-5 and 5b are names.
        const sizeB = scale?.[2] === 'b' && text[end] === 'B';
        if (scale && (scale[1] || currencyPrefix || sizeB || nounFollows)) {
          const k = ENGLISH_SCALES[scale[1] ?? scale[2]];
          lo *= k;
          hi *= k;
          value *= k;
          step *= k;
          end += scale[0].length;
          const r = { lo, hi, step };
          if (currencyPrefix) return { ...reading(at, lo, hi, single, step, currencyPrefix.code, end), ...r, start: currencyPrefix.start };
          const cur = this.currencyAfter(folded, end);
          if (cur) return { ...reading(at, lo, hi, single, step, cur.code, cur.end), ...r };
          const hours = matchSticky(GPU_HOURS_RE, folded, end);
          if (hours) return { ...reading(at, lo, hi, single, step, 'hour', end + hours[0].length, { noun: 'GPU hours' }), ...r };
          const noun = this.englishNounAfter(folded, end);
          if (noun) return { ...reading(at, lo, hi, single, step, 'count', noun.end, { noun: noun.noun }), ...r };
          return { ...reading(at, lo, hi, single, step, 'count', end), ...r };
        }
        const x = matchSticky(MULTIPLIER_RE, folded, end);
        if (x) return reading(at, lo, hi, single, step, 'times', end + x[0].length);
        if (isAsciiLetter(next)) {
          const ordinal = matchSticky(ORDINAL_SUFFIX_RE, folded, end);
          if (!ordinal) return undefined;
          // 1st place, 2nd-ranked: ranks; a bare 21st is a date or an ordinary ordinal.
          if (ordinal[1] || /^ ?-?(?:ranked|largest|biggest|most)/.test(folded.slice(end + ordinal[0].length, end + ordinal[0].length + 10))) {
            return reading(at, lo, hi, single, step, 'rank', end + ordinal[0].length);
          }
          return undefined;
        }
      }
    }
    if (currencyPrefix) {
      // $5-6 million: the scale after the second number applies to both.
      const range = this.readUnitlessRangeStart(folded, at, numeral, currencyPrefix.code);
      if (range && range.unit === currencyPrefix.code) return { ...range, start: currencyPrefix.start };
      // 人民币5亿元: the currency named twice.
      const again = this.currencyAfter(folded, end);
      const to = again && (again.code === currencyPrefix.code || folded[again.end - 1] === '元') ? again.end : end;
      return { ...reading(at, lo, hi, single, step, currencyPrefix.code, to), start: currencyPrefix.start };
    }

    const pct = PERCENT_FIRST.has(afterSpace(folded, end)) ? matchSticky(PERCENT_RE, folded, end) : null;
    if (pct) return reading(at, lo, hi, single, step, 'percent', end + pct[0].length, { moreSuffix: more });

    const currency = this.currencyAfter(folded, end);
    if (currency) return reading(at, lo, hi, single, step, currency.code, currency.end, { moreSuffix: more });

    if (folded[end] === '倍' || (folded[end] === ' ' && folded[end + 1] === '倍')) return reading(at, lo, hi, single, step, 'times', end + (folded[end] === '倍' ? 1 : 2));
    const times = folded.charCodeAt(end) === 32 && folded.charCodeAt(end + 1) === 116 ? matchSticky(TIMES_RE, folded, end) : null;
    if (times && !numeral.chinese) return reading(at, lo, hi, single, step, 'times', end + times[0].length);

    // Durations. A lone 一 (一天, 一年) is ordinary speech more often than a figure.
    const loneOne = numeral.loneChinese && numeral.value === 1;
    const timeFirst = folded[end] === ' ' ? folded[end + 1] : folded[end];
    for (const [re, unit] of TIME_UNIT_CN_FIRST.has(timeFirst) ? TIME_UNIT_CN : []) {
      const t = matchSticky(re, folded, end);
      if (!t) continue;
      if (loneOne || (numeral.loneChinese && numeral.value >= 100)) return undefined;
      // 2025年 is a date, handled earlier; other four-digit years are not durations either.
      if (unit === 'year' && !numeral.chinese && Number.isInteger(value) && value >= 1000 && value <= 2199) return undefined;
      let tEnd = end + t[0].length;
      // 3个半小时, 1年半: half a unit more.
      if (t[0].includes('半') || (folded[tEnd] === '半' && !more)) {
        if (!t[0].includes('半')) tEnd += 1;
        lo += 0.5;
        hi += 0.5;
        value += 0.5;
      }
      if (t[0].includes('多') && !more) {
        hi = value + 1;
        more = true;
      } else if (folded[tEnd] === '多' && !more) {
        hi = value + 1;
        tEnd += 1;
        more = true;
      }
      return reading(at, lo, hi, single, step, unit, tEnd, { moreSuffix: more });
    }
    if (!numeral.chinese) {
      const en = folded[end] === ' ' || folded[end] === '-' ? matchSticky(TIME_UNIT_EN, folded, end) : null;
      if (en) return reading(at, lo, hi, single, step, englishTimeUnit(en[1]), end + en[0].length);
    }

    // Ranks: 第5名, 第三位, 排名第1.
    if (folded[at - 1] === '第') {
      const r = matchSticky(RANK_CN_RE, folded, end);
      if (r) return reading(at, lo, hi, single, step, 'rank', end + r[0].length);
      if (RANK_BEFORE_RE.test(folded.slice(Math.max(0, at - 3), at - 1))) return reading(at, lo, hi, single, step, 'rank', end);
      return undefined;
    }
    // No. 1, #1: ranks in English.
    const before = folded[at - 1];
    if (!numeral.chinese && (before === '.' || before === ' ' || before === '#') && /(?:^|[^a-z])(?:no\. ?|#)$/.test(folded.slice(Math.max(0, at - 5), at))) {
      return { ...reading(at, lo, hi, single, step, 'rank', end), start: folded[at - 1] === '#' ? at - 1 : folded.lastIndexOf('no', at) };
    }
    // GPU hours are time, not a count of GPUs: 2.788M GPU hours, 278.8 万 GPU 小时.
    const gpuHours = GPU_HOURS_FIRST.has(afterSpace(folded, end)) ? matchSticky(GPU_HOURS_RE, folded, end) : null;
    if (gpuHours) return reading(at, lo, hi, single, step, 'hour', end + gpuHours[0].length, { noun: 'GPU hours' });

    // Counts with a classifier or noun.
    for (const noun of COUNT_NOUNS_CN) {
      if (folded.startsWith(noun, end)) return reading(at, lo, hi, single, step, 'count', end + noun.length, { noun, moreSuffix: more });
    }
    const cls = CLASSIFIERS.has(afterSpace(folded, end)) ? matchSticky(CLASSIFIER_RE, folded, end) : null;
    if (cls) {
      if (cls[1] === '块' && folded.startsWith('钱', end + cls[0].length)) return undefined; // handled as currency
      // A lone 一 with a classifier is an ordinary word (一位网友, 一场); 两篇帖子 is a count.
      if (loneOne || (numeral.loneChinese && numeral.value >= 10)) return undefined;
      let cEnd = end + cls[0].length;
      if (folded[cEnd] === '多' && !more) {
        hi = value + 1;
        cEnd += 1;
        more = true;
      }
      const noun = cls[1] === '个' && folded.startsWith('国家', cEnd) ? '国家' : cls[1];
      return reading(at, lo, hi, single, step, 'count', cEnd, { noun, moreSuffix: more });
    }
    if (!numeral.chinese) {
      const noun = this.englishNounAfter(folded, end);
      if (noun) return reading(at, lo, hi, single, step, 'count', noun.end, { noun: noun.noun });
    }
    // 数百万意大利人, 5万美国人: a large number of people named by where they are from.
    if (numeral.scaled) {
      const people = matchSticky(PEOPLE_RE, folded, end);
      if (people) return reading(at, lo, hi, single, step, 'count', end + people[0].length, { noun: '人' });
    }
    return undefined;
  }

  /** 7~10个月, 5-6 million: the first number takes the unit (and scale) of the second. */
  private readUnitlessRangeStart(folded: string, at: number, numeral: Numeral, currencyHint?: string): Reading | undefined {
    if (numeral.vague || numeral.loneChinese) return undefined;
    const conn = matchSticky(RANGE_CONNECTOR_RE, folded, numeral.end);
    if (!conn) return undefined;
    const secondStart = conn.index + conn[0].length;
    const second = readNumeral(folded, secondStart);
    if (!second || second.vague || second.chinese !== numeral.chinese) return undefined;
    const rest = this.readUnit(folded, secondStart, second, currencyHint);
    if (!rest || rest.unit === 'rank' || rest.unit === 'date') return undefined;
    let lo = numeral.value;
    // 5到6亿, 5-6 million: the scale written once applies to both ends.
    const stated = second.value / second.scale;
    const scale = stated !== 0 ? rest.lo / stated : 1;
    if (!numeral.scaled && scale > 1 && lo * scale <= rest.hi) lo *= scale;
    if (lo > rest.hi) return undefined;
    return { ...rest, start: Math.min(at, rest.start), lo, single: false, rangeDone: true };
  }

  private readRangeEnd(folded: string, first: Reading, firstNumeral: Numeral): Reading | undefined {
    const conn = matchSticky(RANGE_CONNECTOR_RE, folded, first.end);
    let secondStart: number;
    if (conn) {
      secondStart = conn.index + conn[0].length;
    } else {
      return undefined;
    }
    const second = readNumeral(folded, secondStart);
    if (!second || second.vague || second.loneChinese !== firstNumeral.loneChinese && second.chinese !== firstNumeral.chinese) return undefined;
    if (isAsciiLetter(folded.charCodeAt(secondStart - 1)) && conn[0].trim() !== 'to') return undefined;
    const rest = this.readUnit(folded, secondStart, second);
    if (!rest || rest.unit === 'rank') return undefined;
    if (first.unit !== rest.unit) {
      // The first part had no unit of its own when its end is where the numeral ended.
      return undefined;
    }
    return { ...rest, start: first.start, lo: first.lo, single: false };
  }

  private currencyBefore(folded: string, at: number): { code: string; start: number } | undefined {
    // Most numbers have no currency before them: one look at the character decides.
    const last = folded[at - 1] === ' ' ? folded[at - 2] : folded[at - 1];
    if (last === undefined || !CURRENCY_PREFIX_LAST.has(last)) return undefined;
    const windowStart = Math.max(this.floor, at - 5);
    const before = folded.slice(windowStart, at);
    for (const [prefix, code] of CURRENCY_PREFIXES) {
      for (const gap of ['', ' ']) {
        const probe = prefix + gap;
        if (before.endsWith(probe)) {
          const start = at - probe.length;
          // "usd" and "eur" must stand as words.
          if (isAsciiLetter(prefix.charCodeAt(0)) && isAsciiLetter(folded.charCodeAt(start - 1))) continue;
          if (prefix === '$' && isAsciiLetter(folded.charCodeAt(start - 1))) continue;
          return { code, start };
        }
      }
    }
    return undefined;
  }

  private currencyAfter(folded: string, at: number): { code: string; end: number } | undefined {
    const from = folded[at] === ' ' && folded[at + 1] !== ' ' && !isAsciiLetter(folded.charCodeAt(at + 1)) ? at + 1 : at;
    // Most numbers have no currency after them: one look at the character decides.
    if (!CURRENCY_WORD_FIRST.has(folded.charCodeAt(from))) return undefined;
    for (const [word, code] of CURRENCY_WORDS) {
      if (folded.startsWith(word, from)) {
        const end = from + word.length;
        if (word[0] === ' ' && isAsciiLetter(folded.charCodeAt(end))) continue;
        return { code, end };
      }
    }
    return undefined;
  }

  private englishNounAfter(folded: string, at: number): { noun: string; end: number } | undefined {
    if (folded[at] !== ' ') return undefined;
    const m = matchSticky(ENGLISH_NOUN_RE, folded, at);
    return m ? { noun: m[1], end: m.index + m[0].length } : undefined;
  }

  /** Qualifier words before a figure, and the interval they give. */
  private withQualifier(folded: string, start: number): Qualifier | undefined {
    let end = start;
    if (folded[end - 1] === ' ') end--;
    const windowStart = Math.max(this.floor, end - QUALIFIER_MAX, 0);
    if (end <= windowStart) return undefined;
    // Only the words ending in the character before the figure can stand there.
    const words = QUALIFIERS_BY_LAST.get(folded.charCodeAt(end - 1));
    if (!words) return undefined;
    for (const [word, kind] of words) {
      const qStart = end - word.length;
      if (qStart < windowStart || !folded.startsWith(word, qStart)) continue;
      const english = isAsciiLetter(word.charCodeAt(0));
      if (english && isAsciiLetter(folded.charCodeAt(qStart - 1))) continue;
      if (kind === 'none') return undefined;
      return { kind, text: word, start: qStart };
    }
    return undefined;
  }

  private finish(text: string, folded: string, reading: Reading, numeral?: Numeral): Figure {
    let { start, end, lo, hi } = reading;
    const qualifier = this.withQualifier(folded, start);
    let minOpen = false;
    let maxOpen = false;
    let min: number | null = lo;
    let max: number | null = hi;
    let bound: Bound = reading.single ? 'exact' : 'range';
    if (reading.moreSuffix) {
      bound = 'range';
      minOpen = true;
      maxOpen = true;
    }
    let kind: QualifierKind | null = null;
    // Suffix qualifiers: 左右, 以上, 以下, +, or more.
    const suffix = SUFFIX_FIRST.has(afterSpace(folded, end)) ? matchSticky(SUFFIX_RE, folded, end) : null;
    if (suffix) {
      const map: Record<string, QualifierKind> = {
        左右: 'about', 上下: 'about', 以上: 'at-least', 以下: 'at-most', 以内: 'at-most', 之多: 'only', '+': 'at-least', 'or more': 'at-least', 'or less': 'at-most',
        '(至少)': 'at-least', '(最多)': 'at-most', '(约)': 'about',
      };
      // 上下 is also "up and down"; accept it only right after a unit.
      kind = map[suffix[1].trim()];
      end += suffix[0].length;
    }
    let qualifierText: string | null = null;
    if (qualifier) {
      kind = qualifier.kind;
      qualifierText = text.slice(qualifier.start, start).trimEnd();
      start = qualifier.start;
    } else if (suffix) {
      qualifierText = text.slice(end - suffix[0].length, end).trim();
    }
    switch (kind) {
      case 'about':
        min = lo * 0.9;
        max = hi * 1.1;
        bound = 'about';
        break;
      case 'nearly':
        min = lo * 0.9;
        max = hi;
        bound = 'nearly';
        break;
      case 'at-least':
        min = lo;
        max = null;
        bound = 'at-least';
        break;
      case 'more-than':
        min = lo;
        max = null;
        minOpen = true;
        bound = 'more-than';
        break;
      case 'at-most':
        min = 0;
        max = hi;
        bound = 'at-most';
        break;
      case 'less-than':
        min = 0;
        max = hi;
        maxOpen = true;
        bound = 'less-than';
        break;
      default:
        break;
    }
    const value = reading.single && !reading.moreSuffix ? lo : null;
    const figure = figureOf(
      { start, end },
      text.slice(start, end),
      reading.unit,
      value,
      roundFloat(min),
      max === null ? null : roundFloat(max),
      bound,
      qualifierText,
      kind,
      reading.noun || undefined,
      minOpen || undefined,
      maxOpen || undefined,
      reading.step,
      undefined,
      undefined,
    );
    void numeral;
    return figure;
  }
}

/**
 * A figure, with every field a figure may have, in one order — the link fields the workspace
 * index sets later too (a figure is linked in place): all figures then share one hidden class in
 * V8, and the code that reads them (linking, intervals, conflicts, copies after an edit) stays
 * monomorphic. Absent fields are undefined, never missing (JSON leaves them out all the same).
 */
function figureOf(
  span: Span,
  text: string,
  unit: Unit,
  value: number | string | null,
  min: number | null,
  max: number | null,
  bound: Bound,
  qualifier: string | null,
  qualifierKind: QualifierKind | null,
  noun: string | undefined,
  minOpen: true | undefined,
  maxOpen: true | undefined,
  step: number | undefined,
  date: DateParts | undefined,
  dateEnd: DateParts | undefined,
): Figure {
  const figure = { span, text, unit, value, min, max, bound, qualifier, qualifierKind, noun, minOpen, maxOpen, step, date, dateEnd, fact: null, terms: undefined, ignored: undefined, linkedBy: undefined };
  return figure;
}

function englishTimeUnit(word: string): Unit {
  if (word.startsWith('mo')) return 'month';
  if (word.startsWith('mi')) return 'minute';
  return EN_TIME[word[0]] ?? 'day';
}

/** 5600000.000000001 → 5600000: interval arithmetic should not print float noise. */
function roundFloat(x: number): number {
  // An integer of at most 12 digits is its own rounding (and most figures are such).
  if (Number.isInteger(x) && Math.abs(x) < 1e12) return x + 0; // + 0: -0 prints as 0, as toPrecision gives
  if (!Number.isFinite(x)) return x;
  return Number(x.toPrecision(12));
}

export function extractFigures(text: string): Figure[] {
  return new FigureExtractor().extract(text);
}
