#!/usr/bin/env bash
# Data larger than RAM, and restart (issue 6). A 3-node cluster (RocksDB state engine,
# --replication sync), every node with a small heap (--heap, -Xmx) and block cache
# (--block-cache-mb):
#   1. load: N keys (zero-padded decimal, --key-bytes) with random values of --value-bytes,
#      through the key-value client (io.basalt.bench.BulkLoad; --batch keys per transaction,
#      one log entry each; --batch 1 writes single puts); load time and keys/s;
#   2. reads: point reads by key (io.basalt.bench.KvRead, --read-clients closed-loop clients,
#      client.get: linearizable, answered by the leader), --read-warmup-s then --read-s
#      measured, uniform over all N keys, then Zipfian (theta --theta, hot keys scattered over
#      the key space): reads/s, p50, p99; the leader's block cache hit ratio during each (from
#      `basalt status --json`, counters before and after);
#   catch-up (unless --no-catch-up): one follower is stopped (SIGKILL) before the load and
#      started after the reads, so it misses every entry of the load while the others compact
#      their logs past it; the time from its start to applying the leader's commit index, and
#      its "received snapshot ... MiB in S s (R MB/s)" line (the checkpoint streamed in chunks);
#      the load and the reads run on the other two nodes (a quorum of the three);
#   3. restart: SIGKILL of a follower, then of the leader, each restarted with the same command
#      (io.basalt.bench.RestartProbe): process start -> status answered -> applied the leader's
#      commit index -> leadership handed to it and a read served by it; the node's "state engine
#      at E, R entries replayed" line and when it was logged;
#   4. restart with a long log (unless --log-mb 0): all nodes stopped and started again with
#      --snapshot-entries S, no snapshot by log size (--snapshot-log-mb 1048576) and heap
#      --log-heap (the log since the last snapshot is held in the
#      heap), new keys written until the log after the last snapshot holds about --log-mb MB
#      (default 1024 at 10 million keys, in proportion to --keys below that), then the two kills
#      of step 3 again.
# Every --sample-s seconds, each node's VmRSS and the size of DATA_DIR/state (the RocksDB state)
# and DATA_DIR/wal (the Raft log) are sampled; the tables give their maximum and last value per
# phase. Raw lines go to bench/out/larger-than-ram-<date>.txt, with markdown tables at the end.
#
# Usage: bench/larger-than-ram.sh [--keys 10000000] [--value-bytes 200] [--key-bytes 16]
#          [--heap 1g] [--block-cache-mb 256] [--load-clients 16] [--batch 100]
#          [--read-clients 16] [--read-s 30] [--read-warmup-s 5] [--theta 0.99]
#          [--snapshot-entries 100000000] [--log-mb 1024 * keys / 10M] [--log-heap 4g]
#          [--restart-wait-s 900] [--sample-s 5] [--base-port 7131] [--no-catch-up]
#          [--no-build] [--keep] [--max-s SECONDS]
# Environment: TMPDIR (data dirs: keep them on the disk you mean to measure), BASALT_JAVA_OPTS
#   (more node JVM options; --heap is added after them, so it wins), BENCH_JAVA_OPTS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEYS=10000000
VALUE_BYTES=200
KEY_BYTES=16
HEAP=1g
BLOCK_CACHE_MB=256
LOAD_CLIENTS=16
BATCH=100
READ_CLIENTS=16
READ_S=30
READ_WARMUP_S=5
THETA=0.99
SNAPSHOT_ENTRIES=100000000
LOG_MB=""
LOG_HEAP=4g
RESTART_WAIT_S=900
SAMPLE_S=5
BASE_PORT=7131
NO_BUILD=0
CATCH_UP=1
MAX_S=""
ARGS=("$@")

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) KEYS=$2; shift ;;
    --value-bytes) VALUE_BYTES=$2; shift ;;
    --key-bytes) KEY_BYTES=$2; shift ;;
    --heap) HEAP=$2; shift ;;
    --block-cache-mb) BLOCK_CACHE_MB=$2; shift ;;
    --load-clients) LOAD_CLIENTS=$2; shift ;;
    --batch) BATCH=$2; shift ;;
    --read-clients) READ_CLIENTS=$2; shift ;;
    --read-s) READ_S=$2; shift ;;
    --read-warmup-s) READ_WARMUP_S=$2; shift ;;
    --theta) THETA=$2; shift ;;
    --snapshot-entries) SNAPSHOT_ENTRIES=$2; shift ;;
    --log-mb) LOG_MB=$2; shift ;;
    --log-heap) LOG_HEAP=$2; shift ;;
    --restart-wait-s) RESTART_WAIT_S=$2; shift ;;
    --sample-s) SAMPLE_S=$2; shift ;;
    --base-port) BASE_PORT=$2; shift ;;
    --no-build) NO_BUILD=1 ;;
    --no-catch-up) CATCH_UP=0 ;;
    --keep) KEEP=1 ;;
    --max-s) MAX_S=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "$BASE_PORT" -lt 32765 ] || die "ports must stay below 32768"
