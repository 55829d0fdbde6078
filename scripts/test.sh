#!/usr/bin/env bash
# npm test: installs what it needs, builds, type-checks, runs the unit tests (vitest) and the
# integration tests in a real VS Code (in its Node extension host, then the web suite in its web
# worker extension host, then the Chinese UI suite in zh-cn and zh-tw, then Restricted Mode), and ends with one summary line for CI.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
bash scripts/ensure-deps.sh || exit 1

step() { printf '\n› %s\n' "$1"; }

step "build"
node scripts/build.mjs || exit 1
step "type-check"
npx tsc -p . --noEmit || exit 1

step "unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=out/vitest.json
unit_status=$?

step "integration tests (real VS Code)"
node scripts/build-integration-tests.mjs || exit 1
node test/integration/runTests.mjs 2>&1 | tee out/integration.log
integration_status=${PIPESTATUS[0]}

step "integration tests (web extension host of the real VS Code)"
FACT_LEDGER_EXTENSION_KIND=web node test/integration/runTests.mjs 2>&1 | tee out/integration-web.log
web_status=${PIPESTATUS[0]}

# The Chinese UI in the real VS Code: 简体 and 繁體 in the Node extension host, 繁體 in the web one.
l10n_status=0
for run in node:zh-cn node:zh-tw web:zh-tw; do
  kind=${run%%:*} locale=${run#*:}
  step "integration tests in Chinese ($locale, $kind extension host)"
  FACT_LEDGER_EXTENSION_KIND=$kind FACT_LEDGER_LOCALE=$locale node test/integration/runTests.mjs 2>&1 | tee "out/integration-$locale-$kind.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || l10n_status=1
done

step "integration tests in Restricted Mode (workspace trust on, the folder untrusted)"
FACT_LEDGER_UNTRUSTED=1 node test/integration/runTests.mjs 2>&1 | tee out/integration-untrusted.log
untrusted_status=${PIPESTATUS[0]}

node scripts/test-summary.mjs out/vitest.json out/integration.log out/integration-web.log \
  out/integration-zh-cn-node.log out/integration-zh-tw-node.log out/integration-zh-tw-web.log \
  out/integration-untrusted.log
if [ "$unit_status" -ne 0 ] || [ "$integration_status" -ne 0 ] || [ "$web_status" -ne 0 ] || [ "$l10n_status" -ne 0 ] || [ "$untrusted_status" -ne 0 ]; then exit 1; fi
