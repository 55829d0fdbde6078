// Folding uses a generated table (src/core/hanTable.ts) instead of bundling opencc-js: it must
// fold every character exactly as the converter does, one character for one.
import { Converter } from 'opencc-js/t2cn';
import { describe, expect, it, vi } from 'vitest';
import { foldText } from '../../src/core/fold';

describe('foldText', () => {
  it('folds every Han character as opencc-js t2cn does, where that gives one character', () => {
    const toSimplified = Converter({ from: 't', to: 'cn' });
    const wrong: string[] = [];
    for (let code = 0x3400; code <= 0x9fff; code++) {
      const ch = String.fromCharCode(code);
      const converted = toSimplified(ch);
      const expected = converted.length === 1 ? converted : ch;
      if (foldText(ch) !== expected) wrong.push(`${ch} → ${foldText(ch)}, want ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the length and every character outside its rules', () => {
    const text = '\ufeffＡＢＣ，１２３　DeepSeek 訓練成本 €5 \ud800x \udc00 😀 ﾊ';
    const folded = foldText(text);
    expect(folded.length).toBe(text.length);
    expect(folded).toBe('\ufeffabc，123 deepseek 训练成本 €5 \ud800x \udc00 😀 ﾊ');
    expect(foldText('already folded 100')).toBe('already folded 100');
    expect(foldText('')).toBe('');
  });

  it('folds long texts, across the decoding chunks', () => {
    const text = '國'.repeat(20000) + 'A';
    expect(foldText(text)).toBe('国'.repeat(20000) + 'a');
    expect(foldText('\ud83d\ude00國'.repeat(9000))).toBe('\ud83d\ude00国'.repeat(9000));
  });

  it('folds the same without Node\'s Buffer, as in a web worker (TextDecoder, or chunks for lone surrogates)', async () => {
    const texts = ['\ufeffＡＢＣ，１２３　DeepSeek 訓練成本 €5 \ud800x \udc00 😀 ﾊ', '國'.repeat(20000) + 'A', '\ud83d\ude00國'.repeat(9000), 'Ab\udc00'.repeat(5000)];
    const withBuffer = texts.map(foldText);
    vi.stubGlobal('Buffer', undefined);
    vi.resetModules();
    try {
      const web = await import('../../src/core/fold');
      expect(web.foldText).not.toBe(foldText);
      expect(texts.map(web.foldText)).toEqual(withBuffer);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
