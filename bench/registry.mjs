// Child of bench/run.mjs: registry load time, and link time per figure, for a registry of N facts.
import { createRequire } from 'node:module';
import path from 'node:path';
import { articles, registryText, root } from './generate.mjs';

const require = createRequire(import.meta.url);
const core = require(path.join(root, 'out', 'bench', 'core.cjs'));
const count = Number(process.argv[2]);
const yaml = registryText(count);
let loadMs = Infinity;
let registry;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  registry = core.parseRegistry(yaml);
  loadMs = Math.min(loadMs, performance.now() - t);
}
if (registry.facts.length < Math.min(count, 30)) throw new Error(`registry loaded ${registry.facts.length} facts`);
const text = articles(200, 5 * 1024, 3).join('\n');
// Extraction is the same for every registry; time it alone and subtract it.
const extractor = new core.FigureExtractor();
const index = new core.WorkspaceIndex(registry, { registryPath: 'facts.yaml' });
index.update('a.md', text);
const figures = index.get('a.md').figures.length;
let extractMs = Infinity;
let totalMs = Infinity;
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  extractor.extract(text);
  extractMs = Math.min(extractMs, performance.now() - t);
  t = performance.now();
  index.update('a.md', text);
  totalMs = Math.min(totalMs, performance.now() - t);
}
const usPerFigure = (Math.max(0, totalMs - extractMs) * 1000) / figures;
console.log(JSON.stringify({ loadMs, usPerFigure, figures, facts: registry.facts.length }));
