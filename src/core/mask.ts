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
