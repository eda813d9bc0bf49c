#!/usr/bin/env bash
# `npm test`: every test suite (unit, integration, end-to-end) against real Kafka, MongoDB and Redis.
# - KAFKA_BROKERS, MONGODB_URI and REDIS_URL set: those services.
# - else, with a Docker engine: testcontainers starts them (libs/testing/src/global-setup.ts).
# - else: the native stack (scripts/stack.sh up), left running for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${MONGODB_URI:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  if ! docker info >/dev/null 2>&1; then
    stack_env="$(bash scripts/stack.sh up)"
    eval "$stack_env"
    export KAFKA_BROKERS MONGODB_URI REDIS_URL
  fi
fi

if [ $# -eq 0 ]; then
  # The whole suite also checks types, lint and layer rules.
  npm run -s typecheck
  npm run -s lint
fi
npm run -s build
results="$(mktemp)"
status=0
# The whole suite also runs the resilience checks (scripts/faults.sh) after the jest suites: the
# fault injection on a stack of its own, then fuzzing, then the summary of everything (the jest
# suites route × role, poison events and security report there too). FAULTS_BESIDE_JEST=1 starts
# the fault run beside jest instead: faster on a machine with cores to spare, but on two cores
# both then run starved and their waits time out.
resilience=0
faults_log=.cache/resilience/fault-run.log
faults_status=0
if [ $# -eq 0 ] && [ "${SKIP_RESILIENCE:-0}" != 1 ] && [ -n "${KAFKA_BROKERS:-}" ]; then
  resilience=1
  rm -rf .cache/resilience
  mkdir -p .cache/resilience
  if [ "${FAULTS_BESIDE_JEST:-0}" = 1 ]; then
    echo "fault run started beside jest (log: $faults_log)"
    FAULTS_PARTS=run SKIP_BUILD=1 bash scripts/faults.sh >"$faults_log" 2>&1 &
    faults_pid=$!
  fi
fi
# --forceExit: a handle left open by a failed teardown must fail that suite, not hang CI.
npx jest --maxWorkers="${JEST_WORKERS:-2}" --forceExit --json --outputFile="$results" "$@" || status=$?
if [ "$resilience" = 1 ]; then
  if [ "${FAULTS_BESIDE_JEST:-0}" = 1 ]; then
    wait "$faults_pid" || faults_status=1
  else
    echo "fault run (log: $faults_log)"
    FAULTS_PARTS=run SKIP_BUILD=1 bash scripts/faults.sh >"$faults_log" 2>&1 || faults_status=1
  fi
  cat "$faults_log"
  [ "$faults_status" = 0 ] || status=1
  FAULTS_PARTS="fuzz summary" SKIP_BUILD=1 bash scripts/faults.sh || status=1
fi
# The Helm chart: lint and Kubernetes schemas, where helm and kubeconform are installed. .ci/run
# builds them from source while the tests run and names a file that appears when it is done.
if [ $# -eq 0 ]; then
  if [ -n "${CHART_TOOLS_DONE_FILE:-}" ]; then
    waited=0
    while [ ! -e "$CHART_TOOLS_DONE_FILE" ] && [ "$waited" -lt 900 ]; do sleep 5; waited=$((waited + 5)); done
    echo "waited $waited s for the chart tools"
  fi
  if PATH="$PATH:${GOPATH:-$HOME/go}/bin" command -v helm >/dev/null 2>&1 &&
    PATH="$PATH:${GOPATH:-$HOME/go}/bin" command -v kubeconform >/dev/null 2>&1; then
    bash scripts/check-chart.sh || status=1
  else
    echo "chart check skipped: helm and kubeconform are not installed (.ci/run installs them)"
  fi
fi
# The closing lines for whoever reads the (possibly truncated) log: what failed, then
# "tests: N passed, N failed".
node scripts/test-digest.mjs "$results" "$([ "$faults_status" = 0 ] || echo "$faults_log")"
rm -f "$results"
exit "$status"
