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
// Extraction alone and the whole analysis, alternately; per round the difference is what linking
// (and indexing the links) cost. The median of those differences, in CPU time: the minimum of each
// on its own, or wall time, let the noise of a busy machine swamp a few milliseconds.
const cpu = (fn) => {
  const c = process.cpuUsage();
  fn();
  const used = process.cpuUsage(c);
  return (used.user + used.system) / 1000;
};
const differences = [];
for (let i = 0; i < 11; i++) {
  const extractMs = cpu(() => extractor.extract(text));
  // Removed first: the index answers the same text again with the analysis it has.
  const totalMs = cpu(() => {
    index.remove('a.md');
    index.update('a.md', text);
  });
  differences.push(totalMs - extractMs);
}
differences.sort((a, b) => a - b);
const usPerFigure = (Math.max(0, differences[5]) * 1000) / figures;
console.log(JSON.stringify({ loadMs, usPerFigure, figures, facts: registry.facts.length }));
