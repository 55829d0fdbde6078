#!/usr/bin/env bash
# npm start: the main job on the bundled example. Prints the checker's findings on
# examples/deepseek-2025, packages the extension (.vsix), and serves a real VS Code with it
# installed and the example open on 127.0.0.1; prints the address to open. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh

echo "› build"
node scripts/build.mjs

echo "› fact-ledger check examples/deepseek-2025"
node bin/fact-ledger.js check examples/deepseek-2025 || true

echo "› package the extension"
npx vsce package --no-dependencies --no-rewrite-relative-links --allow-missing-repository --out out/fact-ledger.vsix >/dev/null
echo "  out/fact-ledger.vsix"

echo "› start VS Code (code-server) with the example"
exec node scripts/serve-vscode.mjs --vsix out/fact-ledger.vsix --folder examples/deepseek-2025 "$@"
