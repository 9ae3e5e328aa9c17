#!/usr/bin/env bash
# Transactions on a 3-node Basalt cluster (127.0.0.1, --replication sync, fsync on), one run:
#
#   (a) uncontended read-write transactions: get 4 random keys of --keys, put them, commit;
#   (c) read-only snapshot transactions (a scan each) beside (a): (a) alone, then --c-rounds times
#       (a) with (c) and (a) alone again; the slowdown of (a) (pooled over the rounds, and per round
#       against the two phases around it) and (c)'s own rate and latency;
#   (e) single-key client.put with the same keys and clients: the ratio (a)/(e);
#   (b) hot spot: 2 of 10 keys read-modify-written in random order; committed txn/s, latency,
#       aborts per second by SQLSTATE (40P01, 55P03, 40001), aborted transactions retried;
#   (d) deadlock to victim's abort, measured from the client over --deadlock-trials trials.
#
# The key space is preloaded first with transactions of 100 puts, then (a) and (c) run together
# unmeasured for --warmup-phase-s (JIT warm-up of every request path). Each load phase runs
# --warmup-s unmeasured, then --seconds measured, and stops by itself. The load generator is
# io.basalt.bench.txn.TxnBench (closed loop, --clients threads). Prints a table per figure;
# the header, raw lines and tables go to bench/out/txn-<date>.txt.
#
# Usage: bench/txn.sh [--seconds 15] [--warmup-s 3] [--warmup-phase-s 10] [--clients 64] [--readers 8] [--c-rounds 3]
#          [--keys 100000] [--hot-keys 10] [--deadlock-trials 200] [--phases a,c,e,b,d] [--threads-per-client 1]
#          [--timeout-ms 30000] [--value-bytes 128] [--basalt-port 7101] [--no-build] [--keep]
#          [--max-s SECONDS]
# Environment: TXN_SECONDS, TXN_WARMUP_S, TXN_WARMUP_PHASE_S (defaults of the options), TMPDIR
#   (where the data dirs go), BASALT_JAVA_OPTS (node JVM options), BENCH_JAVA_OPTS (load generator).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMMAND="bench/txn.sh$(printf ' %q' "$@")"
DURATION=${TXN_SECONDS:-15}
WARMUP=${TXN_WARMUP_S:-3}
WARMUP_PHASE=${TXN_WARMUP_PHASE_S:-10}
CLIENTS=64
READERS=8
C_ROUNDS=3
KEYS=100000
HOT_KEYS=10
TRIALS=200
PHASES=a,c,e,b,d
THREADS_PER_CLIENT=1
TIMEOUT_MS=30000
VALUE_BYTES=128
BASALT_PORT=7101
NO_BUILD=0
MAX_S=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) DURATION=$2; shift ;;
    --warmup-s) WARMUP=$2; shift ;;
    --warmup-phase-s) WARMUP_PHASE=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --readers) READERS=$2; shift ;;
    --c-rounds) C_ROUNDS=$2; shift ;;
    --keys) KEYS=$2; shift ;;
    --hot-keys) HOT_KEYS=$2; shift ;;
    --deadlock-trials) TRIALS=$2; shift ;;
    --phases) PHASES=$2; shift ;;
    --threads-per-client) THREADS_PER_CLIENT=$2; shift ;;
    --timeout-ms) TIMEOUT_MS=$2; shift ;;
    --value-bytes) VALUE_BYTES=$2; shift ;;
    --basalt-port) BASALT_PORT=$2; shift ;;
    --no-build) NO_BUILD=1 ;;
    --keep) KEEP=1 ;;
    --max-s) MAX_S=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for v in "$DURATION" "$WARMUP" "$WARMUP_PHASE" "$CLIENTS" "$READERS" "$C_ROUNDS" "$KEYS" "$HOT_KEYS" "$TRIALS" "$THREADS_PER_CLIENT" \
         "$TIMEOUT_MS" "$VALUE_BYTES" "$BASALT_PORT"; do
  [[ "$v" =~ ^[0-9]+$ ]] || die "expected a number, got '$v' (see --help)"
