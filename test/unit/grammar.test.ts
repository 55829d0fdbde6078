// The TextMate injection grammars: figures in articles and fact ids in facts.yaml get scopes.
// (VS Code runs these with Oniguruma; the patterns stay within what JavaScript reads the same way.)
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../..');
const figures = JSON.parse(readFileSync(path.join(root, 'syntaxes/figures.injection.tmLanguage.json'), 'utf8'));
const registry = JSON.parse(readFileSync(path.join(root, 'syntaxes/registry.injection.tmLanguage.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

function scopesIn(text: string): [string, string][] {
  const found: [string, string][] = [];
  for (const [, rule] of Object.entries<{ match: string; name: string }>(figures.repository)) {
    for (const m of text.matchAll(new RegExp(rule.match, 'gu'))) found.push([m[0], rule.name]);
  }
  return found;
}

describe('figure injection grammar', () => {
  it.each([
    ['训练成本为560万美元', '560万美元', 'money'],
    ['It cost $5.6M', '$5.6M', 'money'],
    ['运行成本仅为约 2%', '2%', 'percent'],
    ['1 月 30 日,Anthropic', '1 月 30 日', 'date'],
    ['2048颗英伟达H800', '2048颗', 'quantity'],
    ['数千万美元', '数千万美元', 'money'],
  ])('%s → %s', (text, figure, kind) => {
    expect(scopesIn(text)).toContainEqual([figure, `constant.numeric.figure.${kind}.fact-ledger`]);
  });

  it.each(['DeepSeek-V3', 'H800', 'GPT-4', 'Llama-3-8B'])('leaves %s alone', (text) => {
    expect(scopesIn(text)).toEqual([]);
  });

  it('is contributed for Markdown and plain text', () => {
    const entry = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === figures.scopeName);
    expect(entry.injectTo).toEqual(['text.html.markdown', 'text.plain']);
  });
});

describe('registry injection grammar', () => {
  const block = registry.patterns[0];
  const idRule = block.patterns[0];

  it('scopes fact ids, only inside a top-level facts: block', () => {
    expect(new RegExp(block.begin, 'm').test('facts:\n  a.b:\n')).toBe(true);
    expect(new RegExp(block.begin, 'm').test('services:\n  web:\n')).toBe(false);
    const m = new RegExp(idRule.match, 'm').exec('  deepseek-v3.training-gpus:\n');
    expect(m?.[2]).toBe('deepseek-v3.training-gpus');
    expect(new RegExp(idRule.match, 'm').test('    claim: x\n')).toBe(false);
  });
});
