#!/usr/bin/env bash
# `npm run test:faults`: the resilience suites and the fault-injection run, then one summary table.
#
# The fault run restarts Kafka, Redis and the database, so it NEVER uses the stack of the other
# tests: it brings up its own (STACK_DIR=.stack-faults, other ports), seeded with the Kafka jars
# and the FerretDB binary of .stack/ when those exist, and stops it at the end.
#
# Knobs: FAULTS_KAFKA_PORT (29092), FAULTS_KAFKA_CONTROLLER_PORT (29093), FAULTS_FERRETDB_PORT
# (27019), FAULTS_REDIS_PORT (6381), FAULTS_PG_PORT (5435), FAULTS_SEED_STACK (.stack),
# FAULTS_KEEP_STACK=1 to leave it running, RESILIENCE_SUITES_DONE=1 when the jest suites already
# ran (scripts/test.sh), FAULTS_SKIP_FUZZ=1, FAULTS_SKIP_RUN=1 (everything but the fault run),
# FAULTS_DATABASE_RESTARTS (3), SKIP_BUILD=1 to use dist/ as is.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
started=$SECONDS
export RESILIENCE_REPORT_DIR="${RESILIENCE_REPORT_DIR:-$ROOT/.cache/resilience}"
[ "${RESILIENCE_SUITES_DONE:-0}" = 1 ] || rm -rf "$RESILIENCE_REPORT_DIR"
mkdir -p "$RESILIENCE_REPORT_DIR"
log() { printf '[faults %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
status=0

[ "${SKIP_BUILD:-0}" = 1 ] || npm run -s build

# 1. The suites that run against the shared stack (they touch no infrastructure).
if [ "${RESILIENCE_SUITES_DONE:-0}" != 1 ] || [ "${FAULTS_SKIP_FUZZ:-0}" != 1 ]; then
  : "${KAFKA_BROKERS:?set KAFKA_BROKERS, MONGODB_URI and REDIS_URL for the non-destructive suites}"
fi
if [ "${RESILIENCE_SUITES_DONE:-0}" != 1 ]; then
  log "route × role, poison events, security"
  npx jest --runInBand test/resilience/route-roles.e2e.spec.ts test/resilience/poison-events.e2e.spec.ts \
    test/resilience/security.e2e.spec.ts || status=1
fi
# Fuzzing runs on the shared stack while the fault run (below) uses its own: side by side, its log
# kept apart and shown when both are done.
fuzz_pid=""
fuzz_log="$RESILIENCE_REPORT_DIR/fuzz.log"
if [ "${FAULTS_SKIP_FUZZ:-0}" != 1 ]; then
  log "fuzzing (log: $fuzz_log)"
  ( t=$SECONDS; SKIP_BUILD=1 bash scripts/fuzz.sh && rc=0 || rc=$?; log "fuzzing took $((SECONDS - t)) s"; exit $rc ) \
    >"$fuzz_log" 2>&1 &
  fuzz_pid=$!
fi

# 2. The fault run, on a stack of its own.
if [ "${FAULTS_SKIP_RUN:-0}" = 1 ]; then
  log "fault run skipped (FAULTS_SKIP_RUN=1); npm run test:faults runs it"
  export RESILIENCE_SKIPPED="faults"
else
  export STACK_DIR="$ROOT/.stack-faults"
  export KAFKA_PORT="${FAULTS_KAFKA_PORT:-29092}" KAFKA_CONTROLLER_PORT="${FAULTS_KAFKA_CONTROLLER_PORT:-29093}"
  export FERRETDB_PORT="${FAULTS_FERRETDB_PORT:-27019}" REDIS_PORT="${FAULTS_REDIS_PORT:-6381}" PG_PORT="${FAULTS_PG_PORT:-5435}"
  export KAFKA_HEAP="${FAULTS_KAFKA_HEAP:-384m}"
  seed="${FAULTS_SEED_STACK:-$ROOT/.stack}"
  mkdir -p "$STACK_DIR/kafka" "$STACK_DIR/bin"
  if [ -f "$seed/kafka/libs/.complete" ] && [ ! -f "$STACK_DIR/kafka/libs/.complete" ]; then cp -R "$seed/kafka/libs" "$STACK_DIR/kafka/"; fi
  if [ -x "$seed/bin/ferretdb" ] && [ ! -x "$STACK_DIR/bin/ferretdb" ]; then cp "$seed/bin/ferretdb" "$STACK_DIR/bin/"; fi
  stop_stack() { [ "${FAULTS_KEEP_STACK:-0}" = 1 ] || bash scripts/stack.sh down >/dev/null 2>&1 || true; }
  trap stop_stack EXIT
  log "fault stack: kafka :$KAFKA_PORT, ferretdb :$FERRETDB_PORT (postgres :$PG_PORT), redis :$REDIS_PORT"
  eval "$(bash scripts/stack.sh up)"
  export KAFKA_BROKERS MONGODB_URI REDIS_URL
  export FAULTS_STACK=1
  t=$SECONDS
  npx jest --config test/resilience/jest.faults.config.js --runInBand || status=1
  log "fault run took $((SECONDS - t)) s"
  stop_stack
fi

if [ -n "$fuzz_pid" ]; then
  wait "$fuzz_pid" || status=1
  cat "$fuzz_log" >&2
fi

# 3. Production dependencies without high or critical advisories.
audit="$(npm audit --omit=dev --audit-level=high 2>&1)" && audit_result=clean || audit_result=$?
if grep -q "audit endpoint returned an error" <<<"$audit"; then
  audit_result="not checked: the registry does not serve the audit endpoint"
elif [ "$audit_result" != clean ]; then
  audit_result="FINDINGS (npm audit --omit=dev --audit-level=high)"; status=1; printf '%s\n' "$audit" >&2
fi
node scripts/resilience-summary.mjs "$RESILIENCE_REPORT_DIR" "npm audit (prod, high+)=$audit_result" \
  "duration (s)=$((SECONDS - started))" || status=1
exit "$status"
