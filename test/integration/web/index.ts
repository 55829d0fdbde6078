// Entry point VS Code's web worker extension host loads from --extensionTestsPath (see
// scripts/build-integration-tests.mjs, which bundles this module, then every *.test.ts next to it,
// into out/test/integration/web/index.js). A web worker has no Node: mocha is its browser build,
// set up here before the test files register their suites, and run by run().
/// <reference types="mocha" />
import 'mocha/mocha.js';

// The spec reporter writes through console.log, which the extension host hands to the workbench.
mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 30_000 });

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} web integration test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}
