#!/usr/bin/env bash
# Resident memory of Basalt nodes: VmRSS (from /proc/PID/status) of each node of a 3-node
# cluster (default settings), idle after the election, then after loading N distinct keys with
# io.basalt.bench.BulkLoad (C concurrent clients). Also reports VmHWM (peak RSS), the RSS and
# the heap in use after a full GC (jcmd PID GC.run; the difference to the loaded RSS is heap the
# JVM grew but does not need), and the size of each data dir. Raw lines go to
# bench/out/memory-<date>.txt.
#
# Usage: bench/memory.sh [--keys 1000000] [--clients 64] [--key-bytes 16] [--value-bytes 100]
#          [--idle-s 10] [--settle-s 10] [--base-port 7101] [--no-build] [--keep] [--max-s SECONDS]
# Environment: TMPDIR (data dirs), BASALT_JAVA_OPTS (node JVM options, e.g. -Xmx1g: the heap
#   limit decides much of the RSS), BENCH_JAVA_OPTS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEYS=1000000
CLIENTS=64
KEY_BYTES=16
VALUE_BYTES=100
IDLE_S=10
SETTLE_S=10
BASE_PORT=7101
NO_BUILD=0
MAX_S=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) KEYS=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --key-bytes) KEY_BYTES=$2; shift ;;
    --value-bytes) VALUE_BYTES=$2; shift ;;
    --idle-s) IDLE_S=$2; shift ;;
    --settle-s) SETTLE_S=$2; shift ;;
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
# The load itself is bounded by BulkLoad --max-s: an hour by default at 1M keys.
LOAD_MAX_S=$((600 + KEYS / 300))
: "${MAX_S:=$((900 + IDLE_S + SETTLE_S + LOAD_MAX_S + 120))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/out/memory-$STAMP.txt"
make_work memory
log "work folder $WORK; raw results to $OUT"
build_if_needed "$NO_BUILD"

{
  echo "# memory $STAMP on $(hostname): $(nproc) cores, $(uname -r), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
  echo "# keys=$KEYS clients=$CLIENTS key_bytes=$KEY_BYTES value_bytes=$VALUE_BYTES idle_s=$IDLE_S settle_s=$SETTLE_S node_java_opts=${BASALT_JAVA_OPTS:-none}"
} > "$OUT"

basalt_cluster "$WORK/basalt" 3 "$BASE_PORT"
start_basalt
wait_leader 60 --all || { KEEP=1; die "no leader every node agrees on after 60 s (logs in $BASALT_DIR)"; }
log "basalt: $LEADER_LINE; idle for ${IDLE_S}s"
sleep "$IDLE_S"

declare -A IDLE_RSS=() LOAD_RSS=() HWM=() DATA_KB=() GC_RSS=() HEAP_USED=()
for id in "${NODE_IDS[@]}"; do
  alive "${NODE_PID[$id]}" || die "node $id exited (log $BASALT_DIR/$id.log)"
  IDLE_RSS[$id]=$(vm_rss_kb "${NODE_PID[$id]}")
  echo "idle node=$id pid=${NODE_PID[$id]} vm_rss_kb=${IDLE_RSS[$id]} vm_hwm_kb=$(vm_hwm_kb "${NODE_PID[$id]}")" | tee -a "$OUT" >&2
done

log "loading $KEYS keys ($KEY_BYTES B keys, $VALUE_BYTES B values) with $CLIENTS clients"
rc=0
run_wait "${BENCH_JAVA[@]}" io.basalt.bench.BulkLoad --endpoints "$BASALT_ENDPOINTS" --keys "$KEYS" --clients "$CLIENTS" \
  --key-bytes "$KEY_BYTES" --value-bytes "$VALUE_BYTES" --max-s "$LOAD_MAX_S" \
  > >(tee "$WORK/bulkload.out" >&2) 2> "$WORK/bulkload.err" || rc=$?
sleep 0.2
grep '^loaded=' "$WORK/bulkload.out" >> "$OUT" || true
LOADED="$(sed -n 's/^loaded=\([0-9]*\).*/\1/p' "$WORK/bulkload.out" | tail -n 1)"
if [ "$rc" != 0 ]; then
  log "BulkLoad exit status $rc; last lines of its error output:"
  tail -n 10 "$WORK/bulkload.err" >&2
  echo "# BulkLoad exit status $rc" >> "$OUT"
fi
log "settling for ${SETTLE_S}s"
sleep "$SETTLE_S"
wait_leader 30 || true
for id in "${NODE_IDS[@]}"; do
  alive "${NODE_PID[$id]}" || die "node $id exited during the load (log $BASALT_DIR/$id.log)"
  LOAD_RSS[$id]=$(vm_rss_kb "${NODE_PID[$id]}")
  HWM[$id]=$(vm_hwm_kb "${NODE_PID[$id]}")
  DATA_KB[$id]=$(du -sk "$BASALT_DIR/$id" | cut -f1)
  echo "loaded node=$id pid=${NODE_PID[$id]} vm_rss_kb=${LOAD_RSS[$id]} vm_hwm_kb=${HWM[$id]} data_dir_kb=${DATA_KB[$id]}" | tee -a "$OUT" >&2
done
# How much of that is live data: a full GC in each node (jcmd GC.run), then RSS and heap in use.
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
for id in "${NODE_IDS[@]}"; do
  GC_RSS[$id]=NaN
  HEAP_USED[$id]=NaN
  if run_wait timeout 60 "$JCMD" "${NODE_PID[$id]}" GC.run > /dev/null 2>&1; then
    sleep 1
    GC_RSS[$id]=$(vm_rss_kb "${NODE_PID[$id]}")
    run_wait timeout 60 "$JCMD" "${NODE_PID[$id]}" GC.heap_info > "$WORK/heap-$id.txt" 2>&1 || true
    HEAP_USED[$id]=$(grep -o 'used [0-9]*K' "$WORK/heap-$id.txt" | head -n 1 | tr -dc 0-9)
    : "${HEAP_USED[$id]:=NaN}"
  fi
  echo "after_gc node=$id pid=${NODE_PID[$id]} vm_rss_kb=${GC_RSS[$id]} heap_used_kb=${HEAP_USED[$id]}" | tee -a "$OUT" >&2
done
stop_basalt

TABLE="$( {
  printf 'VmRSS per node: idle, and after loading %s of %s keys (%s B keys, %s B values)\n' "${LOADED:-?}" "$KEYS" "$KEY_BYTES" "$VALUE_BYTES"
  printf '%-5s %-8s %10s %10s %10s %12s %13s %12s\n' node role idle_MB loaded_MB peak_MB after_gc_MB heap_used_MB data_dir_MB
  for id in "${NODE_IDS[@]}"; do
    role=follower
    [ "$id" = "$LEADER" ] && role=leader
    awk -v n="$id" -v r="$role" -v i="${IDLE_RSS[$id]}" -v l="${LOAD_RSS[$id]}" -v h="${HWM[$id]}" -v d="${DATA_KB[$id]}" \
        -v g="${GC_RSS[$id]}" -v u="${HEAP_USED[$id]}" \
      'function mb(kb) { return kb ~ /^[0-9]+$/ ? sprintf("%.1f", kb / 1024) : "-" }
       BEGIN { printf "%-5s %-8s %10s %10s %10s %12s %13s %12s\n", n, r, mb(i), mb(l), mb(h), mb(g), mb(u), mb(d) }'
  done
} )"
echo
echo "$TABLE"
sed 's/^/# /' <<< "$TABLE" >> "$OUT"
log "raw results in $OUT"
[ "$rc" = 0 ]
