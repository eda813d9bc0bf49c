#!/usr/bin/env bash
# Fuzzes the HTTP API of each service against its own OpenAPI document with schemathesis
# (PyPI, pinned, in a venv under .cache/): zero 5xx, every documented response shape kept.
#
#   KAFKA_BROKERS=... MONGODB_URI=... REDIS_URL=... bash scripts/fuzz.sh
#
# Knobs: FUZZ_MAX_EXAMPLES (per operation, 5), FUZZ_PORT_BASE (3201: services on 3201..3204),
# FUZZ_SERVICES ("customers visits complaints analytics"), SKIP_BUILD=1 to use dist/ as is,
# FUZZ_INSTALL_ONLY=1 to install schemathesis and stop (.ci/run does that while npm installs).
# Each service runs as a real process on private databases, topics and consumer groups.
# Writes .cache/resilience/fuzz.json (requests, 5xx) for scripts/resilience-summary.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

SCHEMATHESIS_VERSION=4.32.5
VENV="$ROOT/.cache/fuzz-venv"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-5}"
PORT_BASE="${FUZZ_PORT_BASE:-3201}"
SERVICES=(${FUZZ_SERVICES:-customers visits complaints analytics})
REPORT_DIR="${RESILIENCE_REPORT_DIR:-$ROOT/.cache/resilience}"
WORK="$ROOT/.cache/fuzz"

log() { printf '[fuzz %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
[ "${FUZZ_INSTALL_ONLY:-0}" != 1 ] || exit 0
: "${KAFKA_BROKERS:?set KAFKA_BROKERS, MONGODB_URI and REDIS_URL (eval \"\$(scripts/stack.sh up)\")}"
: "${MONGODB_URI:?}" "${REDIS_URL:?}"
[ "${SKIP_BUILD:-0}" = 1 ] || npm run -s build

suffix="fuzz$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
export JWT_SECRET="fuzz-secret-$suffix-0123456789"
rm -rf "$WORK"; mkdir -p "$WORK" "$REPORT_DIR"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # The private databases go with the run.
  node -e '
    const { MongoClient } = require("mongodb");
    (async () => {
      const client = await MongoClient.connect(process.argv[1]);
      for (const s of process.argv.slice(3)) await client.db(`${process.argv[2]}_${s}`).dropDatabase().catch(() => {});
      await client.close();
    })();' "$MONGODB_URI" "$suffix" "${SERVICES[@]}" 2>/dev/null || true
}
trap cleanup EXIT

i=0
for service in "${SERVICES[@]}"; do
  port=$((PORT_BASE + i)); i=$((i + 1))
  PORT=$port HOST=127.0.0.1 NODE_ENV=production LOG_LEVEL=warn MONGODB_DATABASE="${suffix}_$service" \
    KAFKA_TOPIC_PREFIX="$suffix." CONSUMER_GROUP_PREFIX="$suffix" RATE_LIMIT_MAX=0 \
    node "dist/apps/$service/src/main.js" >"$WORK/$service.log" 2>&1 &
  pids+=($!)
done

i=0
for service in "${SERVICES[@]}"; do
  port=$((PORT_BASE + i)); i=$((i + 1))
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 0.25
  done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { tail -40 "$WORK/$service.log" >&2; exit 1; }
done
log "services ready"

token="$(JWT_SECRET="$JWT_SECRET" node scripts/token.mjs --sub fuzz-admin --roles admin --region east)"
status=0
i=0
for service in "${SERVICES[@]}"; do
  port=$((PORT_BASE + i)); i=$((i + 1))
  log "$service: fuzzing with at most $MAX_EXAMPLES examples per operation"
  # The hooks add NUL, controls, lone surrogates, bidi/zero-width characters, 10 kB and Chinese strings.
  PYTHONPATH="$ROOT/scripts/fuzz" SCHEMATHESIS_HOOKS=hostile_strings \
  "$VENV/bin/st" run "http://127.0.0.1:$port/docs/openapi.json" \
    --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$MAX_EXAMPLES" --seed 20261124 --no-shrink \
    --workers 1 --request-timeout 10 \
    --suppress-health-check all --warnings off \
    --report ndjson --report-ndjson-path "$WORK/$service.ndjson" \
    >"$WORK/$service.out" 2>&1 || { status=1; log "$service: schemathesis found failures"; tail -60 "$WORK/$service.out" >&2; }
  tail -5 "$WORK/$service.out" >&2
done

# Requests sent and 5xx answers, from the reports.
node -e '
  const fs = require("fs");
  const [dir, out, ...services] = process.argv.slice(1);
  let requests = 0, serverErrors = 0;
  for (const s of services) {
    const file = `${dir}/${s}.ndjson`;
    if (!fs.existsSync(file)) continue;
    const walk = (node) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      if (typeof node.status_code === "number" && "elapsed" in node) {
        requests += 1;
        if (node.status_code >= 500) serverErrors += 1;
      }
      Object.values(node).forEach(walk);
    };
    for (const line of fs.readFileSync(file, "utf8").split("\n")) if (line.trim()) walk(JSON.parse(line));
  }
  fs.writeFileSync(`${out}/fuzz.json`, JSON.stringify({ suite: "fuzz", at: new Date().toISOString(),
    "fuzz requests": requests, "5xx on fuzzing": serverErrors }));
  console.error(`[fuzz] ${requests} requests, ${serverErrors} answered 5xx`);
' "$WORK" "$REPORT_DIR" "${SERVICES[@]}"
exit "$status"
