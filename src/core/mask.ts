// Parts of an article that are not prose: no figure is read inside them, and no registry term
// found inside them counts for linking.
import type { Span } from './types';

// URL characters: ASCII only, so that a URL glued to Chinese text ends where the Chinese begins.
const URL_CHARS = "[A-Za-z0-9\\-._~:/?#[\\]@!$&*+;=%',]";
const EXCLUDED_RE = new RegExp(
  [
    // An unclosed <image> or comment runs to the end: re-scanning it from every '<' would be quadratic.
    /<image>[\s\S]*?(?:<\/image>|$(?![\s\S]))/.source, // embedded images (base64 payloads)
    /<!--[\s\S]*?(?:-->|$(?![\s\S]))/.source, // HTML comments, including our own ignore markers
    /^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$/.source, // fenced code
    /`[^`\n]+`/.source, // inline code
    `\\b(?:https?|ftp|file)://${URL_CHARS}+`, // URLs
    `\\bwww\\.${URL_CHARS}+`,
    // E-mail addresses; the lookbehind keeps long runs of word characters from being re-tried.
    /(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/.source,
    /\]\([^()\n\]]{0,1000}\)/.source, // Markdown link targets (no nested brackets: keeps each try short)
    /<\/?[A-Za-z][^<>\n]{0,500}>/.source, // HTML tags
    /data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+/.source,
    /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{60,}={0,2}/.source, // long base64-like runs
  ].join('|'),
  'gm',
);

const FRONT_MATTER_RE = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/y;
/** Punctuation that ends a sentence rather than a URL: "see https://x.com/a." */
const URL_TRAILING = /[.,;:!?'")\]]+$/;

/** Sorted, non-overlapping spans of text to skip. */
export function excludedSpans(text: string): Span[] {
  const spans: Span[] = [];
  FRONT_MATTER_RE.lastIndex = 0;
  const fm = FRONT_MATTER_RE.exec(text);
  let from = 0;
  if (fm) {
    spans.push({ start: 0, end: fm[0].length });
    from = fm[0].length;
  }
  EXCLUDED_RE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = EXCLUDED_RE.exec(text))) {
    if (m[0].length === 0) {
      EXCLUDED_RE.lastIndex++;
      continue;
    }
    let end = m.index + m[0].length;
    if (/^(?:https?|ftp|file):|^www\./.test(m[0])) end -= URL_TRAILING.exec(m[0])?.[0].length ?? 0;
    spans.push({ start: m.index, end });
  }
  return spans;
}

/** Sticky twin of EXCLUDED_RE: does a mask start exactly here? */
const EXCLUDED_AT_RE = new RegExp(EXCLUDED_RE.source, 'my');

function spanOf(m: RegExpExecArray): Span {
  let end = m.index + m[0].length;
  if (/^(?:https?|ftp|file):|^www\./.test(m[0])) end -= URL_TRAILING.exec(m[0])?.[0].length ?? 0;
  return { start: m.index, end };
}

/**
 * The excluded spans of a text after an edit replaced [start, oldEnd) of the old text (whose
 * spans are `oldSpans`) with [start, newEnd): the same as excludedSpans(text), found by scanning
 * only from just before the edit until the scan is back in step with the old one.
 *
 * Why that is enough: a mask matched at a position past the edit depends only on the text from
 * one character before it on (look-behinds reach one character), which the edit did not change; so
 * once the new scan is searching from a position past the edit at which the old scan was searching
 * too (not inside an old mask), it finds the old masks, shifted. Before the edit, a match the old
 * scan did not find can only appear if it now reaches into the edit: every mask but fenced code,
 * comments and images stays on one line (ended by \n only: a lone \r may sit inside inline code),
 * so the scan starts at the edit's line; comments and images run to the end when unclosed, so none
 * appears from further back; a fence can, so an edit on a line with a fence marker is scanned whole.
 */
export function excludedSpansAfterEdit(oldSpans: readonly Span[], text: string, oldText: string, start: number, oldEnd: number, newEnd: number): Span[] {
  const delta = newEnd - oldEnd;
  // Front matter is read at the very start only; an edit near it, or a text that may gain it, is read whole.
  if (start < 8 || text.startsWith('---')) return excludedSpans(text);
  // A line as the masks know it: only \n ends one (inline code and links may hold a lone \r).
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (hasFenceMarker(text, lineStart, newEnd) || hasFenceMarker(oldText, lineStart, oldEnd)) return excludedSpans(text);
  // Masks ending before the edit's line stay; the scan starts there, or where a mask across it starts.
  let kept = 0;
  while (kept < oldSpans.length && oldSpans[kept].end < lineStart) kept++;
  const spans = oldSpans.slice(0, kept);
  let at = Math.max(kept > 0 ? oldSpans[kept - 1].end : 0, lineStart);
  if (kept < oldSpans.length && oldSpans[kept].start < at) at = oldSpans[kept].start;
  /** Index of the first old span ending after a position (moves forward only). */
  let old = kept;
  const inStep = (position: number): number | undefined => {
    const p = position - delta;
    while (old < oldSpans.length && oldSpans[old].end <= p) old++;
    return old < oldSpans.length && oldSpans[old].start < p ? undefined : old;
  };
  // Through the edit one position at a time (a search could run far past it before matching).
  while (at <= newEnd && at < text.length) {
    EXCLUDED_AT_RE.lastIndex = at;
    const m = EXCLUDED_AT_RE.exec(text);
    if (m && m[0].length > 0) {
      spans.push(spanOf(m));
      at = m.index + m[0].length;
    } else {
      at++;
    }
  }
  // Past the edit: search on until the scan is in step with the old one, then the rest is theirs.
  for (;;) {
    const resume = at > newEnd ? inStep(at) : undefined;
    if (resume !== undefined) {
      for (let i = resume; i < oldSpans.length; i++) spans.push({ start: oldSpans[i].start + delta, end: oldSpans[i].end + delta });
      return spans;
    }
    EXCLUDED_RE.lastIndex = at;
    const m = EXCLUDED_RE.exec(text);
    if (!m) return spans;
    if (m[0].length === 0) {
      at = m.index + 1;
      continue;
    }
    spans.push(spanOf(m));
    at = m.index + m[0].length;
  }
}

/** Whether the lines (ended by \n) from `from` to the one holding `to` hold ``` or ~~~. */
function hasFenceMarker(text: string, from: number, to: number): boolean {
  const lf = text.indexOf('\n', to);
  const line = text.slice(from, lf < 0 ? text.length : lf);
  return line.includes('```') || line.includes('~~~');
}

/** Whether a span lies inside one of the sorted excluded spans (binary search). */
export function isExcluded(spans: readonly Span[], span: Span): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= span.start) lo = mid + 1;
    else if (spans[mid].start >= span.end) hi = mid - 1;
    else return true;
  }
  return false;
}
