#!/usr/bin/env bash
# Point SELECT by primary key and single-row UPDATE through pgjdbc: PostgreSQL 15 (one node,
# fsync on) and a 3-node Basalt cluster (127.0.0.1, --replication sync, fsync on, every node
# with --sql-listen), started by this script and measured in the same run on the same machine.
#
# Both servers get the same table, bench_kv(id int primary key, v bigint not null), with ids
# 1..--rows. Then, for each op of --ops and each count of --clients, the load generator
# io.basalt.bench.sql.SqlBench (closed loop, one connection per client, prepared statement,
# autocommit on, uniform random ids) runs --warmup-s unmeasured then --seconds measured against:
#   postgres       PostgreSQL;
#   basalt-leader  every connection to the Raft leader's SQL port;
#   basalt-spread  connections spread over the three nodes' SQL ports, round robin, followers
#                  first (1 client: a follower, which forwards every key-value request to the
#                  leader; 32 clients: 11 + 11 + 10).
# Prints a table with ops/s, p50, p99 and the Basalt/PostgreSQL throughput ratio; the header,
# raw lines and table go to bench/out/sql-<date>.txt.
#
# Usage: bench/sql.sh [--seconds 10] [--warmup-s 3] [--rows 10000] [--clients 1,32] [--ops select,update]
#          [--targets leader,spread] [--pg-port 25432] [--basalt-port 7101] [--sql-port 25501]
#          [--pg-bin /usr/lib/postgresql/15/bin] [--no-build] [--keep] [--max-s SECONDS]
# Ports: PostgreSQL on --pg-port; Basalt nodes n1..n3 on --basalt-port.. (node protocol) and
#   --sql-port.. (SQL). All on 127.0.0.1, below 32768.
# Environment: TMPDIR (where both servers' data dirs go), BASALT_JAVA_OPTS (node JVM options, e.g. a
#   JFR recording), BENCH_JAVA_OPTS (load generator). Run as root, PostgreSQL runs as the OS user
#   postgres (runuser), in a folder of the run's temporary folder that it owns.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMMAND="bench/sql.sh$(printf ' %q' "$@")"
DURATION=10
WARMUP=3
ROWS=10000
CLIENTS_LIST=1,32
OPS=select,update
TARGETS=leader,spread
PG_PORT=25432
BASALT_PORT=7101
SQL_PORT=25501
PG_BIN=/usr/lib/postgresql/15/bin
NO_BUILD=0
MAX_S=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) DURATION=$2; shift ;;
    --warmup-s) WARMUP=$2; shift ;;
    --rows) ROWS=$2; shift ;;
    --clients) CLIENTS_LIST=$2; shift ;;
    --ops) OPS=$2; shift ;;
    --targets) TARGETS=$2; shift ;;
    --pg-port) PG_PORT=$2; shift ;;
    --basalt-port) BASALT_PORT=$2; shift ;;
    --sql-port) SQL_PORT=$2; shift ;;
    --pg-bin) PG_BIN=$2; shift ;;
    --no-build) NO_BUILD=1 ;;
    --keep) KEEP=1 ;;
    --max-s) MAX_S=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for v in "$DURATION" "$WARMUP" "$ROWS" "$PG_PORT" "$BASALT_PORT" "$SQL_PORT"; do
  [[ "$v" =~ ^[0-9]+$ ]] || die "expected a number, got '$v' (see --help)"
