#!/usr/bin/env bash
# `npm start`: the whole system on this machine.
# - KAFKA_BROKERS, MONGODB_URI and REDIS_URL set: the four services and the console against those.
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

# The console (apps/console) on 3000 with the demo users' sign-in, unless told otherwise.
export LOCAL_SIGN_IN="${LOCAL_SIGN_IN:-true}"
export SESSION_SECRET="${SESSION_SECRET:-$(sed -n 's/^SESSION_SECRET=//p' scripts/local.env)}"
console_port="${CONSOLE_PORT:-3000}"

# Once every service and the console answer ready: where to go and who to sign in as.
(
  for port in 3001 3002 3003 3004 "$console_port"; do
    until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 2; done
  done
  node -e '
    const { DEMO_USERS } = require("./dist/apps/console/src/session/domain/demo-users");
    const lines = DEMO_USERS.map((u) => `    ${u.userId.padEnd(14)} ${u.name}`);
    console.log(["", "  CRM is ready. Open the console: http://localhost:" + process.argv[1],
      "  Sign in as one of the demo users:", ...lines, ""].join("\n"));
  ' "$console_port"
) &

# Logs for a person: one line per event (`12:00:01 INFO customers: POST /customers 201`), Nest's
# route listing left out. The services themselves log JSON (production keeps it); LOG_FORMAT=json
# shows it here too.
services=(
  "PERSONAL_DATA_SOURCES=http://127.0.0.1:3002,http://127.0.0.1:3003,http://127.0.0.1:3004 node dist/apps/customers/src/main.js"
  "CUSTOMERS_URL=http://127.0.0.1:3001 node dist/apps/visits/src/main.js"
  "node dist/apps/complaints/src/main.js"
  "CUSTOMERS_URL=http://127.0.0.1:3001 node dist/apps/analytics/src/main.js"
  "PORT=$console_port node dist/apps/console/src/main.js"
)
if [ "${LOG_FORMAT:-pretty}" = json ]; then
  exec npx concurrently --kill-others --names customers,visits,complaints,analytics,console "${services[@]}"
fi
npx concurrently --raw --kill-others "${services[@]}" \
  | grep --line-buffered -v -E '"context":"(RoutesResolver|RouterExplorer|InstanceLoader|NestFactory)"' \
  | npx pino-pretty --singleLine --translateTime 'SYS:HH:MM:ss' \
    --messageFormat '{service}: {msg}' \
    --ignore 'pid,hostname,service,req,res,responseTime,correlationId,traceId,spanId,context'

