// Sentence and clause boundaries in folded text, for linking figures to facts.
import type { Span } from './types';

// Sentence ends: Chinese and Western full stops, question and exclamation marks, line breaks.
const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '\n', '\r', '；', '…']);
// Clause breaks inside a sentence (folded text has ASCII commas for full-width ones).
const CLAUSE_BREAK = new Set([',', '，', ';', '；', ':', '：', '、', '—', '(', ')', '（', '）']);
/** How far a sentence may reach either way; bounds work on pathological single-line files. */
const MAX_REACH = 600;

/** Abbreviations whose full stop does not end a sentence (folded text is lower case). */
const ABBREVIATIONS = /(?:^|[^a-z])(?:no|nos|mr|mrs|ms|dr|st|inc|corp|co|ltd|vs|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|u\.s|u\.k|e\.g|i\.e|approx|est)$/;

function isEnglishStop(text: string, i: number): boolean {
  // "5.6" is a number; ". " ends a sentence, unless after an abbreviation (No. 1, U.S. chips).
  if (text[i] !== '.' || !(i + 1 >= text.length || text[i + 1] === ' ' || text[i + 1] === '\n')) return false;
  return !ABBREVIATIONS.test(text.slice(Math.max(0, i - 6), i).toLowerCase());
}

/** For each code unit: 1 ends a sentence, 2 breaks a clause, 3 is a full stop that may end a sentence. */
const KIND = new Uint8Array(65536);
for (const ch of CLAUSE_BREAK) KIND[ch.charCodeAt(0)] = 2;
for (const ch of SENTENCE_END) KIND[ch.charCodeAt(0)] = 1;
KIND[46] = 3;

function boundary(text: string, i: number, clause: boolean): boolean {
  const kind = KIND[text.charCodeAt(i)];
  if (kind === 0) return false;
  if (kind === 1) return true;
  if (kind === 2) return clause;
  return isEnglishStop(text, i);
}

function spanAround(text: string, span: Span, clause: boolean): Span {
  let start = span.start;
  const lowest = Math.max(0, span.start - MAX_REACH);
  while (start > lowest && !boundary(text, start - 1, clause)) start--;
  let end = span.end;
  const highest = Math.min(text.length, span.end + MAX_REACH);
  while (end < highest && !boundary(text, end, clause)) end++;
  return { start, end };
}

export function sentenceAround(text: string, span: Span): Span {
  return spanAround(text, span, false);
}

export function clauseAround(text: string, span: Span): Span {
  return spanAround(text, span, true);
}
