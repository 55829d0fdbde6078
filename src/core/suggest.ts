// Suggestions for quick fixes: match terms guessed from a figure's sentence, a fact id, and the
// registry's value restated in the article's own script and style.
import { extractFigures } from './extract';
import { foldText } from './fold';
import { parseIsoDate } from './intervals';
import { parseChineseNumeral } from './numbers';
import { sentenceAround, clauseAround } from './sentences';
import type { Fact, Figure, Span } from './types';

/** Words that say nothing about which fact a sentence is about. */
const STOP_WORDS = new Set([
  'the', 'a', 'an', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'by', 'with', 'at', 'from', 'as', 'is', 'was', 'were', 'are', 'be',
  'it', 'its', 'that', 'this', 'than', 'about', 'around', 'nearly', 'over', 'more', 'less', 'up', 'only', 'just', 'has', 'had',
  'have', 'which', 'who', 'said', 'says', 'ceo', 'us', 'ai',
]);
/** Function characters that end a Chinese keyword search (verbs of being, particles, qualifiers). */
const CN_FILLER = new Set([...'的了是为约近有达至少超过仅只将在和与及把被对从于以着也都又再还就才而但并且其该这那此每各个']);

/**
 * Well-known names that a keyword never cuts, though some hold a filler character (英伟达, 华为,
 * 纽约): a filler inside one of them is no break. Folded (simplified) spelling.
 */
const CN_NAMES = [
  '英伟达', '阿里巴巴', '阿里云', '微软', '谷歌', '甲骨文', '华为', '腾讯', '百度', '字节跳动', '深度求索', '月之暗面', '智谱',
  '苹果', '亚马逊', '脸书', '特斯拉', '英特尔', '高通', '台积电', '三星', '小米', '超微', '纳斯达克', '标普', '道琼斯', '华尔街',
  '特朗普', '拜登', '马斯克', '黄仁勋', '梁文锋', '奥特曼', '白宫', '美联储', '欧盟', '硅谷',
  '美国', '中国', '英国', '法国', '德国', '日本', '韩国', '印度', '俄罗斯', '以色列', '土耳其', '埃及',
  '纽约', '北京', '上海', '深圳', '杭州', '香港', '台湾', '成都',
];
/** Names by first character, longest first. */
const CN_NAMES_BY_FIRST = new Map<string, string[]>();
for (const name of [...CN_NAMES].sort((a, b) => b.length - a.length)) {
  const list = CN_NAMES_BY_FIRST.get(name[0]) ?? [];
  list.push(name);
  CN_NAMES_BY_FIRST.set(name[0], list);
}

/** Length of the well-known name starting at `at` of the folded text and ending by `end`, or 0. */
function nameAt(folded: string, at: number, end: number): number {
  for (const name of CN_NAMES_BY_FIRST.get(folded[at]) ?? []) {
    if (at + name.length <= end && folded.startsWith(name, at)) return name.length;
  }
  return 0;
}

export interface TermSuggestion {
  term: string;
  span: Span;
}

/** A piece of a Chinese word: a well-known name, whole, or one character. */
interface HanToken {
  start: number;
  end: number;
  name: boolean;
}

