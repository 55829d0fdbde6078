// Writes l10n/bundle.l10n.json (English → English) from every l10n.t('…') literal in src/ — the
// extension's vscode.l10n.t and the core's and CLI's injected l10n.t alike — and reports the keys
// the translated bundles lack or no longer need. (`npx @vscode/l10n-dev export` finds only the
// extension's calls.)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CALL = /\bl10n\.t\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/g;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

/** The string literals passed to l10n.t in the TypeScript sources under `dir`. */
export function l10nKeys(dir = path.join(ROOT, 'src')) {
  const keys = new Set();
  for (const file of [...files(dir)].sort()) {
    for (const m of readFileSync(file, 'utf8').matchAll(CALL)) {
      const literal = m[1];
      keys.add(literal.startsWith("'") ? JSON.parse('"' + literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"') : JSON.parse(literal));
    }
  }
  return [...keys];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const keys = l10nKeys();
  const bundle = Object.fromEntries(keys.map((k) => [k, k]));
  writeFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
  console.log(`l10n/bundle.l10n.json: ${keys.length} strings`);
  for (const locale of ['zh-cn', 'zh-tw']) {
    const file = path.join(ROOT, 'l10n', `bundle.l10n.${locale}.json`);
    let translated = {};
    try {
      translated = JSON.parse(readFileSync(file, 'utf8'));
    } catch {}
    const missing = keys.filter((k) => !(k in translated));
    const extra = Object.keys(translated).filter((k) => !(k in bundle));
    if (missing.length) console.log(`${locale}: missing ${missing.length}:\n  ${missing.join('\n  ')}`);
    if (extra.length) console.log(`${locale}: no longer used ${extra.length}:\n  ${extra.join('\n  ')}`);
  }
}
