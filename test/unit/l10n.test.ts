// Localisation: every key in every language, placeholders kept, every key the sources use present,
// and the CLI speaking Chinese when asked to.
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, runCheck } from '../../src/cli/main';
import { localeFromEnv, normalizeLocale } from '../../src/cli/locale';
import { formatMessage } from '../../src/core/workspace';

const root = path.resolve(__dirname, '../..');
const read = (rel: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, rel), 'utf8')) as Record<string, string>;
const LOCALES = ['zh-cn', 'zh-tw'];

/** The {0}, {1}… of a message, sorted: translations may reorder them but not drop or add any. */
const placeholders = (message: string): string[] => [...message.matchAll(/\{(\d+)\}/g)].map((m) => m[1]!).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The string literal first arguments of `callee(` in the sources under `dir`. */
function literalKeys(dir: string, callee: RegExp): string[] {
  const keys: string[] = [];
  const call = new RegExp(callee.source + String.raw`\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\`)`, 'g');
  for (const file of sourceFiles(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(call)) {
      const literal = m[1]!;
      if (literal === '`') throw new Error(`${path.relative(root, file)}: a template literal passed to l10n.t cannot be a bundle key`);
      // eslint-disable-next-line no-new-func
      keys.push(new Function(`return ${literal};`)() as string);
    }
  }
  return keys;
}

function expectSameKeys(base: Record<string, string>, other: Record<string, string>, name: string): void {
  expect(Object.keys(base).filter((k) => !(k in other)), `keys missing from ${name}`).toEqual([]);
  expect(Object.keys(other).filter((k) => !(k in base)), `keys in ${name} but not in English`).toEqual([]);
  const mismatched = Object.keys(base).filter((k) => k in other && placeholders(base[k]!).join() !== placeholders(other[k]!).join());
  expect(mismatched, `placeholders that differ in ${name}`).toEqual([]);
  expect(Object.keys(other).filter((k) => !other[k]!.trim()), `empty translations in ${name}`).toEqual([]);
}

describe('package.nls', () => {
  const english = read('package.nls.json');
  for (const locale of LOCALES) {
    it(`package.nls.${locale}.json has exactly the English keys, with the same placeholders`, () => {
      expectSameKeys(english, read(`package.nls.${locale}.json`), `package.nls.${locale}.json`);
    });
  }

  it('every %key% of package.json is in package.nls.json, and every key is used', () => {
    const text = readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = [...text.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((k) => !(k in english))).toEqual([]);
    expect(Object.keys(english).filter((k) => !used.includes(k))).toEqual([]);
  });

  it('package.json has no user-visible English left in commands, settings, colours and views', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const isKey = (s: unknown): boolean => typeof s === 'string' && /^%[^%]+%$/.test(s);
    const c = pkg.contributes;
    expect(isKey(pkg.displayName) && isKey(pkg.description)).toBe(true);
    expect(c.commands.filter((x: { title: string; category?: string }) => !isKey(x.title) || (x.category !== undefined && !isKey(x.category)))).toEqual([]);
    expect(isKey(c.configuration.title)).toBe(true);
    for (const [name, p] of Object.entries<{ description?: string; markdownDescription?: string }>(c.configuration.properties)) {
      expect(isKey(p.markdownDescription ?? p.description), name).toBe(true);
    }
    expect(c.colors.filter((x: { description: string }) => !isKey(x.description))).toEqual([]);
    expect(pkg.l10n).toBe('./l10n');
  });

  it('.vscodeignore keeps the translations in the package', () => {
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    expect(ignore).toContain('!package.nls*.json');
    expect(ignore).toContain('!l10n/**');
  });
});

