#!/usr/bin/env bash
# Failover time of a 3-node Basalt cluster (default settings: sync replication, automatic
# failover), over N trials. After a warm-up (5000 writes), each trial:
#   1. waits until every node names the same leader (io.basalt.bench.ClusterProbe --all);
#   2. starts io.basalt.bench.FailoverProbe: W writers with a short per-call timeout, writing
#      continuously; waits until its writes are acknowledged ("ready");
#   3. kill -9 the leader's pid, noting the instant ($EPOCHREALTIME) for the probe;
#   4. the probe reports kill -> first acknowledged write issued after the kill (by then only
#      a new leader can acknowledge it);
#   5. restarts the killed node with the same command, and waits --settle-s.
# Prints every trial and p50 / p99 / max; raw lines go to bench/out/failover-<date>.txt.
#
# Usage: bench/failover.sh [--trials 20] [--writers 8] [--timeout-ms 500] [--settle-s 2]
#          [--max-wait-s 30] [--base-port 7101] [--no-build] [--keep] [--max-s SECONDS]
# Environment: TMPDIR (data dirs), BASALT_JAVA_OPTS (node JVM options), BENCH_JAVA_OPTS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TRIALS=20
WRITERS=8
TIMEOUT_MS=500
SETTLE_S=2
MAX_WAIT_S=30
BASE_PORT=7101
NO_BUILD=0
MAX_S=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) TRIALS=$2; shift ;;
    --writers) WRITERS=$2; shift ;;
    --timeout-ms) TIMEOUT_MS=$2; shift ;;
    --settle-s) SETTLE_S=$2; shift ;;
    --max-wait-s) MAX_WAIT_S=$2; shift ;;
    --base-port) BASE_PORT=$2; shift ;;
    --no-build) NO_BUILD=1 ;;
    --keep) KEEP=1 ;;
    --max-s) MAX_S=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "$BASE_PORT" -lt 32765 ] || die "ports must stay below 32768"
: "${MAX_S:=$((900 + TRIALS * (2 * MAX_WAIT_S + SETTLE_S + 90)))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/out/failover-$STAMP.txt"
make_work failover
log "work folder $WORK; raw results to $OUT"
build_if_needed "$NO_BUILD"

{
  echo "# failover $STAMP on $(hostname): $(nproc) cores, $(uname -r)"
  echo "# trials=$TRIALS writers=$WRITERS timeout_ms=$TIMEOUT_MS settle_s=$SETTLE_S node_java_opts=${BASALT_JAVA_OPTS:-none}"
  echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT"

basalt_cluster "$WORK/basalt" 3 "$BASE_PORT"
start_basalt
wait_leader 60 --all || { KEEP=1; die "no leader every node agrees on after 60 s (logs in $BASALT_DIR)"; }
log "warming up the nodes: 5000 writes"
run_wait "${BENCH_JAVA[@]}" io.basalt.bench.BulkLoad --endpoints "$BASALT_ENDPOINTS" --keys 5000 --clients 16 --max-s 120 \
  > "$WORK/warmup.out" 2>&1 || log "warm-up: $(tail -n 1 "$WORK/warmup.out")"

RESULTS=()
FAILED=0
for ((t = 1; t <= TRIALS; t++)); do
  if ! wait_leader 60 --all; then
    log "trial $t: the cluster has no leader every node agrees on after 60 s; stopping (logs in $BASALT_DIR)"
    KEEP=1
    echo "trial=$t error=no_agreed_leader" >> "$OUT"
    FAILED=$((FAILED + 1))
    break
  fi
  old=$LEADER
  old_pid=${NODE_PID[$old]}
  status_pid="$(sed -n 's/.* pid=\([0-9]*\).*/\1/p' <<< "$LEADER_LINE")"
  [ "$status_pid" = "$old_pid" ] || log "trial $t: warning: $old reports pid $status_pid, this script started pid $old_pid"
  mark="$WORK/mark.$t"
  probe_out="$WORK/probe.$t.out"
  "${BENCH_JAVA[@]}" io.basalt.bench.FailoverProbe --endpoints "$BASALT_ENDPOINTS" --mark-file "$mark" \
    --writers "$WRITERS" --timeout-ms "$TIMEOUT_MS" --max-wait-s "$MAX_WAIT_S" \
    > "$probe_out" 2> "$WORK/probe.$t.err" &
  probe=$!
  track "$probe"
  deadline=$((SECONDS + MAX_WAIT_S + 30))
  until grep -q '^ready' "$probe_out"; do
    if ! alive "$probe" || [ "$SECONDS" -ge "$deadline" ]; then
      break
    fi
    sleep 0.1
  done
  if ! grep -q '^ready' "$probe_out"; then
    log "trial $t: the probe got no writes through before the kill: $(cat "$probe_out") $(tail -n 3 "$WORK/probe.$t.err")"
    stop_pid "$probe" 5
    echo "trial=$t error=probe_not_ready" >> "$OUT"
    FAILED=$((FAILED + 1))
    KEEP=1
    continue
  fi
  sleep 0.5   # writes are flowing to the leader
  t0=$EPOCHREALTIME
  kill -KILL "$old_pid" || log "trial $t: $old (pid $old_pid) was already gone"
  echo "$t0" > "$mark.tmp" && mv "$mark.tmp" "$mark"
  wait "$old_pid" 2>/dev/null || true
  untrack "$old_pid"
  NODE_PID[$old]=""
  rc=0
  wait "$probe" || rc=$?
  untrack "$probe"
  line="$(grep '^failover_ms=' "$probe_out" || true)"
  ms="$(sed -n 's/^failover_ms=\([^ ]*\).*/\1/p' <<< "$line")"
  # Who leads now (before the killed node is back).
  new="?"
  if wait_leader 30; then new=$LEADER; fi
  echo "trial=$t killed=$old pid=$old_pid new_leader=$new ${line:-failover_ms=NaN} probe_exit=$rc" | tee -a "$OUT" >&2
  if [ -n "$ms" ] && [ "$ms" != NaN ]; then
    RESULTS+=("$ms")
  else
    FAILED=$((FAILED + 1))
    tail -n 5 "$WORK/probe.$t.err" >&2 || true
  fi
  start_node "$old"   # the same command, the same data dir
  sleep "$SETTLE_S"
done
stop_basalt

echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
SUMMARY="$(printf '%s\n' "${RESULTS[@]+"${RESULTS[@]}"}" | sed '/^$/d' | sort -g | awk -v failed="$FAILED" '
  { v[++n] = $1; sum += $1 }
  function q(p,   i) { i = int(p * n); if (i < p * n) i++; if (i < 1) i = 1; return v[i] }
  END {
    if (n == 0) { printf "failover: no successful trial (%d failed)\n", failed; exit }
    printf "failover (kill -9 of the leader -> first acknowledged write on the new leader), %d trials, %d failed\n", n, failed
    printf "  p50 %.1f ms   p99 %.1f ms   max %.1f ms   min %.1f ms   mean %.1f ms\n", q(0.50), q(0.99), v[n], v[1], sum / n
  }')"
echo
echo "$SUMMARY"
sed 's/^/# /' <<< "$SUMMARY" >> "$OUT"
log "raw results in $OUT"
[ "$FAILED" = 0 ]
