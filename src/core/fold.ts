// Folding for matching and extraction: one output code unit per input code unit, so every
// offset found in the folded text is valid in the original.
import { Converter } from 'opencc-js/t2cn';

const toSimplified = Converter({ from: 't', to: 'cn' });
const HAN_FIRST = 0x3400;
const HAN_LAST = 0x9fff;
/** Folded code of each Han character, filled on first sight (0 = not looked up yet). */
const hanTable = new Uint16Array(HAN_LAST - HAN_FIRST + 1);

function foldHan(code: number): number {
  let folded = hanTable[code - HAN_FIRST];
  if (folded === 0) {
    const converted = toSimplified(String.fromCharCode(code));
    // Only a one-for-one mapping keeps offsets valid; anything else stays as written.
    folded = converted.length === 1 ? converted.charCodeAt(0) : code;
    hanTable[code - HAN_FIRST] = folded;
  }
  return folded;
}

function foldCode(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c >= HAN_FIRST && c <= HAN_LAST) return foldHan(c);
  // The full-width comma stays: folded to ',' it would join 100，200 into one number.
  if (c >= 0xff01 && c <= 0xff5e && c !== 0xff0c) {
    const f = c - 0xfee0;
    return f >= 65 && f <= 90 ? f + 32 : f;
  }
  if (c === 0x3000 || c === 0xa0 || c === 0x2009 || c === 0x202f) return 32;
  return c;
}

/**
 * Full-width ASCII (but the comma ，) to half-width, ideographic and no-break spaces to ' ',
 * traditional Chinese to simplified, ASCII letters to lower case. The result has exactly the
 * length of the input.
 */
export function foldText(text: string): string {
  const n = text.length;
  let i = 0;
  // Most text needs some change (upper-case letters at least); find the first.
  while (i < n && foldCode(text.charCodeAt(i)) === text.charCodeAt(i)) i++;
  if (i === n) return text;
  const codes = new Uint16Array(n);
  for (let j = 0; j < i; j++) codes[j] = text.charCodeAt(j);
  for (; i < n; i++) codes[i] = foldCode(text.charCodeAt(i));
  // Decode in chunks: String.fromCharCode takes its arguments on the stack.
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode.apply(null, codes.subarray(k, k + 8192) as unknown as number[]);
  return out;
}

/** Folds a registry term the same way, and trims it. */
export function foldTerm(term: string): string {
  return foldText(term.trim());
}
