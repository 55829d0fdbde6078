// Parts of an article that are not prose: no figure is read inside them.
import type { Span } from './types';

const EXCLUDED_RE = new RegExp(
  [
    /<image>[\s\S]*?<\/image>/.source, // embedded images (base64 payloads)
    /<!--[\s\S]*?-->/.source, // HTML comments, including our own ignore markers
    /^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$/.source, // fenced code
    /`[^`\n]+`/.source, // inline code
    /\b(?:https?|ftp|file):\/\/[^\s<>"'）)\]]+/.source, // URLs
    /\bwww\.[^\s<>"'）)\]]+/.source,
    /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.source, // e-mail addresses
    /\]\([^)\n]*\)/.source, // Markdown link targets
    /<\/?[A-Za-z][^<>\n]{0,500}>/.source, // HTML tags
    /data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+/.source,
    /[A-Za-z0-9+/]{60,}={0,2}/.source, // long base64-like runs
  ].join('|'),
  'gm',
);

const FRONT_MATTER_RE = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/y;

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
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}
