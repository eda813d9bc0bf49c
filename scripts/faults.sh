#!/usr/bin/env bash
# `npm run test:faults`: the resilience suites, fuzzing and the fault-injection run, then one
# summary table.
#
# The fault run restarts Kafka, Redis and the database, so it NEVER uses the stack of the other
# tests: it brings up its own (STACK_DIR=.stack-faults, other ports), seeded with the Kafka jars
# and the FerretDB binary of .stack/ when those exist, and stops it at the end.
#
# FAULTS_PARTS picks what runs (default: all of "suites fuzz run summary"):
#   suites   route × role, poison events, security (jest, on the shared stack)
#   fuzz     schemathesis against every service (scripts/fuzz.sh, on the shared stack)
#   run      the fault run (on its own stack)
#   summary  npm audit and the summary table of what the parts above reported
# `npm test` (scripts/test.sh) runs `run` after its jest suites (or beside them), then `fuzz summary`.
#
# Knobs: FAULTS_KAFKA_PORT (29092), FAULTS_KAFKA_CONTROLLER_PORT (29093), FAULTS_FERRETDB_PORT
# (27019), FAULTS_REDIS_PORT (6381), FAULTS_PG_PORT (5435), FAULTS_SEED_STACK (.stack),
# FAULTS_KEEP_STACK=1 to leave it running, FAULTS_DATABASE_RESTARTS (3), SKIP_BUILD=1 to use dist/
# as is. Reports go to RESILIENCE_REPORT_DIR (.cache/resilience).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
started=$SECONDS
PARTS=" ${FAULTS_PARTS:-suites fuzz run summary} "
part() { [[ "$PARTS" == *" $1 "* ]]; }
export RESILIENCE_REPORT_DIR="${RESILIENCE_REPORT_DIR:-$ROOT/.cache/resilience}"
# A full run starts from a clean report directory; partial runs add to what is there.
[ -n "${FAULTS_PARTS:-}" ] || rm -rf "$RESILIENCE_REPORT_DIR"
mkdir -p "$RESILIENCE_REPORT_DIR"
log() { printf '[faults %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
status=0

[ "${SKIP_BUILD:-0}" = 1 ] || npm run -s build

# 1. The suites that run against the shared stack (they touch no infrastructure).
if part suites || part fuzz; then
  : "${KAFKA_BROKERS:?set KAFKA_BROKERS, MONGODB_URI and REDIS_URL for the non-destructive suites}"
fi
if part suites; then
  log "route × role, poison events, security"
  npx jest --runInBand test/resilience/route-roles.e2e.spec.ts test/resilience/poison-events.e2e.spec.ts \
    test/resilience/security.e2e.spec.ts || status=1
fi
if part fuzz; then
  log "fuzzing"
  t=$SECONDS
  SKIP_BUILD=1 bash scripts/fuzz.sh || status=1
  log "fuzzing took $((SECONDS - t)) s"
fi

# 2. The fault run, on a stack of its own (in a subshell: its stack settings stay there).
if part run; then
  (
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
    run_status=0
    npx jest --config test/resilience/jest.faults.config.js --runInBand || run_status=1
    log "fault run took $((SECONDS - t)) s"
    exit "$run_status"
  ) || status=1
fi

# 3. Production dependencies without high or critical advisories, and the table.
if part summary; then
  audit="$(npm audit --omit=dev --audit-level=high 2>&1)" && audit_result=clean || audit_result=$?
  if grep -q "audit endpoint returned an error" <<<"$audit"; then
    audit_result="not checked: the registry does not serve the audit endpoint"
  elif [ "$audit_result" != clean ]; then
    audit_result="FINDINGS (npm audit --omit=dev --audit-level=high)"; status=1; printf '%s\n' "$audit" >&2
  fi
  node scripts/resilience-summary.mjs "$RESILIENCE_REPORT_DIR" "npm audit (prod, high+)=$audit_result" \
    "duration (s)=$((SECONDS - started))" || status=1
fi
exit "$status"
