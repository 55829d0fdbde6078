// Adds up the unit (vitest JSON) and integration (mocha spec output) results into one line:
// "tests: N passed, M failed".
// Usage: test-summary.mjs VITEST_JSON INTEGRATION_LOG... (one log per integration run: the Node
// extension host's, the web worker extension host's, the Chinese UI runs').
import { existsSync, readFileSync } from 'node:fs';

const [vitestJson, ...integrationLogs] = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (vitestJson && existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
} else {
  failed += 1;
}
if (integrationLogs.length === 0) failed += 1;
for (const integrationLog of integrationLogs) {
  if (!existsSync(integrationLog)) {
    failed += 1;
    continue;
  }
  const log = readFileSync(integrationLog, 'utf8');
  const passing = [...log.matchAll(/(\d+) passing/g)].map((m) => Number(m[1]));
  const failing = [...log.matchAll(/(\d+) failing/g)].map((m) => Number(m[1]));
  if (passing.length === 0 && failing.length === 0) failed += 1; // the run did not get as far as mocha
  passed += passing.at(-1) ?? 0;
  failed += failing.at(-1) ?? 0;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
