#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what it needs, then lint, types, build, every test
# (unit, moto integration, tmux terminal end-to-end, VS Code in code-server + chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
pnpm lint
pnpm typecheck
pnpm build
mkdir -p test/artifacts
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=test/artifacts/vitest.json || status=$?
# One plain closing line for CI: "N passed, N failed".
node -e '
  const r = JSON.parse(require("fs").readFileSync("test/artifacts/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit "$status"