done
[[ "$PHASES" =~ ^[acebd](,[acebd])*$ ]] || die "--phases takes a comma list of a, c, e, b, d"
[ "$BASALT_PORT" -lt 32765 ] || die "ports must stay below 32768"
# Bound: build + startup + preload + 5 load phases + deadlock trials + JVM overheads, with a margin.
: "${MAX_S:=$((900 + 120 + 600 + WARMUP_PHASE + 5 * (DURATION + WARMUP + 80) + TRIALS + 300))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/out/txn-$STAMP.txt"
make_work txn
log "work folder $WORK; results to $OUT"

build_if_needed "$NO_BUILD" 1

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$ROOT" --no-optional-locks status --porcelain 2>/dev/null | head -n 1)" ]; then
  COMMIT="$COMMIT (with uncommitted changes)"
fi
{
  echo "# txn $STAMP on $(hostname): $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
  echo "# commit: $COMMIT"
  echo "# command: $COMMAND"
  echo "# seconds=$DURATION warmup_s=$WARMUP warmup_phase_s=$WARMUP_PHASE clients=$CLIENTS readers=$READERS c_rounds=$C_ROUNDS keys=$KEYS hot_keys=$HOT_KEYS trials=$TRIALS phases=$PHASES threads_per_client=$THREADS_PER_CLIENT timeout_ms=$TIMEOUT_MS value_bytes=$VALUE_BYTES data_on=$(df -P "$WORK" | awk 'NR==2 {print $1}')"
  echo "# basalt: 3 nodes on 127.0.0.1, --replication sync (fsync on), node JVM options: ${BASALT_JAVA_OPTS:-none}; load generator JVM options: ${BENCH_JAVA_OPTS:-none}"
  echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT"

basalt_cluster "$WORK/basalt" 3 "$BASALT_PORT" sync
start_basalt
RC=0
if wait_leader 60; then
  log "basalt: $LEADER_LINE"
  echo "# $LEADER_LINE" >> "$OUT"
  log "TxnBench: phases $PHASES, ${DURATION}s each after ${WARMUP}s warm-up (progress on stderr)"
  run_wait "${BENCH_JAVA[@]}" io.basalt.bench.txn.TxnBench --endpoints "$BASALT_ENDPOINTS" --phases "$PHASES" \
    --seconds "$DURATION" --warmup-s "$WARMUP" --warmup-phase-s "$WARMUP_PHASE" --clients "$CLIENTS" --readers "$READERS" --c-rounds "$C_ROUNDS" --keys "$KEYS" \
    --hot-keys "$HOT_KEYS" --deadlock-trials "$TRIALS" --threads-per-client "$THREADS_PER_CLIENT" \
    --timeout-ms "$TIMEOUT_MS" --value-bytes "$VALUE_BYTES" \
    > "$WORK/txnbench.out" 2> >(tee "$WORK/txnbench.err" >&9) || RC=$?
  # Node CPU time over the whole run (preload included), and resident memory at the end.
  for id in "${NODE_IDS[@]}"; do
    echo "# node $id: $(ps -o cputime=,rss= -p "${NODE_PID[$id]}" 2>/dev/null | awk '{print "cpu " $1 ", rss " $2 " kB"}')"
  done >> "$OUT"
  cat "$WORK/txnbench.out" >> "$OUT"
  if [ "$RC" != 0 ]; then
    log "TxnBench failed (exit $RC); last lines of its error output:"
    tail -n 20 "$WORK/txnbench.err" >&2
    echo "# TxnBench failed with exit status $RC" >> "$OUT"
    KEEP=1
  fi
else
  log "basalt: no leader within 60 s; node logs in $BASALT_DIR"
  KEEP=1
  RC=1
  echo "# basalt: no leader within 60 s" >> "$OUT"
fi
stop_basalt
echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
# A leader change aborts every open transaction (40001) and stalls the load: say so beside the figures.
ELECTED="$(cat "$BASALT_DIR"/n*.log 2>/dev/null | grep -c ': LEADER in term' || true)"
if [ "${ELECTED:-0}" -gt 1 ]; then
  echo "# WARNING: leadership changed during the run ($ELECTED elections won; see the node logs): the figures include a failover" >> "$OUT"
  KEEP=1
else
  echo "# leadership: one leader for the whole run" >> "$OUT"
fi

echo
grep -v '^phase=' "$OUT" | cat -s
echo
log "results in $OUT"
exit "$RC"
