#!/usr/bin/env bash
# Native infrastructure for machines without Docker (this workplace, CI).
#
#   scripts/stack.sh up       install/build what is missing, start everything, print the env
#   scripts/stack.sh down     stop what this script started (pid files in .stack/run)
#   scripts/stack.sh status   print each service up/down (exit 0 only if all are up)
#   scripts/stack.sh env      print the env lines without starting anything
#   scripts/stack.sh restart kafka|redis|postgres|ferretdb|database
#                             stop one component (SIGTERM) and start it again (fault tests);
#                             `database` is PostgreSQL and FerretDB in front of it
#
#   eval "$(scripts/stack.sh up)"
#
# Everything (downloads, jars, Go caches, binaries, data, logs, pids) lives in the
# git-ignored folder .stack/ at the repo root; `rm -rf .stack` resets it all.
# On stdout `up` and `env` print only the three `export` lines; progress goes to stderr.
#
# Services, all on 127.0.0.1 (ports overridable by env):
#   Kafka 4.4.0   KRaft, combined broker+controller   KAFKA_PORT=9092 (controller KAFKA_CONTROLLER_PORT=9093)
#   FerretDB 1.24.2 (MongoDB wire protocol)            FERRETDB_PORT=27017
#     on PostgreSQL 15 from Debian                     PG_PORT=5433
#   Redis 7 from Debian, AOF on, noeviction            REDIS_PORT=6379
#
# Other knobs: KAFKA_HEAP (512m), FERRETDB_HANDLER (postgresql|sqlite), STACK_DIR (.stack),
# STACK_TIMEOUT (seconds to wait for each service, 120).
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK="${STACK_DIR:-$ROOT/.stack}"
RUN="$STACK/run"

KAFKA_VERSION=4.4.0            # keep in sync with scripts/kafka/pom.xml
FERRETDB_VERSION=v1.24.2

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
REDIS_PORT="${REDIS_PORT:-6379}"
PG_PORT="${PG_PORT:-5433}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
FERRETDB_HANDLER="${FERRETDB_HANDLER:-postgresql}"
TIMEOUT="${STACK_TIMEOUT:-120}"
HOST=127.0.0.1

KAFKA_TOPICS=(
  crm.customers.events.v1 crm.visits.events.v1 crm.complaints.events.v1
  crm.analytics.events.v1 crm.engagement.events.v1
)
KAFKA_TOPIC_PARTITIONS=3

# ---------------------------------------------------------------------------- helpers
log()  { printf '[stack %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

print_env() {
  printf 'export KAFKA_BROKERS=%s:%s\n' "$HOST" "$KAFKA_PORT"
  printf 'export MONGODB_URI=mongodb://%s:%s\n' "$HOST" "$FERRETDB_PORT"
  printf 'export REDIS_URL=redis://%s:%s\n' "$HOST" "$REDIS_PORT"
}

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

# pid_alive NAME PATTERN: the pid in $RUN/NAME.pid is running and its command line
# contains PATTERN (so a recycled pid is never mistaken for our process).
pid_of() { [[ -s "$RUN/$1.pid" ]] && head -n1 "$RUN/$1.pid" | tr -dc '0-9'; }
pid_alive() {
  local pid; pid="$(pid_of "$1")" || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  local cmd; cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"$2"* ]]
}

# close_fds: in a subshell about to become a long-lived service, close every inherited
# descriptor above 2 (the caller's $(...) pipe, the lock, a CI runner's pipes), so no
# caller waits for the services to exit.
close_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

# fail_with_log MSG LOGFILE: print the tail of a service log and exit
fail_with_log() {
  printf '[stack] ERROR: %s\n' "$1" >&2
  if [[ -f "$2" ]]; then
    printf '[stack] ---- last 40 lines of %s ----\n' "$2" >&2
    tail -n 40 "$2" >&2
    printf '[stack] ----\n' >&2
  fi
  exit 1
}

