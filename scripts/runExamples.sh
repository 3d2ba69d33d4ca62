#!/usr/bin/env bash
# Runs every example in examples/ as a user would, with `tradestate` mapped to the sources by
# examples/tsconfig.json (tsx honours its `paths`). Sizes are small so this takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
run() { printf '\n== %s\n' "$*"; npx tsx --tsconfig examples/tsconfig.json "$@"; }
run examples/customStrategy.ts 250
run examples/customDataSourceAndBroker.ts 1500
run examples/embedding.ts 4
run examples/modelTestOwnService.ts
run examples/backtestFromCode.ts
