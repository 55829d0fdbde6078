// Folding for matching and extraction: one output code unit per input code unit, so every
// offset found in the folded text is valid in the original.
import { HAN_ALPHABET, HAN_FIRST, HAN_PAIRS } from './hanTable';

/** Folded code of every UTF-16 code unit, built on first use. */
let table: Uint16Array | undefined;

function buildTable(): Uint16Array {
  const fold = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) fold[c] = c;
  // ASCII letters to lower case.
  for (let c = 65; c <= 90; c++) fold[c] = c + 32;
  // Full-width ASCII to half-width (and lower case). The full-width comma stays: folded to ','
  // it would join 100，200 into one number.
  for (let c = 0xff01; c <= 0xff5e; c++) {
    if (c === 0xff0c) continue;
    const f = c - 0xfee0;
    fold[c] = f >= 65 && f <= 90 ? f + 32 : f;
  }
  for (const c of [0x3000, 0xa0, 0x2009, 0x202f]) fold[c] = 32;
  // Traditional to simplified Han, one character for one (see scripts/han-table.mjs).
  const digit = new Uint8Array(128);
  for (let i = 0; i < HAN_ALPHABET.length; i++) digit[HAN_ALPHABET.charCodeAt(i)] = i;
  let at = 0;
  const next = (): number => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const d = digit[HAN_PAIRS.charCodeAt(at++)];
      n += (d & 31) * 2 ** shift;
      if (d < 32) return n;
      shift += 5;
    }
  };
  let code = HAN_FIRST;
  while (at < HAN_PAIRS.length) {
    code += next();
    const z = next();
    fold[code] = code + (z % 2 === 1 ? -(z + 1) / 2 : z / 2);
  }
  return fold;
}

/** Decodes the folded code units; only where typed arrays are little-endian, as UTF-16LE wants. */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const decoder = littleEndian && typeof TextDecoder === 'function' ? new TextDecoder('utf-16le', { ignoreBOM: true }) : undefined;

/**
 * Node's Buffer (the extension host, the CLI; not a web worker), looked up rather than imported so
 * that the core stays free of Node: it turns UTF-16LE into a string twice as fast as TextDecoder
 * (5 million code units: 27 against 59 ms), and keeps lone surrogates as they are.
 */
interface Utf16Buffer {
  from(buffer: ArrayBuffer, byteOffset: number, length: number): { toString(encoding: 'utf16le'): string };
}
const nodeBuffer = littleEndian ? (globalThis as { Buffer?: Utf16Buffer }).Buffer : undefined;

function hasLoneSurrogate(codes: Uint16Array): boolean {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if ((c & 0xf800) !== 0xd800) continue;
    // A high surrogate must be followed by a low one; a low one was skipped with its high one.
    if (c >= 0xdc00 || i + 1 >= codes.length || (codes[i + 1] & 0xfc00) !== 0xdc00) return true;
    i++;
  }
  return false;
}

/**
 * Full-width ASCII (but the comma ，) to half-width, ideographic and no-break spaces to ' ',
 * traditional Chinese to simplified, ASCII letters to lower case. The result has exactly the
 * length of the input.
 */
export function foldText(text: string): string {
  const fold = (table ??= buildTable());
  const n = text.length;
  let i = 0;
  // Most text needs some change (upper-case letters at least); find the first.
  while (i < n && fold[text.charCodeAt(i)] === text.charCodeAt(i)) i++;
  if (i === n) return text;
  const codes = new Uint16Array(n);
  for (let j = 0; j < i; j++) codes[j] = text.charCodeAt(j);
  for (; i < n; i++) codes[i] = fold[text.charCodeAt(i)];
  if (nodeBuffer) return nodeBuffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('utf16le');
  // The decoder is the fastest way back to a string, but it would replace a lone surrogate
  // (surrogates fold to themselves, so the folded codes tell).
  if (decoder && !hasLoneSurrogate(codes)) return decoder.decode(codes);
  // Decode in chunks: String.fromCharCode takes its arguments on the stack.
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode.apply(null, codes.subarray(k, k + 8192) as unknown as number[]);
  return out;
}

/** Folds a registry term the same way, and trims it. */
export function foldTerm(term: string): string {
  return foldText(term.trim());
}
