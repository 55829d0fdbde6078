// Generated material for the benchmark: articles made from the fixture excerpts with their numbers
// varied (a seeded generator, so every run reads the same text), and registries of any size.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function excerpts() {
  const dir = path.join(root, 'test', 'fixtures', 'corpus');
  const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const examples = path.join(root, 'examples', 'deepseek-2025', 'articles');
  for (const f of readdirSync(examples)) texts.push(readFileSync(path.join(examples, f), 'utf8'));
  return texts;
}

/** `count` articles of about `bytes` each, numbers varied so that articles disagree. */
export function articles(count, bytes = 5 * 1024, seed = 1) {
  const random = seeded(seed);
  const pool = excerpts().flatMap((t) => t.split(/\n\s*\n/)).filter((p) => p.trim().length > 20);
  const result = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    while (Buffer.byteLength(text) < bytes) {
      const paragraph = pool[Math.floor(random() * pool.length)];
      text += paragraph.replace(/\d+/g, (d) => (random() < 0.2 ? String(Math.max(1, Math.round(Number(d) * (0.5 + random())))) : d)) + '\n\n';
    }
    result.push(text);
  }
  return result;
}

const COMMON_TERMS = ['DeepSeek', 'OpenAI', '英伟达', 'Nvidia', 'Anthropic', '美国', '中国', '芯片', 'GPU', '模型', '训练', '成本', '市值', 'R1', 'V3'];
const UNITS = ['USD', 'count', 'percent', 'date', 'day', 'CNY'];

/**
 * The first `linkable` facts of the example registry (all 30 by default), plus generated facts up
 * to `count`; each generated fact needs a term no article has, so that registries of any size link
 * the same figures to the same facts.
 */
export function registryText(count, linkable = 30) {
  const example = readFileSync(path.join(root, 'examples', 'deepseek-2025', 'facts.yaml'), 'utf8');
  const kept = Math.min(count, linkable);
  // The first `kept` facts of the example (the whole file when it keeps them all).
  const lines = example.split('\n');
  const out = [];
  let facts = 0;
  for (const line of lines) {
    if (/^ {2}[a-z0-9]/.test(line)) facts++;
    if (facts > kept) break;
    out.push(line);
  }
  if (count <= kept) return out.join('\n') + '\n';
  const random = seeded(7);
  const text = out.join('\n').replace(/\n+$/, '') + '\n';
  const factsEnd = text.indexOf('\nignore:');
  let generated = '';
  for (let i = kept; i < count; i++) {
    const unit = UNITS[i % UNITS.length];
    const common = COMMON_TERMS[Math.floor(random() * COMMON_TERMS.length)];
    generated += `  generated.fact-${i}:\n    unit: ${unit}\n    match:\n      - [${common}]\n      - [topic${i}, 话题${i}]\n`;
  }
  return factsEnd >= 0 ? text.slice(0, factsEnd + 1) + generated + text.slice(factsEnd + 1) : text + generated;
}