/** Latin names (DeepSeek, H800, OpenAI) and Chinese keywords (训练成本) near the figure, nearest first. */
export function suggestTerms(text: string, figure: Span): TermSuggestion[] {
  const folded = foldText(text);
  const sentence = sentenceAround(folded, figure);
  const found: (TermSuggestion & { distance: number })[] = [];
  const seen = new Set<string>();
  const add = (start: number, end: number): void => {
    const term = text.slice(start, end);
    const key = foldText(term);
    if (seen.has(key) || term.length < 2) return;
    seen.add(key);
    const distance = end <= figure.start ? figure.start - end : Math.max(0, start - figure.end);
    found.push({ term, span: { start, end }, distance });
  };
  const latin = /[A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9]|[A-Za-z]{2,}/g;
  const slice = text.slice(sentence.start, sentence.end);
  let m: RegExpExecArray | null;
  while ((m = latin.exec(slice))) {
    const start = sentence.start + m.index;
    if (start >= figure.start && start < figure.end) continue;
    if (STOP_WORDS.has(m[0].toLowerCase())) continue;
    add(start, start + m[0].length);
  }
  // Other figures of the sentence (2048颗, 600万美元) give no Chinese keyword: their characters are
  // units and classifiers. Latin names inside them (2,048 Nvidia H800 GPUs) still count.
  const figureChars = new Uint8Array(sentence.end - sentence.start);
  for (const other of extractFigures(slice)) figureChars.fill(1, other.span.start, other.span.end);
  const breaks = (i: number): boolean => (i >= figure.start && i < figure.end) || figureChars[i - sentence.start] === 1;
  // A word of Han characters, split into tokens; without a word segmenter, the four characters
  // nearest the figure, then two-character pieces walking away from it (美国区苹果商店排名 →
  // 商店排名, 排名, 商店, 苹果, 美国). A well-known name is never cut, and always offered whole.
  const addWord = (tokens: HanToken[]): void => {
    const wordStart = tokens[0].start;
    const wordEnd = tokens[tokens.length - 1].end;
    if (wordEnd - wordStart < 2) return;
    const before = wordEnd <= figure.start;
    const ordered = before ? [...tokens].reverse() : tokens;
    let window = 0;
    while (window < ordered.length && (before ? wordEnd - ordered[window].start : ordered[window].end - wordStart) <= 4) window++;
    if (window > 0) {
      const from = before ? ordered[window - 1].start : wordStart;
      const to = before ? wordEnd : ordered[window - 1].end;
      if (to - from > 2) add(from, to);
    }
    for (let k = 0; k < ordered.length; ) {
      const token = ordered[k];
      if (token.name) {
        add(token.start, token.end);
        k++;
        continue;
      }
      const next = ordered[k + 1];
      if (next && !next.name) {
        add(Math.min(token.start, next.start), Math.max(token.end, next.end));
        k += 2;
      } else {
        k++;
      }
    }
  };
  const han = /[\u4e00-\u9fff]+/g;
  while ((m = han.exec(slice))) {
    const runStart = sentence.start + m.index;
    const runEnd = runStart + m[0].length;
    let tokens: HanToken[] = [];
    const flush = (): void => {
      if (tokens.length > 0) addWord(tokens);
      tokens = [];
    };
    for (let i = runStart; i < runEnd; ) {
      if (breaks(i)) {
        flush();
        i++;
        continue;
      }
      const length = nameAt(folded, i, runEnd);
      if (length > 0 && ![...Array(length).keys()].some((k) => breaks(i + k))) {
        tokens.push({ start: i, end: i + length, name: true });
        i += length;
        continue;
      }
      if (CN_FILLER.has(folded[i])) flush();
      else tokens.push({ start: i, end: i + 1, name: false });
      i++;
    }
    flush();
  }
  // Words of the figure's own clause first, then by distance.
  const clause = clauseAround(folded, figure);
  const inClause = (s: Span): number => (s.start >= clause.start && s.end <= clause.end ? 0 : 1);
  found.sort((a, b) => inClause(a.span) - inClause(b.span) || a.distance - b.distance);
  return found.map(({ term, span }) => ({ term, span }));
}

/** Capitalised words that name no one: days and months. */
const NOT_NAMES = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);
const CN_NAME_SET = new Set(CN_NAMES);

/** A proper name or a model name: has a capital or a digit (Nvidia, DeepSeek, H800, o1, iPhone). */
function isLatinName(term: string): boolean {
  return /^[A-Za-z]/.test(term) && /[A-Z0-9]/.test(term) && !NOT_NAMES.has(term.toLowerCase());
}

