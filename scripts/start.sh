#!/usr/bin/env bash
# `npm start`: the whole system on this machine.
# - KAFKA_BROKERS, MONGODB_URI and REDIS_URL set: the four services against those.
# - else, with a Docker engine: `docker compose up --build` (infrastructure and services in containers).
# - else: the native stack (scripts/stack.sh) and the four services as local processes.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${KAFKA_BROKERS:-}${MONGODB_URI:-}${REDIS_URL:-}" ] && docker info >/dev/null 2>&1; then
  exec docker compose up --build
fi

set -a
# shellcheck source=local.env
[ -n "${JWT_SECRET:-}" ] || [ -n "${JWT_JWKS_URL:-}" ] || source scripts/local.env
set +a
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${MONGODB_URI:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  stack_env="$(bash scripts/stack.sh up)"
  eval "$stack_env"
fi
export KAFKA_BROKERS MONGODB_URI REDIS_URL

[ "${SKIP_BUILD:-0}" = 1 ] || npm run -s build

exec npx concurrently --kill-others --names customers,visits,complaints,analytics \
  "node dist/apps/customers/src/main.js" \
  "node dist/apps/visits/src/main.js" \
  "node dist/apps/complaints/src/main.js" \
  "node dist/apps/analytics/src/main.js"