# wait_until SECONDS CMD...: retry CMD every 0.5 s until it succeeds or time is up
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# stop_pid NAME PATTERN [GRACE]: SIGTERM, wait up to GRACE s, then SIGKILL
stop_pid() {
  local name=$1 pattern=$2 grace=${3:-30} pid
  if ! pid_alive "$name" "$pattern"; then
    rm -f "$RUN/$name.pid"; log "$name: not running"; return 0
  fi
  pid="$(pid_of "$name")"
  log "$name: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$grace" bash -c "! kill -0 $pid 2>/dev/null"; then
    log "$name: still running after ${grace}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 bash -c "! kill -0 $pid 2>/dev/null" || true
  fi
  rm -f "$RUN/$name.pid"
}

need_root_for() { [[ $EUID -eq 0 ]] || die "$1 needs root (apt-get); install it by hand or run as root"; }

apt_install() {
  need_root_for "$*"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package's own service from starting (this script starts it on its terms).
  local policy=/usr/sbin/policy-rc.d own_policy=0 rc=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; own_policy=1; fi
  # Another apt-get (CI installs Chromium meanwhile) may hold the dpkg lock: wait for it.
  local -a apt=(apt-get -o DPkg::Lock::Timeout=600)
  if ! "${apt[@]}" install -y -q --no-install-recommends "$@"; then
    log "apt-get install $* failed; running apt-get update and retrying"
    { "${apt[@]}" update -q && "${apt[@]}" install -y -q --no-install-recommends "$@"; } || rc=$?
  fi
  ((own_policy)) && rm -f "$policy"
  return "$rc"
}

# ---------------------------------------------------------------------------- Kafka
# Official Apache Kafka jars from Maven Central (scripts/kafka/pom.xml lists them),
# copied into .stack/kafka/libs with the Maven repository kept in .stack/m2.
KAFKA_DIR="$STACK/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_POM="$ROOT/scripts/kafka/pom.xml"

