// Folding for matching and extraction: one output code unit per input code unit, so every
// offset found in the folded text is valid in the original.
import { Converter } from 'opencc-js/t2cn';

const toSimplified = Converter({ from: 't', to: 'cn' });
const hanCache = new Map<number, number>();

function foldHan(code: number): number {
  let folded = hanCache.get(code);
  if (folded === undefined) {
    const converted = toSimplified(String.fromCharCode(code));
    // Only a one-for-one mapping keeps offsets valid; anything else stays as written.
    folded = converted.length === 1 ? converted.charCodeAt(0) : code;
    hanCache.set(code, folded);
  }
  return folded;
}

/**
 * Full-width ASCII (but the comma ，) to half-width, ideographic and no-break spaces to ' ', traditional Chinese to
 * simplified, ASCII letters to lower case. The result has exactly the length of the input.
 */
export function foldText(text: string): string {
  let out = '';
  let runStart = 0;
  const n = text.length;
  // Copy unchanged runs in one slice: most of an article needs no change.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let f = c;
    if (c >= 65 && c <= 90) f = c + 32;
    else if (c < 128) continue;
    // The full-width comma stays: folded to ',' it would join 100，200 into one number.
    else if (c >= 0xff01 && c <= 0xff5e && c !== 0xff0c) {
      f = c - 0xfee0;
      if (f >= 65 && f <= 90) f += 32;
    } else if (c === 0x3000 || c === 0xa0 || c === 0x2009 || c === 0x202f) f = 32;
    else if (c >= 0x3400 && c <= 0x9fff) f = foldHan(c);
    if (f !== c) {
      out += text.slice(runStart, i) + String.fromCharCode(f);
      runStart = i + 1;
    }
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

/** Folds a registry term the same way, and trims it. */
export function foldTerm(term: string): string {
  return foldText(term.trim());
}
