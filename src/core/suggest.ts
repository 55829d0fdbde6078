// Suggestions for quick fixes: match terms guessed from a figure's sentence, a fact id, and the
// registry's value restated in the article's own script and style.
import { foldText } from './fold';
import { parseIsoDate } from './intervals';
import { sentenceAround, clauseAround } from './sentences';
import type { Fact, Figure, Span } from './types';

/** Words that say nothing about which fact a sentence is about. */
const STOP_WORDS = new Set([
  'the', 'a', 'an', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'by', 'with', 'at', 'from', 'as', 'is', 'was', 'were', 'are', 'be',
  'it', 'its', 'that', 'this', 'than', 'about', 'around', 'nearly', 'over', 'more', 'less', 'up', 'only', 'just', 'has', 'had',
  'have', 'which', 'who', 'said', 'says', 'ceo', 'us', 'ai',
]);
/** Function characters that end a Chinese keyword search (verbs of being, particles, qualifiers). */
const CN_FILLER = new Set([...'的了是为约近有达至少超过仅只将在和与及把被对从于以了着过也都又再还就才而但并且其该这那此每各个']);

export interface TermSuggestion {
  term: string;
  span: Span;
}

/** Latin names (DeepSeek, H800, OpenAI) and Chinese keywords (训练成本) near the figure, nearest first. */
export function suggestTerms(text: string, figure: Span): TermSuggestion[] {
  const folded = foldText(text);
  const sentence = sentenceAround(folded, figure);
  const found: (TermSuggestion & { distance: number })[] = [];
  const seen = new Set<string>();
  const add = (term: string, start: number): void => {
    const key = foldText(term);
    if (seen.has(key) || term.length < 2) return;
    seen.add(key);
    const end = start + term.length;
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
    add(m[0], start);
  }
  // Chinese keywords: runs of Han characters split at filler characters, two to four long.
  const han = /[\u4e00-\u9fff]+/g;
  while ((m = han.exec(slice))) {
    const runStart = sentence.start + m.index;
    let wordStart = runStart;
    const flush = (end: number): void => {
      if (end - wordStart >= 2 && (end <= figure.start || wordStart >= figure.end)) {
        // Without a word segmenter: the four characters nearest the figure, then two-character
        // pieces walking away from it (美国区苹果商店排名 → 商店排名, 排名, 商店, 苹果, 国区).
        const before = end <= figure.start;
        const from = before ? Math.max(wordStart, end - 4) : wordStart;
        const to = before ? end : Math.min(end, wordStart + 4);
        if (to - from > 2) add(text.slice(from, to), from);
        if (before) for (let e = end; e - 2 >= wordStart; e -= 2) add(text.slice(e - 2, e), e - 2);
        else for (let b = wordStart; b + 2 <= end; b += 2) add(text.slice(b, b + 2), b);
      }
    };
    for (let i = runStart; i < runStart + m[0].length; i++) {
      if (CN_FILLER.has(folded[i]) || (i >= figure.start && i < figure.end)) {
        flush(i);
        wordStart = i + 1;
      }
    }
    flush(runStart + m[0].length);
  }
  // Words of the figure's own clause first, then by distance.
  const clause = clauseAround(folded, figure);
  const inClause = (s: Span): number => (s.start >= clause.start && s.end <= clause.end ? 0 : 1);
  found.sort((a, b) => inClause(a.span) - inClause(b.span) || a.distance - b.distance);
  return found.map(({ term, span }) => ({ term, span }));
}

/**
 * Match groups for a new fact: the nearest Latin name, and the nearest other keyword.
 * Two groups keep the new fact specific without demanding words a rewording would drop.
 */
export function guessMatchGroups(text: string, figure: Span): string[][] {
  const terms = suggestTerms(text, figure);
  const name = terms.find((t) => /^[A-Za-z]/.test(t.term));
  const keyword = terms.find((t) => t !== name && /[\u4e00-\u9fff]/.test(t.term)) ?? terms.find((t) => t !== name);
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

const SIMPLIFIED_ONLY_DIGITS: Record<string, string> = { 万: '萬', 亿: '億', 两: '兩' };

/** Whether a figure is written in traditional script (its folded form differs in a Han character). */
function isTraditional(text: string): boolean {
  const folded = foldText(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff && folded[i] !== text[i]) return true;
  }
  return false;
}

function trimNumber(x: number): string {
  return String(Number(x.toPrecision(10)));
}

