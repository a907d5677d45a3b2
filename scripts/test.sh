#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what it needs, then lint, types, build, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
pnpm check
