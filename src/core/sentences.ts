// Sentence and clause boundaries in folded text, for linking figures to facts.
import type { Span } from './types';

// Sentence ends: Chinese and Western full stops, question and exclamation marks, line breaks.
const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '\n', '\r', '；', '…']);
// Clause breaks inside a sentence (folded text has ASCII commas for full-width ones).
const CLAUSE_BREAK = new Set([',', '，', ';', '；', ':', '：', '、', '—', '(', ')', '（', '）']);
/** How far a sentence may reach either way; bounds work on pathological single-line files. */
const MAX_REACH = 600;

function isEnglishStop(text: string, i: number): boolean {
  // "5.6" is a number; ". " ends a sentence.
  return text[i] === '.' && (i + 1 >= text.length || text[i + 1] === ' ' || text[i + 1] === '\n');
}

function boundary(text: string, i: number, clause: boolean): boolean {
  const ch = text[i];
  return SENTENCE_END.has(ch) || isEnglishStop(text, i) || (clause && CLAUSE_BREAK.has(ch));
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
