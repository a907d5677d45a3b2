#!/usr/bin/env bash
# Runs the wizard against a local AWS (moto) seeded with the reference scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
pnpm --filter secret-share-wizard run build >/dev/null
exec node packages/tui/dist/cli.js demo "$@"
