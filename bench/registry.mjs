// Child of bench/run.mjs: registry load time, and link time per figure, for a registry of N facts.
import { createRequire } from 'node:module';
import path from 'node:path';
import { articles, registryText, root } from './generate.mjs';

const require = createRequire(import.meta.url);
const core = require(path.join(root, 'out', 'bench', 'core.cjs'));
const count = Number(process.argv[2]);
// The same 10 example facts in every registry, the rest generated: the same figures link to the
// same facts whatever the size, so that only the registry's size changes.
const yaml = registryText(count, 10);
let loadMs = Infinity;
let registry;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  registry = core.parseRegistry(yaml);
  loadMs = Math.min(loadMs, performance.now() - t);
}
if (registry.facts.length < Math.min(count, 30)) throw new Error(`registry loaded ${registry.facts.length} facts`);
const text = articles(200, 5 * 1024, 3).join('\n');
// Linking alone, as WorkspaceIndex does it: each sentence's terms found once for its figures, then
// each figure linked. Timed in CPU time after a forced collection, median of 11: the difference of
// a whole analysis and an extraction, measured before, mostly measured the garbage collector, whose
// work grows with everything the process holds (a 10,000-fact registry and its term index: ~30 MB).
const figures = new core.FigureExtractor().extract(text);
const folded = core.foldText(text);
const excluded = core.excludedSpans(text);
const linker = new core.FactLinker(registry.facts);
const linkAll = () => {
  let sentence;
  let hits = [];
  let linked = 0;
  for (const figure of figures) {
    if (!sentence || figure.span.start < sentence.start || figure.span.end > sentence.end) {
      sentence = core.sentenceAround(folded, figure.span);
      hits = linker.termsIn(folded, sentence, excluded);
    }
    if (linker.link(folded, figure, sentence, hits)) linked++;
  }
  return linked;
};
const cpu = (fn) => {
  const c = process.cpuUsage();
  fn();
  const used = process.cpuUsage(c);
  return (used.user + used.system) / 1000;
};
const linked = linkAll();
const times = [];
for (let i = 0; i < 11; i++) {
  globalThis.gc?.();
  times.push(cpu(linkAll));
}
times.sort((a, b) => a - b);
const usPerFigure = (times[5] * 1000) / figures.length;
console.log(JSON.stringify({ loadMs, usPerFigure, figures: figures.length, linked, facts: registry.facts.length }));
