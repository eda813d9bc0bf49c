#!/usr/bin/env bash
# `npm run bench [-- --quick] [-- --only append,relay]`: benchmarks against the real stack.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${MONGODB_URI:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  stack_env="$(bash scripts/stack.sh up)"
  eval "$stack_env"
  export KAFKA_BROKERS MONGODB_URI REDIS_URL
fi
bash scripts/build-bench.sh
exec node --expose-gc --max-old-space-size=8192 dist-bench/bench/run.js "$@"