[ "$KEYS" -ge 2 ] || die "--keys must be at least 2"
# 1 GB of log for 10 million keys (issue 6's figure), in proportion below that.
: "${LOG_MB:=$(( KEYS >= 10000000 ? 1024 : 1024 * KEYS / 10000000 ))}"
# The log phase writes new keys after the loaded ones until the log holds about --log-mb: about
# this many bytes of log per key (key, value and the transaction's per-put framing; measured
# 225 B for 16 B keys and 200 B values).
LOG_KEY_BYTES=$((KEY_BYTES + VALUE_BYTES + 10))
LOG_KEYS=$((LOG_MB * 1048576 / LOG_KEY_BYTES))  # at most: the log already holds the entries since the last snapshot
KEYS_END=$((KEYS + LOG_KEYS))
[ "${#KEYS_END}" -le "$KEY_BYTES" ] || die "--key-bytes $KEY_BYTES is too short for $KEYS_END keys"
# Each load is bounded by BulkLoad --max-s: at least 100 keys/s.
LOAD_MAX_S=$((600 + KEYS / 100))
LOG_LOAD_MAX_S=$((600 + LOG_KEYS / 100))
READ_PHASE_S=$((READ_WARMUP_S + READ_S + 120))
: "${MAX_S:=$((900 + LOAD_MAX_S + 2 * READ_PHASE_S + 5 * (RESTART_WAIT_S + 120) + (LOG_MB > 0 ? LOG_LOAD_MAX_S + 300 : 0)))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/out/larger-than-ram-$STAMP.txt"
make_work larger-than-ram
SAMPLES="$WORK/samples.txt"
: > "$SAMPLES"
log "work folder $WORK; raw results to $OUT"
build_if_needed "$NO_BUILD"