describe('l10n bundles', () => {
  const english = read('l10n/bundle.l10n.json');
  for (const locale of LOCALES) {
    it(`bundle.l10n.${locale}.json has exactly the English keys, with the same placeholders`, () => {
      expectSameKeys(english, read(`l10n/bundle.l10n.${locale}.json`), `bundle.l10n.${locale}.json`);
    });
  }

  it('the English bundle maps each key to itself', () => {
    expect(Object.entries(english).filter(([k, v]) => k !== v)).toEqual([]);
  });

  it('every vscode.l10n.t literal in src/extension, and every l10n.t literal in src/core and src/cli, is a key of bundle.l10n.json', () => {
    const extension = literalKeys(path.join(root, 'src/extension'), /\bvscode\.l10n\.t/);
    expect(extension.length).toBeGreaterThan(100);
    const others = [...literalKeys(path.join(root, 'src/core'), /\bl10n\.t/), ...literalKeys(path.join(root, 'src/cli'), /\bl10n\.t/)];
    expect(others.length).toBeGreaterThan(10);
    expect([...extension, ...others].filter((k) => !(k in english))).toEqual([]);
  });

  it('every label the fact sheet page asks for is sent translated', () => {
    const page = readFileSync(path.join(root, 'media/factSheet.js'), 'utf8');
    const asked = [...page.matchAll(/\bL\('((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
    expect(asked.length).toBeGreaterThan(15);
    expect(asked.filter((k) => !(k in english))).toEqual([]);
  });
});

describe('the injected translator of the core', () => {
  it('formats {0}… placeholders in English by default', () => {
    expect(formatMessage('"{0}" ({1}) conflicts with {2}', 'a', 1, 'b')).toBe('"a" (1) conflicts with b');
    expect(formatMessage('{0} and {1}', 'x')).toBe('x and {1}');
  });
});

describe('the CLI locale', () => {
  it('reads --locale values and POSIX locale names', () => {
    expect(normalizeLocale('zh-cn')).toBe('zh-cn');
    expect(normalizeLocale('zh_CN.UTF-8')).toBe('zh-cn');
    expect(normalizeLocale('zh_TW.UTF-8')).toBe('zh-tw');
    expect(normalizeLocale('zh_HK')).toBe('zh-tw');
    expect(normalizeLocale('fr')).toBeUndefined();
    expect(localeFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh-tw');
    expect(localeFromEnv({ LANG: 'zh_TW.UTF-8', LC_ALL: 'zh_CN.UTF-8' })).toBe('zh-cn');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(localeFromEnv({})).toBe('en');
  });

  const REGISTRY = 'facts:\n  amodei.essay-date:\n    value: "2025-01-29"\n    unit: date\n    match:\n      - [Amodei, 达里奥, Dario]\n      - [发文, 博客, essay]\n';
  const setup = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fact-ledger-l10n-'));
    writeFileSync(path.join(dir, 'facts.yaml'), REGISTRY);
    mkdirSync(path.join(dir, 'articles'));
    writeFileSync(path.join(dir, 'articles/b.txt'), '1 月 30 日,Anthropic CEO Dario Amodei 发文。\n');
    return dir;
  };

  afterEach(() => vi.restoreAllMocks());

  it('--locale zh-cn gives simplified Chinese diagnostics and summary; English stays the default', async () => {
    const dir = setup();
    const zh = await runCheck({ format: 'text', paths: ['articles'], locale: 'zh-cn' }, dir);
    expect(zh.exitCode).toBe(1);
    expect(zh.output).toContain('“1 月 30 日”（');
    expect(zh.output).toContain('与 amodei.essay-date 冲突：事实库记录为');
    expect(zh.output).toContain('1 个文件，1 个数字，1 个已关联');
    const tw = await runCheck({ format: 'text', paths: ['articles'], locale: 'zh-tw' }, dir);
    expect(tw.output).toContain('與 amodei.essay-date 衝突：事實資料庫記錄為');
    const en = await runCheck({ format: 'text', paths: ['articles'] }, dir);
    expect(en.output).toContain('conflicts with amodei.essay-date: the registry has');
    expect(en.output).toContain('1 file, 1 figures, 1 linked');
  });

  it('main() follows --locale, then LANG', async () => {
    const dir = setup();
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(dir);
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await main(['check', '--locale', 'zh-tw', 'articles'])).toBe(1);
    expect(out).toContain('衝突');
    out = '';
    vi.stubEnv('LC_ALL', '');
    vi.stubEnv('LC_MESSAGES', '');
    vi.stubEnv('LANG', 'zh_CN.UTF-8');
    expect(await main(['check', 'articles'])).toBe(1);
    expect(out).toContain('冲突');
    out = '';
    expect(await main(['--help'])).toBe(0);
    expect(out).toContain('用法：');
    expect(out).toContain('--locale');
    vi.unstubAllEnvs();
    cwd.mockRestore();
  });
});
