// Child of bench/run.mjs: indexes a generated workspace cold; prints one JSON line.
import { createRequire } from 'node:module';
import path from 'node:path';
import { articles, registryText, root } from './generate.mjs';

const require = createRequire(import.meta.url);
const core = require(path.join(root, 'out', 'bench', 'core.cjs'));
const count = Number(process.argv[2]);
const texts = articles(count);
const registry = core.parseRegistry(registryText(30));

const start = performance.now();
const startCpu = process.cpuUsage();
const index = new core.WorkspaceIndex(registry, { registryPath: 'facts.yaml' });
texts.forEach((text, i) => index.update(`articles/${i}.md`, text));
let diagnostics = 0;
let figures = 0;
for (const p of index.paths()) {
  diagnostics += index.diagnostics(p).length;
  figures += index.get(p).figures.length;
}
const ms = performance.now() - start;
const cpu = process.cpuUsage(startCpu);
const cpuMs = (cpu.user + cpu.system) / 1000;

// One changed file, re-indexed with its diagnostics: the median of 21 edits.
// CPU time too: on a shared machine the wall clock also counts the time other processes ran.
const samples = [];
const cpuSamples = [];
for (let k = 0; k < 21; k++) {
  const text = texts[k] + `\nDeepSeek V3 的训练成本为${600 + k}万美元。\n`;
  const t = performance.now();
  const c = process.cpuUsage();
  index.update('articles/0.md', text);
  index.diagnostics('articles/0.md');
  const used = process.cpuUsage(c);
  samples.push(performance.now() - t);
  cpuSamples.push((used.user + used.system) / 1000);
}
samples.sort((a, b) => a - b);
cpuSamples.sort((a, b) => a - b);
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, cpuMs, figures, conflicts: diagnostics, reindexMs: samples[10], reindexMinMs: samples[0], reindexCpuMs: cpuSamples[10], peakRssMB }));