{
  echo "# larger-than-ram $STAMP on $(hostname): $(nproc) cores, $(uname -r), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
  echo "# commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
  echo "# command: bench/larger-than-ram.sh ${ARGS[*]}"
  echo "# keys=$KEYS key_bytes=$KEY_BYTES value_bytes=$VALUE_BYTES heap=$HEAP block_cache_mb=$BLOCK_CACHE_MB load_clients=$LOAD_CLIENTS batch=$BATCH read_clients=$READ_CLIENTS read_s=$READ_S read_warmup_s=$READ_WARMUP_S theta=$THETA snapshot_entries=$SNAPSHOT_ENTRIES log_mb=$LOG_MB log_heap=$LOG_HEAP node_java_opts=${BASALT_JAVA_OPTS:-none}"
  echo "# data dirs under $(df -P "$WORK" | awk 'NR == 2 { print $1 " mounted on " $6 }')"
  echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT"

# ---- sampling RSS and disk use ----------------------------------------------------------------
SAMPLER=""

# sample_loop PHASE "n1:PID n2:PID ...": one line per live node every SAMPLE_S seconds.
sample_loop() {
  local phase=$1 spec=$2 item id pid rss state wal sp
  trap 'kill "$sp" 2>/dev/null; exit 0' TERM
  while :; do
    for item in $spec; do
      id=${item%%:*}
      pid=${item#*:}
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$rss" ] || continue
      state=$(du -sk "$BASALT_DIR/$id/state" 2>/dev/null | cut -f1 || true)
      wal=$(du -sk "$BASALT_DIR/$id/wal" 2>/dev/null | cut -f1 || true)
      echo "sample t=$EPOCHSECONDS phase=$phase node=$id pid=$pid rss_kb=$rss state_kb=${state:-0} wal_kb=${wal:-0}"
    done
    sleep "$SAMPLE_S" &
    sp=$!
    wait "$sp"
  done
}

sampler_start() {
  local id spec=""
  for id in "${NODE_IDS[@]}"; do
    [ -n "${NODE_PID[$id]:-}" ] && spec+="$id:${NODE_PID[$id]} "
  done
  sample_loop "$1" "$spec" >> "$SAMPLES" 2>/dev/null &
  SAMPLER=$!
  track "$SAMPLER"
}

sampler_stop() {
  [ -n "$SAMPLER" ] && stop_pid "$SAMPLER" 5
  SAMPLER=""
}

# disk_line TAG: state and log size of every node now.
disk_line() {
  local id
  for id in "${NODE_IDS[@]}"; do
    echo "disk tag=$1 node=$id state_kb=$(du -sk "$BASALT_DIR/$id/state" 2>/dev/null | cut -f1) wal_kb=$(du -sk "$BASALT_DIR/$id/wal" 2>/dev/null | cut -f1)"
  done | tee -a "$OUT" >&2
}

# ---- engine counters from `basalt status --json` ---------------------------------------------
# engine_status TAG: one "status tag=TAG node=..." line per node: role, commit and applied index,
# block cache hits and misses, hit ratio, bytes applied, flushed and compacted, write amplification.
engine_status() {
  status_lines "$1" | tee -a "$OUT" >&2
}

# status_lines TAG: the lines engine_status records, printed only.
status_lines() {
  local json="$WORK/status-$1.json"
  if ! run_wait timeout 60 "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CLI_CP" io.basalt.cli.Main status \
       --peers "$BASALT_ENDPOINTS" --json > "$json" 2> "$WORK/status-$1.err"; then
    log "basalt status --json failed ($1): $(tail -n 1 "$WORK/status-$1.err")"
  fi
  { grep -oE '"node":"[^"]*","pid"|"role":"[A-Z]+"|"commitIndex":[0-9]+|"appliedIndex":[0-9]+|"engineCache":(null|\{[^}]*\})' "$json" || true; } \
    | awk -v tag="$1" '
      function flush() { if (node != "") print "status tag=" tag " node=" node " role=" role " commit=" commit " applied=" applied cache; node = "" }
      /^"node"/ { flush(); split($0, a, "\""); node = a[4]; role = "-"; commit = "-"; applied = "-"; cache = " engine=none" }
      /^"role"/ { split($0, a, "\""); role = a[4] }
      /^"commitIndex"/ { split($0, a, ":"); commit = a[2] }
      /^"appliedIndex"/ { split($0, a, ":"); applied = a[2] }
      /^"engineCache":\{/ {
        s = $0; sub(/^"engineCache":\{/, "", s); sub(/\}$/, "", s); n = split(s, kv, ","); cache = ""
        for (i = 1; i <= n; i++) { split(kv[i], p, ":"); k = p[1]; gsub(/"/, "", k); cache = cache " " k "=" p[2] }
      }
      END { flush() }'
}

# ---- cluster ------------------------------------------------------------------------------------
basalt_cluster "$WORK/basalt" 3 "$BASE_PORT" sync
NODE_JAVA_OPTS+=("-Xmx$HEAP")
NODE_FLAGS+=(--block-cache-mb "$BLOCK_CACHE_MB")
start_basalt
wait_leader 60 --all || { KEEP=1; die "no leader every node agrees on after 60 s (logs in $BASALT_DIR)"; }
log "basalt: $LEADER_LINE; heap $HEAP, block cache $BLOCK_CACHE_MB MiB"
echo "# $LEADER_LINE" >> "$OUT"

# While the catch-up follower is down, a leader is one a quorum agrees on.
AGREE=(--all)
CATCH_ID=""
if [ "$CATCH_UP" = 1 ]; then
  for CATCH_ID in "${NODE_IDS[@]}"; do
    if [ "$CATCH_ID" != "$LEADER" ]; then break; fi
  done
  log "catch-up: SIGKILL of follower $CATCH_ID before the load; it starts again after the reads"
  kill -KILL "${NODE_PID[$CATCH_ID]}" || true
  wait "${NODE_PID[$CATCH_ID]}" 2>/dev/null || true
  untrack "${NODE_PID[$CATCH_ID]}"
  NODE_PID[$CATCH_ID]=""
  AGREE=()
  echo "# catch-up: $CATCH_ID stopped before the load" >> "$OUT"
fi

# ---- 1. load -------------------------------------------------------------------------------------
log "loading $KEYS keys ($KEY_BYTES B keys, $VALUE_BYTES B values, $BATCH per transaction) with $LOAD_CLIENTS clients"
sampler_start load
LOAD_RC=0
run_wait "${BENCH_JAVA[@]}" io.basalt.bench.BulkLoad --endpoints "$BASALT_ENDPOINTS" --keys "$KEYS" \
  --clients "$LOAD_CLIENTS" --key-bytes "$KEY_BYTES" --value-bytes "$VALUE_BYTES" --batch "$BATCH" --max-s "$LOAD_MAX_S" \
  > >(tee "$WORK/load.out" >&2) 2> "$WORK/load.err" || LOAD_RC=$?
sampler_stop
sleep 0.2
LOAD_LINE="$(grep '^loaded=' "$WORK/load.out" | tail -n 1 || true)"
echo "load ${LOAD_LINE:-loaded=0 error=no_result} exit=$LOAD_RC" >> "$OUT"
if [ "$LOAD_RC" != 0 ]; then
  tail -n 10 "$WORK/load.err" >&2
  KEEP=1
  die "the load failed (exit $LOAD_RC); nothing else is measured"
fi
wait_leader 60 "${AGREE[@]}" || { KEEP=1; die "no agreed leader after the load"; }
disk_line after-load
engine_status after-load

# ---- 2. reads ------------------------------------------------------------------------------------
READS_FAILED=0
for dist in uniform zipfian; do
  wait_leader 60 "${AGREE[@]}" || { KEEP=1; die "no agreed leader before the $dist reads"; }
  echo "# reads $dist: $LEADER_LINE" >> "$OUT"
  engine_status "before-$dist"
  log "reads, $dist: $READ_CLIENTS clients, ${READ_WARMUP_S}s warm-up + ${READ_S}s"
  sampler_start "reads-$dist"
  rc=0
  run_wait "${BENCH_JAVA[@]}" io.basalt.bench.KvRead --endpoints "$BASALT_ENDPOINTS" --keys "$KEYS" --dist "$dist" \
    --theta "$THETA" --clients "$READ_CLIENTS" --seconds "$READ_S" --warmup-s "$READ_WARMUP_S" \
    --key-bytes "$KEY_BYTES" --value-bytes "$VALUE_BYTES" > "$WORK/read-$dist.out" 2> "$WORK/read-$dist.err" || rc=$?
  sampler_stop
  engine_status "after-$dist"
  line="$(grep '^read ' "$WORK/read-$dist.out" | tail -n 1 || true)"
  echo "${line:-read dist=$dist error=no_result} exit=$rc leader=$LEADER" | tee -a "$OUT" >&2
  if [ "$rc" != 0 ]; then
    READS_FAILED=1
    tail -n 5 "$WORK/read-$dist.err" >&2 || true
  fi
done

# ---- catch-up -------------------------------------------------------------------------------------
# indexes_now: "node role commit applied" per node that answers `basalt status --json`.
indexes_now() {
  status_lines poll 2> /dev/null | sed -E 's/^status tag=[^ ]* node=([^ ]*) role=([^ ]*) commit=([^ ]*) applied=([^ ]*).*/\1 \2 \3 \4/'
}

CATCH_FAILED=0
if [ -n "$CATCH_ID" ]; then
  wait_leader 60 || { KEEP=1; die "no leader before the catch-up"; }
  target=$(indexes_now | awk -v l="$LEADER" '$1 == l { print $3 }')
  leader_state_kb=$(du -sk "$BASALT_DIR/$LEADER/state" | cut -f1)
  log "catch-up: starting $CATCH_ID; the leader $LEADER has committed $target entries (state $((leader_state_kb / 1024)) MB)"
  t0=$EPOCHREALTIME
  start_node "$CATCH_ID"
  sampler_start catch-up
  applied=0
  deadline=$((SECONDS + RESTART_WAIT_S))
  while [ "$SECONDS" -lt "$deadline" ] && alive "${NODE_PID[$CATCH_ID]}"; do
    applied=$(indexes_now | awk -v n="$CATCH_ID" '$1 == n { print $4 }')
    [[ "$applied" =~ ^[0-9]+$ ]] || applied=0
    [ "$applied" -ge "$target" ] && break
    sleep 1
  done
  ms=$(awk -v a="$EPOCHREALTIME" -v b="$t0" 'BEGIN { printf "%.0f", (a - b) * 1000 }')
  sampler_stop
  received="$(grep -h 'received snapshot at index' "$BASALT_DIR/$CATCH_ID.log" | tail -n 1 | sed 's/.*received snapshot/received snapshot/' || true)"
  if [ "$applied" -ge "$target" ]; then
    echo "catchup node=$CATCH_ID behind=$target caught_up_ms=$ms leader_state_kb=$leader_state_kb state_kb=$(du -sk "$BASALT_DIR/$CATCH_ID/state" | cut -f1) transfer=${received:-none}" | tee -a "$OUT" >&2
  else
    CATCH_FAILED=1
    echo "catchup node=$CATCH_ID behind=$target error=not_caught_up applied=$applied after_ms=$ms transfer=${received:-none}" | tee -a "$OUT" >&2
  fi
  AGREE=(--all)
fi

# ---- 3./4. restarts ------------------------------------------------------------------------------
# replay_line ID: the node's "state engine at E, R entries replayed" line since its last start.
replay_line() {
  awk '/^# [0-9][0-9][0-9][0-9]-/ { line = "" } /entries replayed after it/ { line = $0 } END { print line }' "$BASALT_DIR/$1.log"
}

# ms_since_mark "HH:MM:SS.mmm" T0: the log's local time of day minus T0 ($EPOCHREALTIME), in ms.
ms_since_mark() {
  local at
  at="$(date -d "$(date -d "@${2%[.,]*}" +%F) $1" +%s.%N 2>/dev/null)" || { echo NaN; return; }
  awk -v a="$at" -v b="${2/,/.}" 'BEGIN { d = (a - b) * 1000; if (d < -43200000) d += 86400000; printf "%.0f", d }'
}

RESTARTS_FAILED=0
# restart_case NAME ROLE: SIGKILL of the leader or a follower, restart with the same command.
restart_case() {
  local name=$1 role=$2 id pid mark probe rc=0 t0 line replay at
  wait_leader 60 --all || { RESTARTS_FAILED=1; log "no agreed leader before restart $name"; return 0; }
  if [ "$role" = leader ]; then
    id=$LEADER
  else
    for id in "${NODE_IDS[@]}"; do
      if [ "$id" != "$LEADER" ]; then break; fi
    done
  fi
  pid=${NODE_PID[$id]}
  local state_kb wal_kb
  state_kb=$(du -sk "$BASALT_DIR/$id/state" | cut -f1)
  wal_kb=$(du -sk "$BASALT_DIR/$id/wal" | cut -f1)
  mark="$WORK/mark.$name"
  probe="$WORK/restart-$name.out"
  "${BENCH_JAVA[@]}" io.basalt.bench.RestartProbe --endpoints "$BASALT_ENDPOINTS" --node "$id" --mark-file "$mark" \
    --lead --read-key $((KEYS / 2)) --key-bytes "$KEY_BYTES" --wait-s "$RESTART_WAIT_S" > "$probe" 2> "$WORK/restart-$name.err" &
  local probe_pid=$!
  track "$probe_pid"
  local deadline=$((SECONDS + 60))
  until grep -qs '^ready' "$probe" || ! alive "$probe_pid" || [ "$SECONDS" -ge "$deadline" ]; do sleep 0.1; done
  if ! grep -qs '^ready' "$probe"; then
    stop_pid "$probe_pid" 5
    RESTARTS_FAILED=1
    echo "restart case=$name error=probe_not_ready" >> "$OUT"
    return 0
  fi
  log "restart $name: SIGKILL of $id (pid $pid, $role; state $((state_kb / 1024)) MB, log $((wal_kb / 1024)) MB), then start it again"
  kill -KILL "$pid" || true
  wait "$pid" 2>/dev/null || true
  untrack "$pid"
  NODE_PID[$id]=""
  t0=$EPOCHREALTIME
  start_node "$id"
  echo "$t0" > "$mark.tmp" && mv "$mark.tmp" "$mark"
  sampler_start "restart-$name"
  wait "$probe_pid" || rc=$?
  untrack "$probe_pid"
  sampler_stop
  line="$(grep '^restart ' "$probe" | tail -n 1 || true)"
  replay="$(replay_line "$id")"
  at=NaN
  [ -n "$replay" ] && at="$(ms_since_mark "${replay%% *}" "$t0")"
  echo "restart case=$name role=$role ${line:-node=$id error=no_result} replay_logged_ms=$at state_kb=$state_kb wal_kb=$wal_kb rss_kb=$(vm_rss_kb "${NODE_PID[$id]}" 2>/dev/null || echo NaN) exit=$rc" | tee -a "$OUT" >&2
  echo "replay case=$name node=$id ${replay:-no replay line in $BASALT_DIR/$id.log}" | tee -a "$OUT" >&2
  if [ "$rc" != 0 ]; then
    RESTARTS_FAILED=1
    tail -n 3 "$WORK/restart-$name.err" >&2 || true
  fi
}

restart_case follower follower
restart_case leader leader

if [ "$LOG_MB" -gt 0 ]; then
  log "long log: restarting every node with --snapshot-entries $SNAPSHOT_ENTRIES and -Xmx$LOG_HEAP"
  stop_basalt
  NODE_JAVA_OPTS+=("-Xmx$LOG_HEAP")
  NODE_FLAGS+=(--snapshot-entries "$SNAPSHOT_ENTRIES" --snapshot-log-mb 1048576)
  start_basalt
  wait_leader 120 --all || { KEEP=1; die "no agreed leader after the restart with --snapshot-entries"; }
  wal_kb=$(du -sk "$BASALT_DIR/$LEADER/wal" | cut -f1)
  LOG_KEYS=$(( (LOG_MB * 1024 - wal_kb) * 1024 / LOG_KEY_BYTES ))
  if [ "$LOG_KEYS" -lt 1000 ]; then
    LOG_KEYS=1000
    log "the log holds $((wal_kb / 1024)) MB already (--log-mb $LOG_MB); writing $LOG_KEYS new keys"
  else
    log "the log holds $((wal_kb / 1024)) MB; writing $LOG_KEYS new keys to bring it to ~$LOG_MB MB"
  fi
  echo "# log phase: the leader's log holds $wal_kb kB after the restart; writing $LOG_KEYS new keys" >> "$OUT"
  sampler_start log-load
  rc=0
  run_wait "${BENCH_JAVA[@]}" io.basalt.bench.BulkLoad --endpoints "$BASALT_ENDPOINTS" --keys "$LOG_KEYS" --first-key "$KEYS" \
    --clients "$LOAD_CLIENTS" --key-bytes "$KEY_BYTES" --value-bytes "$VALUE_BYTES" --batch "$BATCH" --max-s "$LOG_LOAD_MAX_S" \
    > >(tee "$WORK/log-load.out" >&2) 2> "$WORK/log-load.err" || rc=$?
  sampler_stop
  sleep 0.2
  echo "log-load $(grep '^loaded=' "$WORK/log-load.out" | tail -n 1 || echo 'loaded=0 error=no_result') exit=$rc" >> "$OUT"
  if [ "$rc" = 0 ]; then
    disk_line after-log-load
    engine_status after-log-load
    restart_case log-follower follower
    restart_case log-leader leader
  else
    tail -n 5 "$WORK/log-load.err" >&2 || true
    RESTARTS_FAILED=1
  fi
fi
stop_basalt
echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$SAMPLES" >> "$OUT"

# ---- tables ---------------------------------------------------------------------------------------
TABLES="$(awk -v keys="$KEYS" -v vb="$VALUE_BYTES" -v kb="$KEY_BYTES" -v heap="$HEAP" -v bc="$BLOCK_CACHE_MB" \
    -v batch="$BATCH" -v lc="$LOAD_CLIENTS" -v snap="$SNAPSHOT_ENTRIES" -v logheap="$LOG_HEAP" '
  function val(line, k,   re, m) { re = "(^| )" k "=[^ ]*"; if (match(line, re)) { m = substr(line, RSTART, RLENGTH); sub(/^ /, "", m); return substr(m, length(k) + 2) } return "" }
  function mb(kb) { return kb ~ /^[0-9]+$/ ? sprintf("%.0f", kb / 1024) : "-" }
  function num(x,   s, out) { s = sprintf("%.0f", x); if (s !~ /^[0-9]+$/) return s; out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }
  function sec(ms) { return ms ~ /^[0-9.]+$/ ? sprintf("%.1f s", ms / 1000) : "-" }
  /^load / { load = $0 }
  /^log-load / { logload = $0 }
  /^status / { t = val($0, "tag"); n = val($0, "node"); st[t, n] = $0; if (val($0, "role") == "LEADER") lead[t] = n; nodes[n] = 1 }
  /^disk / { t = val($0, "tag"); n = val($0, "node"); dstate[t, n] = val($0, "state_kb"); dwal[t, n] = val($0, "wal_kb") }
  /^read / { rd[val($0, "dist")] = $0 }
  /^restart / { rs[val($0, "case")] = $0 }
  /^catchup / { cu = $0 }
  /^replay / { c = val($0, "case"); rp[c] = $0; sub(/^replay case=[^ ]* node=[^ ]* /, "", rp[c]) }
  /^sample / {
    p = val($0, "phase"); n = val($0, "node"); r = val($0, "rss_kb") + 0
    if (p == "load" || p ~ /^reads-/) { g = (p == "load") ? "load" : "reads"
      if (r > rmax[g, n]) rmax[g, n] = r; rlast[g, n] = r
      if (val($0, "state_kb") + 0 > smax[g, n]) smax[g, n] = val($0, "state_kb") + 0
      if (val($0, "wal_kb") + 0 > wmax[g, n]) wmax[g, n] = val($0, "wal_kb") + 0 }
  }
  END {
    printf "### Load: %s keys, %d B keys, %d B values, %d keys per transaction, %d clients; every node -Xmx%s, block cache %s MiB\n\n", num(keys), kb, vb, batch, lc, heap, bc
    printf "| keys loaded | seconds | keys/s | failed | retries |\n|---:|---:|---:|---:|---:|\n"
    printf "| %s | %s | %s | %s | %s |\n\n", num(val(load, "loaded")), val(load, "seconds"), num(val(load, "writes_per_s")), val(load, "failed"), val(load, "retries")
    printf "### Size per node: state (RocksDB, DATA_DIR/state) and Raft log (DATA_DIR/wal) after the load; VmRSS max / last sample during the load and during the reads\n\n"
    printf "| node | role | state MB | log MB | log max MB (load) | RSS max MB (load) | RSS last MB (load) | RSS max MB (reads) | RSS last MB (reads) | write amp. | applied MB | flushed MB | compacted MB |\n"
    printf "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (n in nodes) list = list " " n
    m = split(list, ns, " "); for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (ns[j] < ns[i]) { x = ns[i]; ns[i] = ns[j]; ns[j] = x }
    for (i = 1; i <= m; i++) { n = ns[i]; s = st["after-load", n]
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, tolower(val(s, "role")), mb(dstate["after-load", n]), mb(dwal["after-load", n]),
        mb(wmax["load", n]), mb(rmax["load", n]), mb(rlast["load", n]), mb(rmax["reads", n]), mb(rlast["reads", n]),
        val(s, "writeAmplification"), mb(int(val(s, "appliedBytes") / 1024)), mb(int(val(s, "flushBytes") / 1024)), mb(int(val(s, "compactionBytes") / 1024)) }
    printf "\n### Point reads by key (client.get: linearizable, served by the leader)\n\n"
    printf "| keys | clients | reads/s | p50 ms | p99 ms | p99.9 ms | max ms | leader block cache hit ratio (warm-up included) | errors | missing |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (k = 1; k <= 2; k++) { d = (k == 1) ? "uniform" : "zipfian"; r = rd[d]; if (r == "") continue
      l = lead["after-" d]; b = st["before-" d, l]; a = st["after-" d, l]
      h = val(a, "hits") - val(b, "hits"); mi = val(a, "misses") - val(b, "misses")
      ratio = (h + mi > 0 && val(a, "hits") != "") ? sprintf("%.1f%% (%s lookups)", 100 * h / (h + mi), num(h + mi)) : "-"
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", (d == "uniform" ? "uniform" : "Zipfian θ=" val(r, "theta")), val(r, "clients"), num(val(r, "reads_per_s")),
        val(r, "p50_ms"), val(r, "p99_ms"), val(r, "p999_ms"), val(r, "max_ms"), ratio, val(r, "errors"), val(r, "missing") }
    printf "| follower (stale) reads | - | - | - | - | - | - | - | - | - |\n"
    printf "\nFollower reads: not measured, the client has none (a follower redirects every read to the leader).\n"
    if (cu != "") { tr = cu; sub(/.* transfer=/, "", tr)
      printf "\n### Catch-up: a follower stopped before the load, started after the reads\n\n"
      printf "| node | leader commit index at its start | leader state MB | caught up (start to applied = commit) | its state MB after | transfer |\n|---|---:|---:|---:|---:|---|\n"
      printf "| %s | %s | %s | %s | %s | %s |\n", val(cu, "node"), num(val(cu, "behind")), mb(val(cu, "leader_state_kb")),
        (val(cu, "error") != "" ? "not caught up" : sec(val(cu, "caught_up_ms"))), mb(val(cu, "state_kb")), tr }
    printf "\n### Restart: SIGKILL, then the same command; time from process start\n\n"
    printf "| case | node | state MB | log MB | entries replayed | replay logged | status answered | caught up | leads, read served | RSS MB after |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    split("follower leader log-follower log-leader", cs, " ")
    for (k = 1; k <= 4; k++) { c = cs[k]; r = rs[c]; if (r == "") continue
      e = rp[c]; rep = "-"; if (match(e, /[0-9]+ entries replayed/)) { rep = substr(e, RSTART, RLENGTH); sub(/ .*/, "", rep); rep = num(rep) }
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c, val(r, "node"), mb(val(r, "state_kb")), mb(val(r, "wal_kb")), rep,
        sec(val(r, "replay_logged_ms")), sec(val(r, "answered_ms")), sec(val(r, "caught_up_ms")), sec(val(r, "serving_ms")), mb(val(r, "rss_kb")) }
    if (logload != "") printf "\nlog-* cases: nodes restarted with --snapshot-entries %s and -Xmx%s, then %s new keys written in %s s (%s keys/s) before the kills.\n", num(snap), logheap, num(val(logload, "loaded")), val(logload, "seconds"), num(val(logload, "writes_per_s"))
    printf "\nReplay lines:\n"
    for (k = 1; k <= 4; k++) { c = cs[k]; if (c in rp) printf "- %s: `%s`\n", c, rp[c] }
  }' "$OUT")"
echo
echo "$TABLES"
sed 's/^/# /' <<< "$TABLES" >> "$OUT"
log "raw results in $OUT"
[ "$READS_FAILED" = 0 ] && [ "$RESTARTS_FAILED" = 0 ] && [ "$CATCH_FAILED" = 0 ]
