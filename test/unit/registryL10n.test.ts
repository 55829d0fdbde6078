// The registry's problems, and the completions and New Fact messages of registryCompletion, in
// Chinese: through the injected translator, built here from the bundles as the editor and the CLI
// build theirs. English stays the default, and the positions do not depend on the language.
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/main';
import { parseRegistry } from '../../src/core/registry';
import { factIdProblem, newFactProblem, parseFactValueInput, parseUnitInput, registryCompletions, statusChoices, unitChoices } from '../../src/core/registryCompletion';
import type { RegistryProblem } from '../../src/core/types';
import type { Translate } from '../../src/core/workspace';

const root = path.resolve(__dirname, '../..');

/** A translator like vscode.l10n.t: the bundle's template (else the key), {0}, {1}… filled in. */
function translator(locale: 'zh-cn' | 'zh-tw'): Translate {
  const bundle = JSON.parse(readFileSync(path.join(root, `l10n/bundle.l10n.${locale}.json`), 'utf8')) as Record<string, string>;
  return (message, ...args) => (bundle[message] ?? message).replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

const zhCN = translator('zh-cn');
const zhTW = translator('zh-tw');

const BROKEN = [
  'facts:',
  '  a:',
  '    unit: USD',
  '    value: [1, 2, 3]',
  '    match: [[x]]',
  '  b:',
  '    unit: percnt',
  '    match: [[x]]',
  '  a:',
  '    unit: USD',
  '    match: [[x]]',
  '  c:',
  '    unit: date',
  '    value: "2025-02-30"',
  '    match: [[x]]',
  '    status: verifed',
  '    sources:',
  '      - titel: x',
  '',
].join('\n');

const BOMB = ['facts: {}', 'a: &a [x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c]', ''].join('\n');

const where = (problems: RegistryProblem[]) => problems.map(({ code, span, severity }) => ({ code, span, severity }));
const byCode = (problems: RegistryProblem[], code: string) => problems.filter((p) => p.code === code).map((p) => p.message);

describe('registry problems in simplified Chinese', () => {
  const english = parseRegistry(BROKEN).problems;
  const chinese = parseRegistry(BROKEN, { t: zhCN }).problems;

  it('has the same problems at the same places as in English', () => {
    expect(where(chinese)).toEqual(where(english));
    expect(chinese.length).toBeGreaterThanOrEqual(6);
  });

  it('wrong-type: the key, the fact and what was found, in Chinese word order', () => {
    expect(byCode(chinese, 'wrong-type')).toEqual(['事实“a”中的“value”必须是一对数值 [low, high]，实际为列表。']);
  });

  it('unknown-unit with its suggestion', () => {
    expect(byCode(chinese, 'unknown-unit')).toEqual([
      '事实“b”中的单位“percnt”无法识别：应为 ISO 4217 货币代码（USD、CNY、EUR…）或 percent, count, times, rank, date, second, minute, hour, day, week, month, year 之一。是否要写“percent”？',
    ]);
  });

  it('duplicate-id, invalid-date, invalid-enum and an unknown key of a source', () => {
    expect(byCode(chinese, 'duplicate-id')).toEqual(['事实 id“a”重复：只使用此 id 的第一个条目。']);
    expect(byCode(chinese, 'invalid-date')).toEqual(['事实“c”中的“value”必须是写成 YYYY-MM-DD 的有效日期，实际为“2025-02-30”。']);
    expect(byCode(chinese, 'invalid-enum')).toEqual(['事实“c”中的“status”必须是 verified, reported, disputed, false 之一，实际为“verifed”。是否要写“verified”？']);
    expect(byCode(chinese, 'unknown-key')).toEqual(['事实“c”的某个来源中的键“titel”无法识别，已忽略。是否要写“title”？']);
  });

  it('alias-limit', () => {
    const en = parseRegistry(BOMB).problems;
    const zh = parseRegistry(BOMB, { t: zhCN }).problems;
    expect(where(zh)).toEqual(where(en));
    expect(byCode(zh, 'alias-limit')).toEqual(['别名“*c”需要展开 111 次（上限为 100 次）；此类别名会被拒绝。']);
  });

  it('keeps the yaml library’s own text inside a translated sentence', () => {
    const zh = parseRegistry('facts:\n  a: [\n', { t: zhCN }).problems.filter((p) => p.code === 'yaml-syntax');
    expect(zh.length).toBeGreaterThan(0);
    for (const p of zh) expect(p.message).toMatch(/^YAML 语法错误：[A-Z]/);
  });

  it('every broken registry of the corpus: same places, and Chinese sentences', () => {
    const dir = path.join(root, 'test/fixtures/registry-bad');
    const files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const name of files) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      const en = parseRegistry(text).problems;
      const zh = parseRegistry(text, { t: zhCN }).problems;
      expect(where(zh), name).toEqual(where(en));
      for (const p of zh) {
        expect(p.message, name).toMatch(/[\u4e00-\u9fff]/);
        // English left over would show as words of the English templates (the yaml library's text aside).
        const own = p.message.replace(/^YAML 语法错误：.*$/s, '').replace(/“[^”]*”/g, '');
        expect(own, name).not.toMatch(/\b(must|found|expected|registry|ignored|unknown|duplicate|Did you mean)\b/i);
      }
    }
  });
});

