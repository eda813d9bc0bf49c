#!/usr/bin/env bash
# `npm run demo [-- --customers 500]`: fills the system started by `npm start` through its APIs.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist-bench
npx tsc -p tsconfig.bench.json
npx tsc-alias -p tsconfig.bench.json
exec node dist-bench/bench/demo.js "$@"
