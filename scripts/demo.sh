#!/usr/bin/env bash
# `npm run demo [-- --customers 500]`: fills the system started by `npm start` through its APIs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-bench.sh
exec node dist-bench/bench/demo.js "$@"
