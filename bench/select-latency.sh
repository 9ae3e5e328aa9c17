#!/usr/bin/env bash
# One client's latency through the SQL path of the Raft leader, on its own (no PostgreSQL run):
# a quick probe for one change at a time, where bench/sql.sh is the comparison to record.
# A 3-node Basalt cluster (127.0.0.1, --replication sync) gets bench_kv(id int primary key,
# v bigint not null) with --rows rows; then `pgbench -n -M prepared -c 1 -T --seconds` runs
# against the leader's SQL port, --rounds times each of: the point SELECT by primary key
# (`SELECT v FROM bench_kv WHERE id = :id`, ids uniform) and `SELECT 1` (pgwire and the session
# alone). Prints pgbench's mean latency and tps per round. The first rounds include the JIT's
# warm-up; later ones show the steady state.
#
# Usage: bench/select-latency.sh [--seconds 10] [--rounds 3] [--rows 10000] [--basalt-port 7141]
#          [--sql-port 25541] [--no-build] [--keep]
# Environment: BASALT_JAVA_OPTS, BASALT_NODE_FLAGS (e.g. "--in-memory"), as for the other scripts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_ROUND=10
ROUNDS=3
ROWS=10000
BASALT_PORT=7141
SQL_PORT=25541
NO_BUILD=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_ROUND=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --rows) ROWS=$2; shift ;;
    --basalt-port) BASALT_PORT=$2; shift ;;
    --sql-port) SQL_PORT=$2; shift ;;
    --no-build) NO_BUILD=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for v in "$SECONDS_PER_ROUND" "$ROUNDS" "$ROWS" "$BASALT_PORT" "$SQL_PORT"; do
  [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ] || die "expected a positive number, got '$v' (see --help)"
done
command -v pgbench > /dev/null && command -v psql > /dev/null || die "pgbench and psql are needed (postgresql-client-15)"

install_traps $((900 + 120 + ROWS / 20 + 2 * ROUNDS * (SECONDS_PER_ROUND + 10)))
make_work select-latency
build_if_needed "$NO_BUILD" 1

basalt_cluster "$WORK/basalt" 3 "$BASALT_PORT" sync
for i in 1 2 3; do NODE_SQL_PORT[n$i]=$((SQL_PORT + i - 1)); done
start_basalt
wait_leader 60 || { KEEP=1; die "no leader within 60 s; logs in $BASALT_DIR"; }
PORT=${NODE_SQL_PORT[$LEADER]}
deadline=$((SECONDS + 60))
while port_free "$PORT"; do
  [ "$SECONDS" -lt "$deadline" ] || { KEEP=1; die "the leader's SQL port $PORT is not open"; }
  sleep 0.2
done
log "$LEADER_LINE; SQL on 127.0.0.1:$PORT; commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"

PG=(-h 127.0.0.1 -p "$PORT" -U bench postgres)
psql -q -v ON_ERROR_STOP=1 "${PG[@]}" -c "CREATE TABLE bench_kv (id int PRIMARY KEY, v bigint NOT NULL)"
for ((from = 1; from <= ROWS; from += 1000)); do
  to=$((from + 999 < ROWS ? from + 999 : ROWS))
  seq "$from" "$to" | awk 'BEGIN { printf "INSERT INTO bench_kv VALUES " } { printf "%s(%d,%d)", (NR > 1 ? "," : ""), $1, $1 } END { print ";" }'
done | psql -q -v ON_ERROR_STOP=1 "${PG[@]}" > /dev/null
printf '\\set id random(1, %d)\nSELECT v FROM bench_kv WHERE id = :id;\n' "$ROWS" > "$WORK/select.sql"
echo 'SELECT 1;' > "$WORK/one.sql"

round() {
  local out
  out="$(pgbench -n -M prepared -c 1 -T "$SECONDS_PER_ROUND" -f "$WORK/$1.sql" "${PG[@]}" 2>&1)" \
    || { echo "$out" >&2; die "pgbench failed"; }
  printf '%-12s round %d  latency_ms=%s  tps=%s\n' "$2" "$3" \
    "$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<< "$out")" \
    "$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<< "$out" | head -n 1)"
}
for ((r = 1; r <= ROUNDS; r++)); do
  round select "point-select" "$r"
  round one "select-1" "$r"
done