/**
 * Match groups for a new fact: the nearest name, and the nearest other keyword. Names are
 * capitalised words and model names (Nvidia, H800), else a well-known Chinese name (英伟达);
 * never a lower-case word such as a verb ("lost"), which can only be the keyword. The keyword is
 * Chinese when the sentence has one, else a lower-case word. Two groups keep the new fact specific
 * without demanding words a rewording would drop.
 */
export function guessMatchGroups(text: string, figure: Span): string[][] {
  const terms = suggestTerms(text, figure);
  // A capitalised ordinary word opening the sentence (Shares, Analysts) is a name only when there is no other.
  const sentence = sentenceAround(foldText(text), figure);
  let first = sentence.start;
  while (first < sentence.end && /[\s"'“‘(\[*#>-]/.test(text[first])) first++;
  const weak = (t: TermSuggestion): boolean => t.span.start === first && /^[A-Z][a-z]+$/.test(t.term);
  const latin = terms.filter((t) => isLatinName(t.term));
  const chineseName = (t: TermSuggestion): boolean => CN_NAME_SET.has(foldText(t.term));
  const name = latin.find((t) => !weak(t)) ?? terms.find(chineseName) ?? latin[0];
  const han = (t: TermSuggestion): boolean => /[\u4e00-\u9fff]/.test(t.term);
  const keyword =
    terms.find((t) => t !== name && han(t) && !chineseName(t)) ??
    terms.find((t) => t !== name && han(t)) ??
    terms.find((t) => t !== name && /^[a-z][a-z\-]*$/.test(t.term)) ??
    terms.find((t) => t !== name);
  const groups: string[][] = [];
  if (name) groups.push([name.term]);
  if (keyword) groups.push([keyword.term]);
  return groups;
}

/** "deepseek.usd" style id from the groups and the unit; lowercase letters, digits, '.', '-'. */
export function suggestFactId(groups: string[][], unit: string): string {
  const parts = groups
    .flat()
    .map((t) => t.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .slice(0, 2);
  return [...(parts.length ? parts : ['fact']), unit.toLowerCase()].join('.');
}

// ---- restating a figure with the registry's value -------------------------------------------

/** Whether a figure is written in traditional script (its folded form differs in a Han character). */
function isTraditional(text: string): boolean {
  const folded = foldText(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff && folded[i] !== text[i]) return true;
  }
  return false;
}

const TRADITIONAL: Record<string, string> = { 万: '萬', 亿: '億', 两: '兩' };

function inScript(s: string, traditional: boolean): string {
  return traditional ? s.replace(/[万亿两]/g, (ch) => TRADITIONAL[ch]) : s;
}

/** Full-width digits (２０４８) when the original number used them. */
function inDigitsOf(original: string, ascii: string): string {
  if (!/[\uff10-\uff19]/.test(original)) return ascii;
  return ascii.replace(/[0-9.]/g, (ch) => (ch === '.' ? (original.includes('\uff0e') ? '\uff0e' : '.') : String.fromCharCode(ch.charCodeAt(0) + 0xfee0)));
}

/** A number without float noise (5.576, not 5.5760000000000005); undefined when it would need an exponent. */
function plainNumber(x: number): string | undefined {
  const s = String(Number(x.toPrecision(15)));
  return /e/i.test(s) ? undefined : s;
}

function groupThousands(s: string): string {
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Regex groups as slices of the original text: the regex ran on the folded text, which has the
 * original's length, and its groups must cover the whole match in order.
 */
function groupsIn(re: RegExp, folded: string, original: string): { folded: string[]; original: string[] } | undefined {
  const m = re.exec(folded);
  if (!m) return undefined;
  const parts = m.slice(1).map((g) => g ?? '');
  if (parts.join('') !== m[0] || m[0].length !== folded.length) return undefined;
  let at = 0;
  const slices = parts.map((p) => {
    const s = original.slice(at, at + p.length);
    at += p.length;
    return s;
  });
  return { folded: parts, original: slices };
}

// ---- dates

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_WORDS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/** Letters in the case of a model word: JAN → FEB, Jan → Feb, jan → feb. */
function inCaseOf(model: string, word: string): string {
  if (model.length > 1 && model === model.toUpperCase()) return word.toUpperCase();
  if (model[0] === model[0].toUpperCase()) return word[0].toUpperCase() + word.slice(1).toLowerCase();
  return word.toLowerCase();
}

/**
 * A month's name in the style of the original word and its full stop: January → February;
 * Jan → Feb; Jan. → Feb. (AP style: March to July written out, Sept.).
 */
function monthWord(original: string, dot: string, month: number, originalMonth: number): string {
  if (month === originalMonth) return original + dot;
  const full = MONTH_NAMES[month - 1];
  const written = original.toLowerCase();
  if (written === MONTH_NAMES[originalMonth - 1].toLowerCase() && !dot) return inCaseOf(original, full);
  if (dot && month >= 3 && month <= 7) return inCaseOf(original, full);
  const short = month === 9 && (dot || written === 'sept') ? 'Sept' : full.slice(0, 3);
  return inCaseOf(original, short) + (month === 5 ? '' : dot);
}

function padded(n: number, pad: boolean): string {
  return String(n).padStart(pad ? 2 : 1, '0');
}

const hasLeadingZero = (digits: string): boolean => /^0\d/.test(digits);

/** The date figure's text with the fact's date, field by field; undefined for forms not understood. */
function restateDate(figure: Figure, body: string, fact: Fact): string | undefined {
  const stated = figure.date;
  if (!stated || figure.dateEnd || figure.value === null || typeof fact.value !== 'string') return undefined;
  const target = parseIsoDate(fact.value);
  if (!target) return undefined;
  // Every form below is checked to read as the figure's date; a stated year takes the fact's
  // year, and a date without one does not gain one.
  const folded = foldText(body);
  const num = (original: string, n: number, pad: boolean): string => inDigitsOf(original, padded(n, pad));

  // 2025-01-29: fixed-width unless a field was written with one digit.
  let g = groupsIn(/^(\d{4})(-)(\d{1,2})(-)(\d{1,2})$/, folded, body);
  if (g) {
    const [y, s1, mo, s2, d] = g.original;
    const f = g.folded;
    if (Number(f[0]) !== stated.year || Number(f[2]) !== stated.month || Number(f[4]) !== stated.day) return undefined;
    const pad = (f[2].length === 2 && f[4].length === 2) || hasLeadingZero(f[2]) || hasLeadingZero(f[4]);
    return num(y, target.year, false) + s1 + num(mo, target.month, pad) + s2 + num(d, target.day, pad);
  }
  // 2025年1月29日, 1 月 29 日, 2025年01月, 1月: zero padding only where the original had it.
  g = groupsIn(/^(?:(\d{4})( ?年 ?))?(\d{1,2})( ?月)(?:( ?)(\d{1,2})( ?[日号]))?$/, folded, body);
  if (g) {
    const [y, ySep, mo, moSep, gap, d, dSep] = g.original;
    const f = g.folded;
    if ((f[0] ? Number(f[0]) : null) !== stated.year || Number(f[2]) !== stated.month || (f[5] ? Number(f[5]) : null) !== stated.day) return undefined;
    const pad = hasLeadingZero(f[2]) || hasLeadingZero(f[5]);
    const yearPart = y ? num(y, target.year, false) + ySep : '';
    const dayPart = d ? gap + num(d, target.day, pad) + dSep : '';
    return yearPart + num(mo, target.month, pad) + moSep + dayPart;
  }
  // 2025年: a year alone.
  g = groupsIn(/^(\d{4})( ?年)$/, folded, body);
  if (g) {
    if (Number(g.folded[0]) !== stated.year || stated.month !== 0) return undefined;
    return num(g.original[0], target.year, false) + g.original[1];
  }
  // 30日 after 1月28日: the month is not written, so it must be the fact's month already.
  g = groupsIn(/^(\d{1,2})( ?[日号])$/, folded, body);
  if (g) {
    if (Number(g.folded[0]) !== stated.day || stated.month !== target.month) return undefined;
    if (stated.year !== null && stated.year !== target.year) return undefined;
    return num(g.original[0], target.day, hasLeadingZero(g.folded[0])) + g.original[1];
  }
  // January 29, 2025; Jan. 29; Jan 29th.
  g = groupsIn(/^([a-z]+)(\.?)( )(\d{1,2})(st|nd|rd|th)?(?:(,? )(\d{4}))?$/, folded, body);
  if (g) {
    const [word, dot, space, d, suffix, ySep, y] = g.original;
    const f = g.folded;
    const month = MONTH_WORDS[f[0]];
    if (month !== stated.month || Number(f[3]) !== stated.day || (f[6] ? Number(f[6]) : null) !== stated.year) return undefined;
    const day = num(d, target.day, hasLeadingZero(f[3])) + (suffix ? inCaseOf(suffix, ordinalSuffix(target.day)) : '');
    return monthWord(word, dot, target.month, month) + space + day + (y ? ySep + num(y, target.year, false) : '');
  }
  // 29 January 2025; 29th Jan.
  g = groupsIn(/^(\d{1,2})(st|nd|rd|th)?( )([a-z]+)(\.?)(?:(,? )(\d{4}))?$/, folded, body);
  if (g) {
    const [d, suffix, space, word, dot, ySep, y] = g.original;
    const f = g.folded;
    const month = MONTH_WORDS[f[3]];
    if (month !== stated.month || Number(f[0]) !== stated.day || (f[6] ? Number(f[6]) : null) !== stated.year) return undefined;
    const day = num(d, target.day, hasLeadingZero(f[0])) + (suffix ? inCaseOf(suffix, ordinalSuffix(target.day)) : '');
    return day + space + monthWord(word, dot, target.month, month) + (y ? ySep + num(y, target.year, false) : '');
  }
  // English months without a day (January 2025) may be the tail of a date the extractor did not
  // read whole (29 January 2025); Chinese-numeral dates (一月二十九日) are left alone.
  return undefined;
}

// ---- amounts

/** A scale word and the family it steps within (5.6亿 → 5600万, 0.8 billion → 800 million). */
interface Scale {
  word: string;
  factor: number;
  family: 'cn' | 'word' | 'letter' | 'two' | 'three';
}

/** Scale words, folded; each family from the largest scale down. */
const SCALES: Scale[] = [
  { word: '万亿', factor: 1e12, family: 'cn' },
  { word: '亿', factor: 1e8, family: 'cn' },
  { word: '万', factor: 1e4, family: 'cn' },
  { word: 'trillion', factor: 1e12, family: 'word' },
  { word: 'billion', factor: 1e9, family: 'word' },
  { word: 'million', factor: 1e6, family: 'word' },
  { word: 'thousand', factor: 1e3, family: 'word' },
  { word: 't', factor: 1e12, family: 'letter' },
  { word: 'b', factor: 1e9, family: 'letter' },
  { word: 'm', factor: 1e6, family: 'letter' },
  { word: 'k', factor: 1e3, family: 'letter' },
  { word: 'tn', factor: 1e12, family: 'two' },
  { word: 'bn', factor: 1e9, family: 'two' },
  { word: 'mn', factor: 1e6, family: 'two' },
  { word: 'trln', factor: 1e12, family: 'three' },
  { word: 'bln', factor: 1e9, family: 'three' },
  { word: 'mln', factor: 1e6, family: 'three' },
];
/** Longest first, for reading. */
const SCALES_BY_LENGTH = [...SCALES].sort((a, b) => b.word.length - a.word.length);

/** The scale word at `at` of the folded text: Chinese scale characters must stand alone, Latin ones end a word. */
function scaleAt(folded: string, at: number): Scale | undefined {
  for (const scale of SCALES_BY_LENGTH) {
    if (!folded.startsWith(scale.word, at)) continue;
    const next = folded[at + scale.word.length] ?? '';
    if (scale.family === 'cn' ? /[十百千万亿]/.test(next) : /[a-z0-9]/.test(next)) continue;
    return scale;
  }
  return undefined;
}

/**
 * The scale to write `value` with, in the original's family: the largest whose multiple is at
 * least one (0.589万亿 → 5890亿, 0.8 billion → 800 million); none below the family's smallest.
 */
function scaleFor(value: number, original: Scale): Scale | undefined {
  return SCALES.find((s) => s.family === original.family && value >= s.factor);
}

/**
 * Chinese numerals, written the usual way: 两千零四十八, 十五, 五千八百九十亿, 三点六五. `er` writes
 * 二 where the usual form has 两 (二千), as the original did; `bare` writes 百 and 千 without 一, as
 * the original did (百倍).
 */
function chineseNumeral(value: number, er: boolean, bare: boolean): string | undefined {
  const DIGITS = '零一二三四五六七八九';
  const plain = plainNumber(value);
  if (plain === undefined || value < 0 || value >= 1e16) return undefined;
  const [intPart, frac] = plain.split('.');
  const two = er ? '二' : '两';
  /** 1 to 9999; `head` when nothing stands before it (十五, not 一十五). */
  const small = (n: number, head: boolean): string => {
    let out = '';
    let gap = false;
    [1000, 100, 10, 1].forEach((size, k) => {
      const d = Math.floor(n / size) % 10;
      if (d === 0) {
        gap = out !== '';
        return;
      }
      if (gap) out += '零';
      gap = false;
      const unit = ['千', '百', '十', ''][k];
      if (!(d === 1 && size === 10 && head && out === '')) out += d === 2 && size === 1000 ? two : DIGITS[d];
      out += unit;
    });
    return out;
  };
  const write = (n: number, head: boolean): string => {
    for (const [unit, size] of [['亿', 1e8], ['万', 1e4]] as const) {
      if (n < size) continue;
      const high = Math.floor(n / size);
      const low = n - high * size;
      const lead = high === 2 ? two : write(high, head);
      return lead + unit + (low === 0 ? '' : (low < size / 10 ? '零' : '') + write(low, false));
    }
    return small(n, head);
  };
  const n = Number(intPart);
  // 百倍 and 千年 stay bare when the original was.
  if (bare && !frac && (n === 100 || n === 1000)) return n === 100 ? '百' : '千';
  let out = n === 0 ? '零' : write(n, true);
  if (frac) out += '点' + [...frac].map((d) => DIGITS[Number(d)]).join('');
  return out;
}

const PLURAL_NOUNS = /^(chip|gpu|accelerator|card|server|processor|user|parameter|token|download|second|sec|minute|min|hour|hr|day|week|month|year)(s?)$/i;

/**
 * The noun agreeing with the new number: "1 GPU" → "2 GPUs", "20 days" → "1 day". The noun is
 * the count's own (within its first four words) or a time unit right after the number; hyphenated
 * forms (20-day) stay.
 */
function agreeNoun(rest: string, value: number, noun: string | undefined): string {
  const words = /^(?: [A-Za-z0-9.\-]+){1,4}/.exec(rest);
  if (!words) return rest;
  let at = 0;
  for (const [k, word] of words[0].slice(1).split(' ').entries()) {
    const m = PLURAL_NOUNS.exec(word);
    if (m && (noun === undefined ? k === 0 : foldText(word) === noun)) {
      const plural = value !== 1;
      if (plural === (m[2] !== '')) return rest;
      const start = at + 1;
      return rest.slice(0, start) + (plural ? `${m[1]}s` : m[1]) + rest.slice(start + word.length);
    }
    if (noun === undefined) return rest;
    at += word.length + 1;
  }
  return rest;
}

/** Currency signs and codes, 第, No., # and 百分之 that may stand before the number. */
const PREFIX_RE = /^\s*(?:第|no\. ?|#|百分之|(?:us|hk|nt|a|c|s)?\$ ?|(?:usd|eur|gbp|rmb|cny|jpy|人民币) ?|[€£¥￥] ?)?/;
const ARABIC_RE = /\d+(?:,\d{3})*(?:\.\d+)?|\.\d+/y;
const CHINESE_RE = /[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?/y;

/**
 * Ways to write the fact's value in the figure's form, best first; undefined when the form is not
 * understood (the figure's own text must read as the figure's value).
 */
function restateAmount(figure: Figure, body: string, value: number): string[] | undefined {
  const folded = foldText(body);
  const traditional = isTraditional(figure.text);
  const prefixEnd = PREFIX_RE.exec(folded)![0].length;
  const prefix = body.slice(0, prefixEnd);
  const stated = figure.value as number;
  ARABIC_RE.lastIndex = prefixEnd;
  const arabic = ARABIC_RE.exec(folded);
  if (!arabic) {
    // Chinese numerals: 两千零四十八块, 百倍, 第三名.
    CHINESE_RE.lastIndex = prefixEnd;
    const cn = CHINESE_RE.exec(folded);
    if (!cn) return undefined;
    const parsed = parseChineseNumeral(cn[0]);
    if (!parsed || !sameNumber(parsed.value, stated)) return undefined;
    const rest = body.slice(prefixEnd + cn[0].length);
    if (!restIsUnit(foldText(rest), false)) return undefined;
    const er = /二[百千万亿]/.test(cn[0]) && !cn[0].includes('两');
    const numeral = chineseNumeral(value, er, /^[十百千]/.test(cn[0]));
    return numeral === undefined ? undefined : [prefix + inScript(numeral, traditional) + rest];
  }
  const numberText = body.slice(prefixEnd, prefixEnd + arabic[0].length);
  const number = Number(arabic[0].replace(/,/g, ''));
  const grouped = arabic[0].includes(',');
  let at = prefixEnd + arabic[0].length;
  // The scale, with the space before it: 5.6亿, 1 萬億, 5.6m, 109bn, 500 billion, 6.5 mln.
  const gapLength = folded[at] === ' ' ? 1 : 0;
  let scale = scaleAt(folded, at + gapLength);
  let gap = '';
  if (scale && sameNumber(number * scale.factor, stated)) {
    gap = body.slice(at, at + gapLength);
  } else {
    scale = undefined;
    if (!sameNumber(number, stated)) return undefined;
  }
  const scaleText = scale ? body.slice(at + gap.length, at + gap.length + scale.word.length) : '';
  at += scale ? gap.length + scale.word.length : 0;
  let rest = body.slice(at);
  const foldedRest = folded.slice(at);
  if (!restIsUnit(foldedRest, scale !== undefined)) return undefined;
  // 1st, 2nd-ranked: the ordinal suffix follows the new number.
  const ordinal = /^(st|nd|rd|th)(?![a-z])/.exec(foldedRest);
  if (ordinal) {
    if (!Number.isInteger(value)) return undefined;
    rest = inCaseOf(rest.slice(0, 2), ordinalSuffix(value)) + rest.slice(2);
  }
  rest = agreeNoun(rest, value, figure.noun);

  const write = (n: number, group: boolean): string | undefined => {
    const s = plainNumber(n);
    return s === undefined ? undefined : inDigitsOf(numberText, group ? groupThousands(s) : s);
  };
  const candidates: string[] = [];
  if (scale) {
    const to = scaleFor(value, scale);
    if (to) {
      const n = write(value / to.factor, grouped);
      let word = to.word;
      if (to.family === 'cn') word = inScript(word, traditional);
      else word = inCaseOf(scaleText, word);
      if (n !== undefined) candidates.push(prefix + n + gap + word + rest);
    }
    // Below the family's smallest scale, or when a scale letter would not read as one: the whole
    // number, grouped in English; Chinese keeps the space a spaced figure had (1 萬億美元 → 8000 美元).
    const n = write(value, scale.family !== 'cn');
    if (n !== undefined) candidates.push(prefix + n + (scale.family === 'cn' ? gap : '') + rest);
  } else {
    const n = write(value, grouped);
    if (n !== undefined) candidates.push(prefix + n + rest);
  }
  return candidates;
}

/**
 * What may follow the number (and its scale): a unit, a classifier, a noun, a suffix qualifier;
 * not more digits or scale characters, not 半 (1个半小时 reads as 1), not letters glued to the
 * number other than an ordinal suffix or x.
 */
function restIsUnit(folded: string, scaled: boolean): boolean {
  if (/^[\d.,零〇一二两三四五六七八九十百千万亿多]/.test(folded) || folded.includes('半')) return false;
  if (!scaled && /^[a-z]/.test(folded)) return /^(?:(?:st|nd|rd|th)(?![a-z])|x(?![a-z0-9]))/.test(folded);
  return !/^[a-z0-9]/.test(folded);
}

/** The figure as the extractor reads its text alone: unit, value, qualifier and date. */
function readsAs(text: string): Figure | undefined {
  const figures = extractFigures(text);
  return figures.length === 1 && figures[0].text === text ? figures[0] : undefined;
}

function sameReading(a: Figure, b: Figure): boolean {
  if (a.unit !== b.unit || a.qualifierKind !== b.qualifierKind) return false;
  if (typeof a.value === 'number' && typeof b.value === 'number') return sameNumber(a.value, b.value);
  return a.value === b.value && JSON.stringify(a.date) === JSON.stringify(b.date);
}

/**
 * The figure's text with the registry's value in place of its own, keeping qualifier, unit words,
 * script and spacing: "近 1 萬億美元" with 589e9 → "近 5890 億美元"; "$5.6m" with 5576000 →
 * "$5.576m"; "January 29, 2025" with 2025-01-30 → "January 30, 2025". Undefined when the figure
 * cannot be restated (ranges, vague amounts, units that differ, forms not understood): a quick fix
 * must never corrupt the text.
 */
export function restateFigure(figure: Figure, fact: Fact): string | undefined {
  const { text } = figure;
  const qualifierEnd = figure.qualifier && text.startsWith(figure.qualifier) ? figure.qualifier.length : 0;
  const head = text.slice(0, qualifierEnd);
  const body = text.slice(qualifierEnd);
  if (figure.unit !== fact.unit || figure.value === null) return undefined;
  let candidates: string[];
  let expected: Figure;
  if (figure.unit === 'date') {
    const restated = restateDate(figure, body, fact);
    if (restated === undefined) return undefined;
    const target = parseIsoDate(fact.value as string)!;
    const date = figure.date!;
    const parts = { year: date.year === null ? null : target.year, month: date.month === 0 ? 0 : target.month, day: date.day === null ? null : target.day };
    const iso = (p: typeof parts): string =>
      p.month === 0 ? String(p.year) : [p.year ?? '-', String(p.month).padStart(2, '0'), ...(p.day === null ? [] : [String(p.day).padStart(2, '0')])].join('-');
    candidates = [head + restated];
    expected = { ...figure, value: iso(parts), date: parts };
  } else {
    if (typeof fact.value !== 'number' || typeof figure.value !== 'number') return undefined;
    const value = fact.value;
    if (!Number.isFinite(value) || value < 0) return undefined;
    if (figure.unit === 'rank' && !(Number.isInteger(value) && value >= 1)) return undefined;
    const restated = restateAmount(figure, body, value);
    if (!restated || restated.length === 0) return undefined;
    candidates = restated.map((r) => head + r);
    expected = { ...figure, value };
  }
  // When the figure's text reads alone as the figure, the new text must read alone as the
  // registry's value; a figure read with help from its context (30日 after 1月28日) has only the
  // checks of its own form.
  const alone = readsAs(text);
  if (!alone || !sameReading(alone, figure)) return candidates[0];
  return candidates.find((c) => {
    const again = readsAs(c);
    return again !== undefined && sameReading(again, expected);
  });
}