done
[[ "$CLIENTS_LIST" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--clients takes a comma list of numbers"
[[ "$OPS" =~ ^(select|update)(,(select|update))*$ ]] || die "--ops takes a comma list of select, update"
[[ "$TARGETS" =~ ^(leader|spread)(,(leader|spread))*$ ]] || die "--targets takes a comma list of leader, spread"
[ "$DURATION" -gt 0 ] && [ "$ROWS" -gt 0 ] || die "--seconds and --rows must be positive"
for p in "$PG_PORT" $((BASALT_PORT + 2)) $((SQL_PORT + 2)); do
  [ "$p" -lt 32768 ] || die "ports must stay below 32768"
done
for tool in initdb pg_ctl postgres; do
  [ -x "$PG_BIN/$tool" ] || die "$PG_BIN/$tool is missing: apt-get install -y postgresql-15, or --pg-bin DIR"
done
IFS=, read -r -a CLIENT_COUNTS <<< "$CLIENTS_LIST"
IFS=, read -r -a OP_LIST <<< "$OPS"
IFS=, read -r -a TARGET_LIST <<< "$TARGETS"
RUNS=$(( ${#OP_LIST[@]} * ${#CLIENT_COUNTS[@]} * (1 + ${#TARGET_LIST[@]}) ))
# Bound: build + both servers' start + two loads (Basalt inserts a few hundred rows/s on a busy
# machine) + every run with its JVM start and straggler limit, with a margin.
: "${MAX_S:=$((900 + 180 + 300 + ROWS / 20 + RUNS * (WARMUP + DURATION + 60) + 120))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/out/sql-$STAMP.txt"
make_work sql
log "work folder $WORK; results to $OUT"

build_if_needed "$NO_BUILD" 1

# ---- PostgreSQL -----------------------------------------------------------------------------
# pg_ctl's server is not our child: cleanup stops it through stop_postgres.
PG_DIR="$WORK/postgres"
PG_STARTED=0
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
start_postgres() {
  require_ports_free "$PG_PORT"
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then
    id postgres > /dev/null 2>&1 || die "PostgreSQL refuses to run as root and there is no OS user postgres"
    chmod 711 "$WORK"
    chown postgres: "$PG_DIR"
  fi
  # Syncing initdb's files only slows the start; the server itself runs with fsync on.
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync \
    --no-instructions > "$PG_DIR/initdb.log" 2>&1 || { tail -n 20 "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  CLEANUP_HOOKS+=(stop_postgres)
  PG_STARTED=1
  as_pg "$PG_BIN/pg_ctl" start -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 -o \
    "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$PG_DIR' -c fsync=on -c synchronous_commit=on -c shared_buffers=128MB" \
    > "$PG_DIR/pg_ctl.log" 2>&1 || { tail -n 20 "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
  PG_PID="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
  log "postgres: pid $PG_PID on 127.0.0.1:$PG_PORT, data in $PG_DIR/data"
}
stop_postgres() {
  [ "$PG_STARTED" = 1 ] || return 0
  PG_STARTED=0
  as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m fast -w -t 30 > /dev/null 2>&1 \
    || as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m immediate -w > /dev/null 2>&1
}
# CPU seconds of the postmaster and every backend it has reaped (utime, stime, cutime, cstime).
pg_cpu_s() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15 + $16 + $17) / hz }' "/proc/$PG_PID/stat" 2>/dev/null || echo "?"
}

# ---- Basalt ---------------------------------------------------------------------------------
basalt_cluster "$WORK/basalt" 3 "$BASALT_PORT" sync
for i in 1 2 3; do NODE_SQL_PORT[n$i]=$((SQL_PORT + i - 1)); done

# wait_sql_ports WAIT_S: every node's SQL port accepts connections.
wait_sql_ports() {
  local deadline=$((SECONDS + $1)) id
  for id in "${NODE_IDS[@]}"; do
    while port_free "${NODE_SQL_PORT[$id]}"; do
      [ "$SECONDS" -lt "$deadline" ] || { log "node $id: no SQL port after $1 s"; return 1; }
      alive "${NODE_PID[$id]}" || { log "node $id exited"; tail -n 20 "$BASALT_DIR/$id.log" >&2; return 1; }
      sleep 0.2
    done
  done
}

url() { echo "jdbc:postgresql://127.0.0.1:$1/postgres"; }

{
  echo "# sql $STAMP on $(hostname): $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
  COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git -C "$ROOT" --no-optional-locks status --porcelain 2>/dev/null | head -n 1)" ]; then
    COMMIT="$COMMIT (with uncommitted changes)"
  fi
  echo "# commit: $COMMIT"
  echo "# command: $COMMAND"
  echo "# seconds=$DURATION warmup_s=$WARMUP rows=$ROWS clients=$CLIENTS_LIST ops=$OPS targets=$TARGETS data_on=$(df -P "$WORK" | awk 'NR==2 {print $1}')"
  echo "# postgres: $("$PG_BIN/postgres" --version), one node on 127.0.0.1:$PG_PORT, fsync=on synchronous_commit=on shared_buffers=128MB, trust auth"
  echo "# basalt: 3 nodes on 127.0.0.1:$BASALT_PORT.., SQL on 127.0.0.1:$SQL_PORT.., --replication sync (fsync on), node JVM options: ${BASALT_JAVA_OPTS:-none}; load generator JVM options: ${BENCH_JAVA_OPTS:-none}"
  echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT"

start_postgres
start_basalt
wait_leader 60 || { KEEP=1; echo "# basalt: no leader within 60 s" >> "$OUT"; die "basalt: no leader within 60 s; logs in $BASALT_DIR"; }
wait_sql_ports 60 || { KEEP=1; die "basalt: SQL ports not open; logs in $BASALT_DIR"; }
log "basalt: $LEADER_LINE"

# Elections won so far, from the node logs.
elections() { cat "$BASALT_DIR"/n*.log 2>/dev/null | grep -c ': LEADER in term' || true; }

# target_urls: asks the cluster for its leader now (a busy machine sometimes changes it) and sets
# LEADER_URL and SPREAD_URLS (followers first, then the leader) for the runs that follow.
target_urls() {
  local id
  wait_leader 30 || { KEEP=1; die "basalt: no leader within 30 s; logs in $BASALT_DIR"; }
  LEADER_URL="$(url "${NODE_SQL_PORT[$LEADER]}")"
  SPREAD_URLS=()
  for id in "${NODE_IDS[@]}"; do
    [ "$id" = "$LEADER" ] || SPREAD_URLS+=(--url "$(url "${NODE_SQL_PORT[$id]}")")
  done
  SPREAD_URLS+=(--url "$LEADER_URL")
  echo "# $LEADER_LINE; basalt-leader: port ${NODE_SQL_PORT[$LEADER]}; basalt-spread: client i to port i mod 3 of ($(printf '%s ' "${SPREAD_URLS[@]}" | sed 's/--url jdbc:postgresql:\/\/127.0.0.1:\([0-9]*\)\/postgres/\1/g; s/ *$//'))" >> "$OUT"
}
target_urls

RC=0
# sqlbench LOG_NAME ARGS...: one SqlBench run; its raw lines go to $OUT, marked leader_changed=yes
# when a Basalt election was won during the run.
sqlbench() {
  local name=$1 rc=0 before
  shift
  before="$(elections)"
  run_wait "${BENCH_JAVA[@]}" io.basalt.bench.sql.SqlBench "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || rc=$?
  if [ "$(elections)" != "$before" ]; then
    sed -i '/^sql /s/$/ leader_changed=yes/' "$WORK/$name.out"
  fi
  cat "$WORK/$name.out" >> "$OUT"
  if [ "$rc" != 0 ]; then
    log "SqlBench $name failed (exit $rc); last lines of its error output:"
    tail -n 20 "$WORK/$name.err" >&2
    echo "# SqlBench $name failed with exit status $rc" >> "$OUT"
    KEEP=1
    RC=$rc
  fi
  grep -h '^sql \|^load ' "$WORK/$name.out" >&9 || true
  return "$rc"
}

ELECTIONS_SEEN="$(elections)"
log "loading $ROWS rows into PostgreSQL and into Basalt (through $LEADER)"
sqlbench load-postgres --url "$(url "$PG_PORT")" --label postgres --rows "$ROWS" --load-only || die "load into PostgreSQL failed"
sqlbench load-basalt --url "$LEADER_URL" --label basalt --rows "$ROWS" --load-only || die "load into Basalt failed"

for op in "${OP_LIST[@]}"; do
  for clients in "${CLIENT_COUNTS[@]}"; do
    common=(--op "$op" --clients "$clients" --seconds "$DURATION" --warmup-s "$WARMUP" --rows "$ROWS")
    log "$op, $clients clients: postgres, then basalt (${TARGET_LIST[*]}), ${WARMUP}+${DURATION} s each"
    [ "$(elections)" = "$ELECTIONS_SEEN" ] || { target_urls; log "basalt: the leader changed: now $LEADER_LINE"; }
    ELECTIONS_SEEN="$(elections)"
    sqlbench "postgres-$op-$clients" --url "$(url "$PG_PORT")" --label postgres "${common[@]}" || true
    for target in "${TARGET_LIST[@]}"; do
      if [ "$target" = leader ]; then
        sqlbench "basalt-leader-$op-$clients" --url "$LEADER_URL" --label basalt-leader "${common[@]}" || true
      else
        sqlbench "basalt-spread-$op-$clients" "${SPREAD_URLS[@]}" --label basalt-spread "${common[@]}" || true
      fi
    done
  done
done

# CPU time over the whole run (loads included) and resident memory at the end.
for id in "${NODE_IDS[@]}"; do
  echo "# node $id: $(ps -o cputime=,rss= -p "${NODE_PID[$id]}" 2>/dev/null | awk '{print "cpu " $1 ", rss " $2 " kB"}')"
done >> "$OUT"
echo "# postgres: cpu $(pg_cpu_s) s (postmaster and its ended backends)" >> "$OUT"
stop_basalt
stop_postgres
echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
ELECTED="$(elections)"
if [ "${ELECTED:-0}" -gt 1 ]; then
  echo "# WARNING: leadership changed during the run ($ELECTED elections won; see the node logs): runs marked * in the table had an election inside them" >> "$OUT"
  KEEP=1
else
  echo "# leadership: one leader for the whole run" >> "$OUT"
fi

# The table: one row per run, the Basalt rows with their ratio to PostgreSQL's ops/s of the same op and clients.
{
  echo
  echo "op      clients  target          ops/s     p50_ms   p99_ms   max_ms    vs_pg  retries  errors  (* leader changed during the run)"
  awk '
    /^sql / {
      delete f
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = substr($i, length(kv[1]) + 2) }
      if (f["broken"] != "") { printf "%-7s %7s  %-14s  broken: %s\n", f["op"], f["clients"], f["label"], f["broken"]; next }
      key = f["op"] " " f["clients"]
      if (f["label"] == "postgres") pg[key] = f["ops_per_s"]
      ratio = (f["label"] != "postgres" && pg[key] > 0) ? sprintf("%.2fx", f["ops_per_s"] / pg[key]) : "-"
      printf "%-7s %7s  %-14s %8.0f %9.2f %8.2f %8.2f %8s  %-7s  %s%s\n", f["op"], f["clients"], f["label"],
        f["ops_per_s"], f["p50_ms"], f["p99_ms"], f["max_ms"], ratio, f["retries"], f["errors"],
        f["leader_changed"] == "yes" ? "  *" : ""
    }' "$OUT"
} > "$WORK/table.txt"
cat "$WORK/table.txt" >> "$OUT"

echo
grep '^#' "$OUT" | grep -v '^# command'
cat "$WORK/table.txt"
echo
log "results in $OUT"
exit "$RC"
