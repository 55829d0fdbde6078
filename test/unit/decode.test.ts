// decodeArticle: BOMs, binary files, UTF-8, and GBK versus Big5 by plausibility, on bytes made by
// iconv (test/fixtures/encodings/README.md) and on byte strings built here.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeArticle, type DecodeResult } from '../../src/core/decode';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(__dirname, '../fixtures/encodings', name)));
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

function decoded(result: DecodeResult): { text: string; encoding: string } {
  if ('error' in result) throw new Error(`expected text, got ${result.error}: ${result.detail}`);
  return result;
}

describe('decodeArticle', () => {
  it('reads UTF-8, and UTF-8 with a BOM without the BOM', () => {
    expect(decodeArticle(bytes('成本约为560万美元。\n'))).toEqual({ text: '成本约为560万美元。\n', encoding: 'utf-8' });
    expect(decodeArticle(bytes([0xef, 0xbb, 0xbf], '🚀 560万'))).toEqual({ text: '🚀 560万', encoding: 'utf-8-bom' });
    expect(decodeArticle(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('reads UTF-16 with a BOM, little and big endian, astral characters included', () => {
    const text = '𠮷 成本约为560万美元';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeArticle(bytes([0xff, 0xfe], [...le]))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeArticle(bytes([0xfe, 0xff], [...be]))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('refuses broken UTF-16 and UTF-32 as unknown encodings', () => {
    expect(decodeArticle(bytes([0xff, 0xfe, 0x41]))).toMatchObject({ error: 'unknown-encoding', detail: expect.stringContaining('UTF-16LE') });
    expect(decodeArticle(bytes([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toMatchObject({ error: 'unknown-encoding', detail: expect.stringContaining('UTF-32') });
    // A UTF-8 BOM followed by GBK bytes: the BOM is believed, the rest is not UTF-8.
    expect(decodeArticle(bytes([0xef, 0xbb, 0xbf, 0x41, 0xc4, 0xe3]))).toMatchObject({ error: 'unknown-encoding', detail: expect.stringContaining('byte 4') });
  });

  it('calls files with NUL bytes or many control characters in the first 8 KB binary', () => {
    expect(decodeArticle(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toMatchObject({ error: 'binary', detail: 'NUL byte at offset 8' });
    expect(decodeArticle(bytes('abc', [1, 2, 3, 4, 5], 'defgh'))).toMatchObject({ error: 'binary', detail: expect.stringContaining('control characters') });
    // Tabs, form feeds, escapes and CRLF are text.
    expect(decodeArticle(bytes('a\tb\fc\x1b[0m\r\n'))).toEqual({ text: 'a\tb\fc\x1b[0m\r\n', encoding: 'utf-8' });
    // A NUL past the first 8 KB is not looked for: the file is text with a NUL in it.
    const late = bytes('x'.repeat(9000), [0], 'y');
    expect(decoded(decodeArticle(late)).text.length).toBe(9002);
    // UTF-16 without a BOM is full of NUL bytes: binary.
    expect(decodeArticle(new Uint8Array(Buffer.from('hello', 'utf16le')))).toMatchObject({ error: 'binary' });
  });

  it('reads a GBK article (made by iconv) as GBK', () => {
    const { text, encoding } = decoded(decodeArticle(fixture('gbk.md')));
    expect(encoding).toBe('gbk');
    expect(text).toBe('# 报道\n\nDeepSeek V3 的训练成本约为560万美元。据报道，该公司于2024年12月发布了这一模型，引起了广泛关注。\n');
  });

  it('reads a Big5 article (made by iconv) as Big5, although GBK decodes its bytes too', () => {
    const raw = fixture('big5.md');
    // The trap: every Big5 byte pair is a valid GBK pair, so GBK alone would "succeed" with mojibake.
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(raw)).not.toThrow();
    const { text, encoding } = decoded(decodeArticle(raw));
    expect(encoding).toBe('big5');
    expect(text).toBe('# 報導\n\nDeepSeek V3 的訓練成本約為560萬美元。據報導，該公司於2024年12月發布了這個模型，引起了廣泛關注。\n');
  });

  it('reads GB18030 four-byte sequences (astral characters) under the GBK label', () => {
    const { text, encoding } = decoded(decodeArticle(fixture('gb18030-astral.txt')));
    expect(encoding).toBe('gbk');
    expect(text).toBe('𠮷野家的牛肉饭价格上涨了约10%。\n');
    expect(text.indexOf('约10%')).toBe(2 + 11); // 𠮷 is 2 UTF-16 code units, then 11 characters: offsets are the decoded text's
  });

  it('decides short texts too: 你好 in GBK, 中華民國 in Big5', () => {
    expect(decodeArticle(bytes([0xc4, 0xe3, 0xba, 0xc3], '5%'))).toEqual({ text: '你好5%', encoding: 'gbk' });
    expect(decodeArticle(bytes([0xa4, 0xa4, 0xb5, 0xd8, 0xa5, 0xc1, 0xb0, 0xea]))).toEqual({ text: '中華民國', encoding: 'big5' });
  });

  it('picks the right decoder for many sentences encoded both ways', () => {
    // Encoders built from the decoders: every 2-byte sequence decoded once, reversed.
    const encoderFor = (label: string): ((s: string) => Uint8Array) => {
      const map = new Map<string, number[]>();
      const decoder = new TextDecoder(label, { fatal: true });
      for (let lead = 0x81; lead <= 0xfe; lead++)
        for (let trail = 0x40; trail <= 0xfe; trail++) {
          try {
            const ch = decoder.decode(new Uint8Array([lead, trail]));
            if ([...ch].length === 1 && !map.has(ch)) map.set(ch, [lead, trail]);
          } catch {
            /* not a character in this encoding */
          }
        }
      return (s) =>
        new Uint8Array(
          [...s].flatMap((ch) => {
            if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
            const b = map.get(ch);
            if (!b) throw new Error(`${ch} is not in ${label}`);
            return b;
          }),
        );
    };
    const gbk = encoderFor('gb18030');
    const big5 = encoderFor('big5');
    const simplified = [
      '国家统计局今天发布数据，全年国内生产总值比上年增长百分之五。',
      '该公司表示，新模型的训练只用了两千多块芯片，成本远低于同行。',
      '记者从有关部门了解到，这项政策将于明年一月一日起正式实施。',
      '英伟达股价当天下跌约17%，市值蒸发近6000亿美元。',
    ];
    const traditional = [
      '國家統計局今天發布數據，全年國內生產總值比上年增長百分之五。',
      '該公司表示，新模型的訓練只用了兩千多塊晶片，成本遠低於同行。',
      '記者從有關部門了解到，這項政策將於明年一月一日起正式實施。',
      '輝達股價當天下跌約17%，市值蒸發近6000億美元。',
    ];
    for (const s of simplified) expect(decodeArticle(gbk(s)), s).toEqual({ text: s, encoding: 'gbk' });
    for (const s of traditional) {
      expect(decodeArticle(big5(s)), s).toEqual({ text: s, encoding: 'big5' });
      // Traditional characters exist in GBK too: a traditional text saved as GBK is still GBK.
      expect(decodeArticle(gbk(s)), s).toEqual({ text: s, encoding: 'gbk' });
    }
  });

  it('refuses text that is neither UTF-8, GBK nor Big5 rather than guess mojibake', () => {
    expect(decodeArticle(fixture('shift-jis.txt'))).toMatchObject({ error: 'unknown-encoding', detail: expect.stringMatching(/not valid UTF-8 \(byte 0\)/) });
    // Latin-1 "café, été": é followed by a comma or t is valid in neither.
    expect(decodeArticle(bytes('caf', [0xe9], ', ', [0xe9], 't', [0xe9]))).toMatchObject({ error: 'unknown-encoding' });
  });
});