describe('registry problems in traditional Chinese', () => {
  it('uses traditional characters and Taiwan terms', () => {
    const zh = parseRegistry(BROKEN, { t: zhTW }).problems;
    expect(where(zh)).toEqual(where(parseRegistry(BROKEN).problems));
    expect(byCode(zh, 'duplicate-id')).toEqual(['事實 id「a」重複：只會使用此 id 的第一個項目。']);
    expect(byCode(zh, 'wrong-type')).toEqual(['事實「a」中的「value」必須是一對數值 [low, high]，實際為清單。']);
    expect(byCode(zh, 'unknown-unit')[0]).toMatch(/^事實「b」中的單位「percnt」無法辨識：應為 ISO 4217 貨幣代碼.*是否要寫「percent」？$/);
    expect(byCode(parseRegistry(BOMB, { t: zhTW }).problems, 'alias-limit')[0]).toBe('別名「*c」需要展開 111 次（上限為 100 次）；這類別名會被拒絕。');
  });
});

describe('English stays the default', () => {
  it('parses to the English messages without a translator', () => {
    const problems = parseRegistry(BROKEN).problems;
    expect(byCode(problems, 'wrong-type')).toEqual(['"value" in fact "a" must be a pair of numbers [low, high], found a list.']);
    expect(byCode(problems, 'unknown-unit')).toEqual([
      'Unknown unit "percnt" in fact "b": expected an ISO 4217 code (USD, CNY, EUR…) or one of percent, count, times, rank, date, second, minute, hour, day, week, month, year. Did you mean "percent"?',
    ]);
    expect(byCode(problems, 'duplicate-id')).toEqual(['Duplicate fact id "a": only the first entry with this id is used.']);
    expect(byCode(problems, 'invalid-date')).toEqual(['"value" in fact "c" must be a calendar date written YYYY-MM-DD, found "2025-02-30".']);
    expect(byCode(problems, 'unknown-key')).toEqual(['Unknown key "titel" in a source in fact "c"; it is ignored. Did you mean "title"?']);
    expect(byCode(parseRegistry(BOMB).problems, 'alias-limit')).toEqual(['Alias "*c" would need 111 alias expansions (limit 100); aliases like this are refused.']);
  });
});

describe('completions and New Fact messages', () => {
  const at = (text: string, t?: Translate) => registryCompletions(text, text.length, t ? { t } : {});

  it('describes units, statuses and keys in Chinese, English by default', () => {
    const units = at('facts:\n  a:\n    unit: ', zhCN);
    expect(units.find((c) => c.label === 'CNY')!.detail).toBe('人民币（元、¥、RMB）');
    expect(units.find((c) => c.label === 'percent')!.detail).toBe('百分比，不写 %：value 17 即 17%');
    expect(at('facts:\n  a:\n    unit: ', zhTW).find((c) => c.label === 'TWD')!.detail).toBe('新臺幣（新台幣、NT$）');
    expect(at('facts:\n  a:\n    status: ', zhCN).find((c) => c.label === 'reported')!.detail).toBe('由可信来源陈述，未经独立核实（默认）');
    expect(at('facts:\n  a:\n    unit: USD\n    ', zhCN).find((c) => c.label === 'claim')!.detail).toBe('事实的键：用一句平实的话陈述该事实');
    expect(at('facts:\n  a:\n    unit: USD\n    ').find((c) => c.label === 'claim')!.detail).toBe('fact key: the fact in one plain sentence');
    expect(at('facts:\n  a:\n    sources:\n      - title: x\n        ', zhTW).find((c) => c.label === 'url')!.detail).toBe('來源的鍵：在哪裡可以讀到');
  });

  it('the new-fact snippet and the namespaces, in Chinese', () => {
    const items = at('facts:\n  deepseek.a:\n    unit: USD\n  ', zhCN);
    const snippet = items.find((c) => c.kind === 'snippet')!;
    expect(snippet.detail).toBe('事实条目：id、claim、value、unit、match、status');
    expect(snippet.insertText).toContain('claim: ${2:用一句话说明该事实}');
    expect(items.find((c) => c.kind === 'namespace')!.detail).toBe('1 个事实：deepseek.a');
    expect(at('facts:\n  deepseek.a:\n    unit: USD\n  ').find((c) => c.kind === 'snippet')!.insertText).toContain('claim: ${2:What the fact says, in one sentence}');
  });

  it('the New Fact prompts’ checks', () => {
    expect(factIdProblem('x', new Set(['x']), zhCN)).toBe('事实库中已有事实“x”。');
    expect(factIdProblem('x', new Set(['x']))).toBe('The registry already has a fact "x".');
    expect(parseFactValueInput('5-3', 'count', zhTW).error).toBe('下限 5 大於上限 3。');
    expect(parseUnitInput('zz', zhCN).error).toBe('请使用 ISO 4217 货币代码（USD、CNY、EUR…）或 percent, count, times, rank, date, second, minute, hour, day, week, month, year 之一。');
    expect(newFactProblem({ id: 'n', unit: 'USD', match: [['x']], status: 'maybe' as never }, new Set(), zhCN)).toBe('未知的状态 "maybe"');
    expect(unitChoices(zhCN)).toHaveLength(unitChoices().length);
    expect(statusChoices(zhTW).map(([s]) => s)).toEqual(['verified', 'reported', 'disputed', 'false']);
  });
});

describe('the CLI', () => {
  it('reports the registry’s problems in the language of --locale', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fact-ledger-registry-l10n-'));
    writeFileSync(path.join(dir, 'facts.yaml'), 'facts:\n  a:\n    unit: percnt\n    match: [[x]]\n');
    mkdirSync(path.join(dir, 'articles'));
    writeFileSync(path.join(dir, 'articles/a.md'), '增长了 5%。\n');
    const zh = await runCheck({ format: 'text', paths: ['articles'], locale: 'zh-cn' }, dir);
    expect(zh.output).toContain('事实“a”中的单位“percnt”无法识别');
    const en = await runCheck({ format: 'text', paths: ['articles'] }, dir);
    expect(en.output).toContain('Unknown unit "percnt" in fact "a"');
  });
});
