// Entry point VS Code loads from --extensionTestsPath: runs every bundled
// `*.test.js` next to this file with mocha and rejects if any test fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // Colours off: the output travels through the workbench's log channel.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  // e.g. FACT_LEDGER_TEST_GREP=smoke npm run test:integration
  const grep = process.env.FACT_LEDGER_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}`);
  for (const name of files) mocha.addFile(path.join(__dirname, name));

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