/** 5576000 in the figure's style: 557.6万 (Chinese scale), 5.576 million, 5,576,000. */
function restateAmount(value: number, style: 'wan' | 'yi' | 'wanyi' | 'million' | 'billion' | 'trillion' | 'M' | 'B' | 'plain' | 'grouped'): string {
  switch (style) {
    case 'wan':
      return `${trimNumber(value / 1e4)}万`;
    case 'yi':
      return `${trimNumber(value / 1e8)}亿`;
    case 'wanyi':
      return `${trimNumber(value / 1e12)}万亿`;
    case 'million':
      return `${trimNumber(value / 1e6)} million`;
    case 'billion':
      return `${trimNumber(value / 1e9)} billion`;
    case 'trillion':
      return `${trimNumber(value / 1e12)} trillion`;
    case 'M':
      return `${trimNumber(value / 1e6)}M`;
    case 'B':
      return `${trimNumber(value / 1e9)}B`;
    case 'grouped':
      return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
    default:
      return trimNumber(value);
  }
}

/**
 * The figure's text with the registry's value in place of its own, keeping qualifier, unit words,
 * script and spacing: "近 1 萬億美元" with 589e9 → "近 5890 億美元"; "1 月 30 日" with 2025-01-29 →
 * "1 月 29 日". Undefined when the figure cannot be restated (ranges, vague amounts, no value).
 */
export function restateFigure(figure: Figure, fact: Fact): string | undefined {
  const { text } = figure;
  const qualifierEnd = figure.qualifier && text.startsWith(figure.qualifier) ? figure.qualifier.length : 0;
  const head = text.slice(0, qualifierEnd);
  const body = text.slice(qualifierEnd);
  if (fact.unit === 'date' && typeof fact.value === 'string' && figure.unit === 'date' && figure.date?.day) {
    const d = parseIsoDate(fact.value);
    if (!d) return undefined;
    // Replace month and day numbers in place, so spacing and the 年/月/日 style survive.
    let index = 0;
    const numbers = figure.date.year !== null ? [d.year, d.month, d.day] : [d.month, d.day];
    const restated = body.replace(/\d+/g, (digits) => {
      const n = numbers[index++];
      return n === undefined ? digits : String(n).padStart(digits.length >= 2 && n < 10 ? 2 : 1, '0');
    });
    return head + restated;
  }
  if (typeof fact.value !== 'number' || typeof figure.value !== 'number') return undefined;
  const value = fact.value;
  // Convert into the figure's own unit when they differ (months written for a fact in days).
  if (figure.unit !== fact.unit) return undefined;
  const m = /^([^\d]*?)(\d[\d,]*(?:\.\d+)?)( ?)(万亿|萬億|亿|億|万|萬|million|billion|trillion|bn|M|B|)(.*)$/su.exec(body);
  if (!m) return undefined;
  const [, prefix, digits, space, scale, rest] = m;
  const style = ((): Parameters<typeof restateAmount>[1] => {
    switch (scale) {
      case '万':
      case '萬':
        return 'wan';
      case '亿':
      case '億':
        return 'yi';
      case '万亿':
      case '萬億':
        return 'wanyi';
      case 'million':
        return 'million';
      case 'billion':
      case 'bn':
        return 'billion';
      case 'trillion':
        return 'trillion';
      case 'M':
        return 'M';
      case 'B':
        return 'B';
      default:
        return digits.includes(',') ? 'grouped' : 'plain';
    }
  })();
  let style2 = style;
  // Step down a scale when the value would read below one: 0.589万亿 → 5890亿.
  if (style2 === 'wanyi' && value < 1e12) style2 = 'yi';
  if (style2 === 'yi' && value < 1e8) style2 = 'wan';
  if (style2 === 'trillion' && value < 1e12) style2 = 'billion';
  if (style2 === 'billion' && value < 1e9) style2 = 'million';
  if (style2 === 'B' && value < 1e9) style2 = 'M';
  let amount = restateAmount(value, style2);
  // A scale word written with a space keeps it: "1 萬億" → "0.589 萬億".
  if (['wan', 'yi', 'wanyi'].includes(style2)) {
    const number = amount.replace(/[万亿]+$/, '');
    let unitChars = amount.slice(number.length);
    if (isTraditional(text)) unitChars = [...unitChars].map((ch) => SIMPLIFIED_ONLY_DIGITS[ch] ?? ch).join('');
    amount = number + space + unitChars;
  } else if (['million', 'billion', 'trillion'].includes(style2)) {
    // restateAmount put a space before the word already.
  } else if (space) {
    amount += space;
  }
  return head + prefix + amount + rest;
}