kafka_java() {  # short-lived CLI tool from the broker's classpath
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIBS/*" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@"
}

ensure_kafka_libs() {
  local stamp; stamp="$(sha256sum "$KAFKA_POM" | cut -c1-16)"
  if [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$stamp" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven 3 is needed to fetch the Kafka jars)"
  log "kafka: fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION and dependencies from Maven Central"
  rm -rf "$KAFKA_LIBS"
  mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$STACK/m2" -f "$KAFKA_POM" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS"
  ls "$KAFKA_LIBS"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null
  echo "$stamp" >"$KAFKA_LIBS/.complete"
}

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# generated by scripts/stack.sh; edits are overwritten on every 'up'
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
EOF
}

# The broker answers its admin API. With the project's dependencies installed, a Node client asks
# (a JVM tool takes tens of seconds just to start on a loaded 2-core machine); else Kafka's own tool.
kafka_ready() {
  if [ -f "$ROOT/node_modules/kafkajs/package.json" ]; then
    (cd "$ROOT" && timeout 30 node -e '
      const { Kafka, logLevel } = require("kafkajs");
      const admin = new Kafka({ brokers: [process.argv[1]], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      admin.connect().then(() => admin.listTopics()).then(() => admin.disconnect()).then(
        () => process.exit(0), () => process.exit(1));
    ' "$HOST:$KAFKA_PORT") >/dev/null 2>&1
  else
    kafka_admin_list >/dev/null 2>&1
  fi
}
kafka_admin_list() {
  timeout 30 java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIBS/*" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$KAFKA_PORT" --list
}

start_kafka() {
  if pid_alive kafka kafka.Kafka; then
    if port_open "$KAFKA_PORT" && kafka_ready; then log "kafka: already running (pid $(pid_of kafka))"; return 0; fi
    log "kafka: pid $(pid_of kafka) alive but not answering yet; waiting"
  else
    rm -f "$RUN/kafka.pid"
    port_open "$KAFKA_PORT" && die "kafka: port $KAFKA_PORT is taken by a process this script did not start (set KAFKA_PORT)"
    port_open "$KAFKA_CONTROLLER_PORT" && die "kafka: controller port $KAFKA_CONTROLLER_PORT is taken (set KAFKA_CONTROLLER_PORT)"
    kafka_write_config
    if [[ ! -s "$KAFKA_DIR/cluster.id" ]]; then
      kafka_java kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster.id"
    fi
    # no --standalone: the quorum is the static controller.quorum.voters above
    if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
      kafka_java kafka.tools.StorageTool format --cluster-id "$(cat "$KAFKA_DIR/cluster.id")" \
        --config "$KAFKA_DIR/server.properties" --ignore-formatted >>"$KAFKA_DIR/format.log" 2>&1 \
        || fail_with_log "kafka: storage format failed" "$KAFKA_DIR/format.log"
    fi
    [[ -f "$KAFKA_LOG" ]] && mv -f "$KAFKA_LOG" "$KAFKA_LOG.prev"
    log "kafka: starting $KAFKA_VERSION on $HOST:$KAFKA_PORT (KRaft, controller $HOST:$KAFKA_CONTROLLER_PORT)"
    (
      cd "$KAFKA_DIR"
      close_fds
      exec setsid java -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
        -Djava.awt.headless=true \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
        -Dorg.slf4j.simpleLogger.showDateTime=true \
        -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSS" \
        -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn \
        -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"
    ) </dev/null >>"$KAFKA_LOG" 2>&1 &
    echo $! >"$RUN/kafka.pid"
  fi
  wait_until "$TIMEOUT" bash -c "kill -0 $(pid_of kafka) 2>/dev/null || exit 0; exec 3<>/dev/tcp/$HOST/$KAFKA_PORT" 2>/dev/null \
    || fail_with_log "kafka: port $KAFKA_PORT did not open within ${TIMEOUT}s" "$KAFKA_LOG"
  pid_alive kafka kafka.Kafka || fail_with_log "kafka: the broker exited during start-up" "$KAFKA_LOG"
  wait_until "$TIMEOUT" kafka_ready \
    || fail_with_log "kafka: the admin API did not answer within ${TIMEOUT}s" "$KAFKA_LOG"
  log "kafka: ready"
}

create_kafka_topics() {
  local existing missing=() t n pids=() rc=0
  existing="$(kafka_admin_list 2>/dev/null)" || fail_with_log "kafka: cannot list topics" "$KAFKA_LOG"
  for t in "${KAFKA_TOPICS[@]}"; do
    for n in "$t" "$t.dlq"; do
      grep -qxF -- "$n" <<<"$existing" || missing+=("$n")
    done
  done
  ((${#missing[@]})) || { log "kafka: all ${#KAFKA_TOPICS[@]}x2 topics exist"; return 0; }
  log "kafka: creating ${#missing[@]} topic(s): ${missing[*]}"
  mkdir -p "$KAFKA_DIR/topics"
  for t in "${missing[@]}"; do   # one JVM per topic, run side by side
    timeout 60 java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIBS/*" \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$KAFKA_PORT" --create \
      --if-not-exists --topic "$t" --partitions "$KAFKA_TOPIC_PARTITIONS" --replication-factor 1 \
      >"$KAFKA_DIR/topics/$t.log" 2>&1 &
    pids+=($!)
  done
  for t in "${!pids[@]}"; do
    wait "${pids[$t]}" || { rc=1; log "kafka: creating ${missing[$t]} failed:"; cat "$KAFKA_DIR/topics/${missing[$t]}.log" >&2; }
  done
  ((rc == 0)) || fail_with_log "kafka: topic creation failed" "$KAFKA_LOG"
}

# ---------------------------------------------------------------------------- FerretDB
# Backend choice: PostgreSQL 15 (Debian), not SQLite. Both were tried with the Node
# mongodb@6 driver against FerretDB 1.24.2 and both passed the checks the services
# need: a unique compound index rejects a duplicate with code 11000 (also inside an
# ordered insertMany, and 20 racing inserts of the same key give 1 winner + 19 x 11000),
# findOneAndUpdate with upsert inserts then updates, 20 (and 400) concurrent inserts all
# succeed. PostgreSQL is kept: it is FerretDB 1.x's primary, most complete backend, it
# takes concurrent writers (SQLite serialises them; 400 concurrent inserts took ~2x
# longer there) and its data can be inspected with psql. FERRETDB_HANDLER=sqlite switches.
# Known FerretDB 1.x limits, on BOTH backends: updates are read-modify-write in FerretDB
# (the backend does `UPDATE ... SET doc WHERE _id`), so concurrent updates of ONE document
# lose writes ($inc by 20 writers ends at 2..11) and a conditional update
# ({_id, version: n} -> $inc version) can report several winners; concurrent upserts of
# one new _id may fail with 11000. Only a unique index on insert is a safe concurrency
# guard. No transactions, no change streams.
#
# Build: `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` compiles, but the
# binary panics at start ("Invalid build/version/version.txt file content"): that file is
# generated by FerretDB's own build task and is not in the module zip, and the check runs
# whenever the main module is github.com/FerretDB/FerretDB, which with Go >= 1.24 is also
# the case for `go get -tool` in a throw-away module. So the module source is taken from
# the Go module proxy (`go mod download`), version.txt is written as FerretDB's docs say
# ("create this file manually"), and it is built with `go build`.
FERRETDB_DIR="$STACK/ferretdb"
FERRETDB_BIN="$STACK/bin/ferretdb"
FERRETDB_LOG="$STACK/ferretdb.log"

go_env() {
  export GOPATH="$STACK/go/path" GOMODCACHE="$STACK/go/mod" GOCACHE="$STACK/go/cache"
  export GOTOOLCHAIN=local GOWORK=off GO111MODULE=on CGO_ENABLED=0
  export GOFLAGS="-modcacherw -buildvcs=false"   # -modcacherw: `rm -rf .stack` works
}

ferretdb_bin_ok() {
  [[ -x "$FERRETDB_BIN" ]] || return 1
  local v; v="$("$FERRETDB_BIN" --version 2>/dev/null)" || return 1
  [[ $'\n'"$v"$'\n' == *$'\n'"version: $FERRETDB_VERSION"$'\n'* ]]
}

ensure_ferretdb_bin() {
  ferretdb_bin_ok && return 0
  command -v go >/dev/null || die "go not found (Go is needed to build FerretDB)"
  go_env
  log "ferretdb: building $FERRETDB_VERSION from the Go module proxy (first run only, ~1.5 min on 2 cores)"
  local dir src="$FERRETDB_DIR/src-$FERRETDB_VERSION"
  dir="$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [[ -n "$dir" && -f "$dir/go.mod" ]] || die "ferretdb: go mod download did not return the module directory"
  rm -rf "$src"; mkdir -p "$FERRETDB_DIR" "$STACK/bin"
  cp -R "$dir" "$src"; chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  (cd "$src" && go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb)
  mv -f "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  ferretdb_bin_ok || die "ferretdb: built binary does not report version $FERRETDB_VERSION"
}

# mongo_ping PORT: send a real OP_MSG {ping: 1, $db: "admin"} and expect {ok: 1.0}.
# FerretDB's ping also checks its backend, so this proves FerretDB -> PostgreSQL works.
mongo_ping() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    # header(len 51, reqId 1, respTo 0, opCode 2013) flags(0) kind(0) bson{ping:1,$db:"admin"}
    printf "\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00\x00\x00\x00\x00\x00\x1e\x00\x00\x00\x10ping\x00\x01\x00\x00\x00\x02\$db\x00\x06\x00\x00\x00admin\x00\x00" >&3
    dd bs=4096 count=1 status=none <&3 | od -An -v -tx1 | tr -d " \n" | grep -q "016f6b00000000000000f03f"
  ' _ "$HOST" "$1" 2>/dev/null
}

start_ferretdb() {
  if pid_alive ferretdb ferretdb; then
    if mongo_ping "$FERRETDB_PORT"; then log "ferretdb: already running (pid $(pid_of ferretdb))"; return 0; fi
    log "ferretdb: pid $(pid_of ferretdb) alive but not answering yet; waiting"
  else
    rm -f "$RUN/ferretdb.pid"
    port_open "$FERRETDB_PORT" && die "ferretdb: port $FERRETDB_PORT is taken by a process this script did not start (set FERRETDB_PORT)"
    local backend_args
    case "$FERRETDB_HANDLER" in
      postgresql) backend_args=(--handler=postgresql "--postgresql-url=postgres://postgres@$HOST:$PG_PORT/ferretdb") ;;
      sqlite) mkdir -p "$FERRETDB_DIR/sqlite"
              backend_args=(--handler=sqlite "--sqlite-url=file:$FERRETDB_DIR/sqlite/") ;;
      *) die "FERRETDB_HANDLER must be postgresql or sqlite" ;;
    esac
    mkdir -p "$FERRETDB_DIR/state"
    [[ -f "$FERRETDB_LOG" ]] && mv -f "$FERRETDB_LOG" "$FERRETDB_LOG.prev"
    log "ferretdb: starting $FERRETDB_VERSION on $HOST:$FERRETDB_PORT (backend $FERRETDB_HANDLER)"
    # --debug-addr=- : its default 127.0.0.1:8088 HTTP listener would clash with apps
    (
      close_fds
      exec setsid "$FERRETDB_BIN" --listen-addr="$HOST:$FERRETDB_PORT" "${backend_args[@]}" \
        --telemetry=disable --debug-addr=- --state-dir="$FERRETDB_DIR/state" --log-level=info
    ) </dev/null >>"$FERRETDB_LOG" 2>&1 &
    echo $! >"$RUN/ferretdb.pid"
  fi
  wait_until 60 bash -c "kill -0 $(pid_of ferretdb) 2>/dev/null || exit 0; exec 3<>/dev/tcp/$HOST/$FERRETDB_PORT" 2>/dev/null || true
  pid_alive ferretdb ferretdb || fail_with_log "ferretdb: exited during start-up" "$FERRETDB_LOG"
  wait_until "$TIMEOUT" mongo_ping "$FERRETDB_PORT" \
    || fail_with_log "ferretdb: did not answer a MongoDB ping within ${TIMEOUT}s" "$FERRETDB_LOG"
  log "ferretdb: ready"
}

# ---------------------------------------------------------------------------- PostgreSQL
# Normally .stack/pg. If the postgres user cannot reach it (e.g. the repo is under a
# 0700 home folder), the cluster lives in /var/tmp/stack-pg-<hash> instead and
# .stack/pg.location remembers where.
pg_paths() {
  PG_DIR="$STACK/pg"
  [[ -s "$STACK/pg.location" ]] && PG_DIR="$(cat "$STACK/pg.location")"
  PG_DATA="$PG_DIR/data"
  PG_LOG="$PG_DIR/pg.log"
}
pg_paths

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /x/x)")"; do
    [[ -x "$d/pg_ctl" && -x "$d/initdb" && -x "$d/postgres" ]] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_pg_installed() {
  PG_BIN="$(pg_bindir)" && return 0
  log "postgresql: not found; installing postgresql-15 from Debian"
  apt_install postgresql-15
  PG_BIN="$(pg_bindir)" || die "postgresql: pg_ctl/initdb not found after install"
}

# PostgreSQL refuses to run as root: as root, run it as the `postgres` system user.
pg_user_setup() {
  if [[ $EUID -ne 0 ]]; then PG_USER="$(id -un)"; return 0; fi
  PG_USER=postgres
  if ! id -u postgres >/dev/null 2>&1; then
    log "postgresql: creating system user postgres"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
}
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }

pg_ctl_opts() {
  # TCP on loopback only, no Unix socket (its path length is limited), trust auth from initdb
  echo "-c listen_addresses=$HOST -c port=$PG_PORT -c unix_socket_directories='' -c synchronous_commit=off -c log_min_error_statement=fatal -c max_connections=200"
}

pg_ready() { "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT" -d postgres -U postgres; }

start_postgres() {
  ensure_pg_installed
  pg_user_setup
  mkdir -p "$PG_DIR"
  [[ $EUID -eq 0 ]] && chown "$PG_USER": "$PG_DIR"
  if ! as_pg test -w "$PG_DIR"; then
    local alt; alt="/var/tmp/stack-pg-$(printf '%s' "$STACK" | sha256sum | cut -c1-12)"
    log "postgresql: user $PG_USER cannot reach $PG_DIR (a parent folder is closed to it); using $alt"
    mkdir -p "$alt"; chown "$PG_USER": "$alt"; chmod 700 "$alt"
    echo "$alt" >"$STACK/pg.location"; pg_paths
    as_pg test -w "$PG_DIR" || die "postgresql: user $PG_USER cannot write $PG_DIR either"
  fi
  if [[ -f "$PG_DATA/postmaster.pid" ]] && pg_ready; then
    head -n1 "$PG_DATA/postmaster.pid" >"$RUN/postgres.pid"
    log "postgresql: already running (pid $(pid_of postgres))"
  else
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      log "postgresql: initdb $PG_DATA"
      rm -rf "$PG_DATA"
      as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$PG_DIR/initdb.log" 2>&1 || fail_with_log "postgresql: initdb failed" "$PG_DIR/initdb.log"
    fi
    port_open "$PG_PORT" && die "postgresql: port $PG_PORT is taken by a process this script did not start (set PG_PORT)"
    log "postgresql: starting on $HOST:$PG_PORT"
    # pg_ctl itself detaches the postmaster into its own session (setsid)
    (close_fds; as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$TIMEOUT" -o "$(pg_ctl_opts)" start) \
      </dev/null >&2 || fail_with_log "postgresql: pg_ctl start failed" "$PG_LOG"
    head -n1 "$PG_DATA/postmaster.pid" >"$RUN/postgres.pid"
  fi
  wait_until "$TIMEOUT" pg_ready || fail_with_log "postgresql: not ready within ${TIMEOUT}s" "$PG_LOG"
  if [[ "$("$PG_BIN/psql" -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'")" != 1 ]]; then
    "$PG_BIN/psql" -q -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -c 'CREATE DATABASE ferretdb' >&2
  fi
  # GIN twins of FerretDB's indexes, so its equality filters use an index (ADR 62); idempotent.
  PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -q -h "$HOST" -p "$PG_PORT" \
    -U postgres -d ferretdb -v ON_ERROR_STOP=1 -f "$ROOT/scripts/sql/ferretdb-gin-twins.sql" >&2 \
    || fail_with_log "postgresql: could not install the GIN index trigger" "$PG_LOG"
  log "postgresql: ready"
}

stop_postgres() {
  local bin; bin="$(pg_bindir 2>/dev/null)" || bin=""
  if [[ -n "$bin" && -f "$PG_DATA/postmaster.pid" ]] && pid_alive postgres postgres; then
    pg_user_setup
    log "postgresql: stopping (pid $(pid_of postgres))"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >&2 || stop_pid postgres postgres 10
    rm -f "$RUN/postgres.pid"
  else
    stop_pid postgres postgres 30
  fi
}

# ---------------------------------------------------------------------------- Redis
REDIS_DIR="$STACK/redis"

ensure_redis_installed() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  log "redis: installing redis-server from Debian"
  apt_install redis-server redis-tools
}

redis_ping() { [[ "$(timeout 3 redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

start_redis() {
  if pid_alive redis redis-server; then
    if redis_ping; then log "redis: already running (pid $(pid_of redis))"; return 0; fi
    log "redis: pid $(pid_of redis) alive but not answering yet; waiting"
  else
    rm -f "$RUN/redis.pid"
    port_open "$REDIS_PORT" && die "redis: port $REDIS_PORT is taken by a process this script did not start (set REDIS_PORT)"
    mkdir -p "$REDIS_DIR"
    log "redis: starting $(redis-server --version | grep -o 'v=[0-9.]*') on $HOST:$REDIS_PORT (AOF on, noeviction)"
    (close_fds; exec redis-server --port "$REDIS_PORT" --bind "$HOST" --appendonly yes \
      --maxmemory-policy noeviction --dir "$REDIS_DIR" --daemonize yes --pidfile "$RUN/redis.pid" \
      --logfile "$REDIS_DIR/redis.log") </dev/null >&2 || fail_with_log "redis: redis-server failed to start" "$REDIS_DIR/redis.log"
  fi
  wait_until "$TIMEOUT" redis_ping || fail_with_log "redis: no PONG within ${TIMEOUT}s" "$REDIS_DIR/redis.log"
  log "redis: ready"
}

# ---------------------------------------------------------------------------- commands
prepare_dirs() {
  mkdir -p "$STACK" "$RUN" "$STACK/logs"
  [[ -f "$STACK/.gitignore" ]] || echo '*' >"$STACK/.gitignore"   # ignored even without the root entry
}

lock() {
  exec 9>"$RUN/lock"
  flock -w 900 9 || die "another scripts/stack.sh is running (lock $RUN/lock)"
}

cmd_up() {
  exec 3>&1 1>&2   # stdout is only for the env lines; everything else goes to stderr
  local t0=$SECONDS
  prepare_dirs; lock
  local jv; jv="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" \
    || die "java not found (Java 17+ is needed for Kafka $KAFKA_VERSION)"
  ((${jv%%.*} >= 17)) || die "Kafka $KAFKA_VERSION needs Java 17+, found $jv"

  # Install/build in parallel: Maven download (network), Go build (CPU), apt (disk).
  local -A jobs=()
  ensure_kafka_libs      >"$STACK/logs/kafka-libs.log" 2>&1 & jobs[kafka-libs]=$!
  ensure_ferretdb_bin    >"$STACK/logs/ferretdb-build.log" 2>&1 & jobs[ferretdb-build]=$!
  {  # one job: two apt-get runs at once would fight over the dpkg lock
    ensure_redis_installed
    if [[ "$FERRETDB_HANDLER" == postgresql ]]; then ensure_pg_installed; fi
  } >"$STACK/logs/apt-install.log" 2>&1 & jobs[apt-install]=$!
  local j failed=0
  for j in "${!jobs[@]}"; do
    if ! wait "${jobs[$j]}"; then
      failed=1
      printf '[stack] ERROR: %s failed; last lines of .stack/logs/%s.log:\n' "$j" "$j" >&2
      tail -n 40 "$STACK/logs/$j.log" >&2
    fi
  done
  ((failed == 0)) || exit 1
  grep -h '^\[stack' "$STACK"/logs/*.log >&2 || true
  log "install/build step done after $((SECONDS - t0))s"

  start_redis
  [[ "$FERRETDB_HANDLER" == postgresql ]] && start_postgres
  start_ferretdb
  start_kafka
  create_kafka_topics
  log "stack is up after $((SECONDS - t0))s"
  print_env >&3
}

cmd_down() {
  prepare_dirs; lock
  stop_pid ferretdb ferretdb 15
  stop_postgres
  stop_pid kafka kafka.Kafka 60
  stop_pid redis redis-server 30
}

cmd_status() {
  local all=0 s
  line() { printf '%-10s %-5s %s\n' "$1" "$2" "$3"; [[ $2 == up ]] || all=1; }
  if pid_alive kafka kafka.Kafka && port_open "$KAFKA_PORT"; then s=up; else s=down; fi
  line kafka "$s" "$HOST:$KAFKA_PORT pid=$(pid_of kafka 2>/dev/null || echo -) log=$KAFKA_LOG"
  if pid_alive ferretdb ferretdb && mongo_ping "$FERRETDB_PORT"; then s=up; else s=down; fi
  line ferretdb "$s" "$HOST:$FERRETDB_PORT pid=$(pid_of ferretdb 2>/dev/null || echo -) backend=$FERRETDB_HANDLER log=$FERRETDB_LOG"
  if [[ "$FERRETDB_HANDLER" == postgresql ]]; then
    if pid_alive postgres postgres && port_open "$PG_PORT"; then s=up; else s=down; fi
    line postgres "$s" "$HOST:$PG_PORT pid=$(pid_of postgres 2>/dev/null || echo -) log=$PG_LOG"
  fi
  if pid_alive redis redis-server && redis_ping; then s=up; else s=down; fi
  line redis "$s" "$HOST:$REDIS_PORT pid=$(pid_of redis 2>/dev/null || echo -) log=$REDIS_DIR/redis.log"
  return "$all"
}

cmd_restart() {
  prepare_dirs; lock
  case "${1:-}" in
    kafka) stop_pid kafka kafka.Kafka 60; start_kafka ;;
    redis) stop_pid redis redis-server 30; start_redis ;;
    postgres) stop_postgres; start_postgres ;;
    ferretdb) stop_pid ferretdb ferretdb 15; start_ferretdb ;;
    database) stop_pid ferretdb ferretdb 15; stop_postgres; start_postgres; start_ferretdb ;;
    *) die "restart what? kafka|redis|postgres|ferretdb|database" ;;
  esac
}

case "${1:-}" in
  up) cmd_up ;;
  restart) shift; cmd_restart "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env|restart <component>" >&2; exit 2 ;;
esac
