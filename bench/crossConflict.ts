// Times a full diagnostics pass (every document, as the editor does after each edit) over a
// workspace where every document makes several claims about one fact.
// Run: npx tsx bench/crossConflict.ts [documents] [claims per document]
import { parseRegistry } from '../src/core/registry';
import { WorkspaceIndex } from '../src/core/workspace';

const REGISTRY = `facts:
  r1.launch-users:
    unit: count
    match:
      - [R1]
      - [用户, users]
`;

function run(documents: number, claims: number, disagree: boolean): void {
  const index = new WorkspaceIndex(parseRegistry(REGISTRY), { registryPath: 'facts.yaml' });
  for (let d = 0; d < documents; d++) {
    // Two camps (100万 vs 500万) make every figure a cross-conflict; one camp makes none.
    const value = disagree && d % 2 === 1 ? 500 : 100;
    index.update(`doc${d}.md`, Array.from({ length: claims }, () => `R1 有${value}万用户。`).join('\n'));
  }
  const started = performance.now();
  let diagnostics = 0;
  for (const path of index.paths()) diagnostics += index.diagnostics(path).length;
  const pass = performance.now() - started;
  // One edit, then the pass the editor runs after it.
  const editStarted = performance.now();
  index.update('doc0.md', `R1 有300万用户。\n`.repeat(claims));
  for (const path of index.paths()) index.diagnostics(path);
  const edit = performance.now() - editStarted;
  console.log(`${documents} documents × ${claims} claims, ${disagree ? 'two camps' : 'agreeing'}: pass ${pass.toFixed(1)} ms (${diagnostics} diagnostics), edit + pass ${edit.toFixed(1)} ms`);
}

const documents = Number(process.argv[2] ?? 2000);
const claims = Number(process.argv[3] ?? 5);
run(documents, claims, false);
run(documents, claims, true);
