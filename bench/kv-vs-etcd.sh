#!/usr/bin/env bash
# Replicated writes: Basalt against etcd 3.4, in one run on this machine.
#
#   1. pg_test_fsync on the disk of the data dirs: the fdatasync latency of one 8 kB write,
#      the physical floor of a durable write.
#   2. etcd: 3 members on 127.0.0.1 (default durability: fsync on), KvLoad at each client count.
#   3. Basalt: 3 nodes (`basalt start`, --replication sync), KvLoad at each client count.
#
# Both systems get the same closed-loop load (io.basalt.bench.KvLoad): C client threads, one
# write at a time each, random keys out of --keys, values of --value-bytes. Prints a table and
# the ratio Basalt/etcd at each client count; raw lines go to bench/out/kv-vs-etcd-<date>.txt.
#
# Usage: bench/kv-vs-etcd.sh [--duration-s 10] [--warmup-s 2] [--clients 1,16,64]
#          [--value-bytes 128] [--keys 100000] [--basalt-port 7101] [--etcd-port 12379]
#          [--etcd-bin DIR] [--only basalt|etcd] [--no-build] [--keep] [--max-s SECONDS]
# Environment: TMPDIR (where the data dirs go; the fsync test runs there too),
#   BASALT_JAVA_OPTS (node JVM options), BENCH_JAVA_OPTS (load generator JVM options).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=10
WARMUP=2
CLIENTS=1,16,64
VALUE_BYTES=128
KEYS=100000
BASALT_PORT=7101
ETCD_PORT=12379
ETCD_BIN=""
ONLY=""
NO_BUILD=0
MAX_S=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --duration-s) DURATION=$2; shift ;;
    --warmup-s) WARMUP=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --value-bytes) VALUE_BYTES=$2; shift ;;
    --keys) KEYS=$2; shift ;;
    --basalt-port) BASALT_PORT=$2; shift ;;
    --etcd-port) ETCD_PORT=$2; shift ;;
    --etcd-bin) ETCD_BIN=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --no-build) NO_BUILD=1 ;;
    --keep) KEEP=1 ;;
    --max-s) MAX_S=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$ONLY" in ""|basalt|etcd) ;; *) die "--only takes basalt or etcd" ;; esac
[[ "$CLIENTS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--clients takes a list like 1,16,64"
[ "$BASALT_PORT" -lt 32765 ] && [ "$ETCD_PORT" -lt 32740 ] || die "ports must stay below 32768"
NPOINTS=$(tr ',' '\n' <<< "$CLIENTS" | wc -l)
# Bound: build + fsync test + per system (startup + points + JVM overheads), with a margin.
: "${MAX_S:=$((900 + 2 * NPOINTS * (DURATION + WARMUP + 60) + 300))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/out/kv-vs-etcd-$STAMP.txt"
make_work kv-vs-etcd
log "work folder $WORK; raw results to $OUT"

build_if_needed "$NO_BUILD" "$([ "$ONLY" = etcd ] && echo 0 || echo 1)"

{
  echo "# kv-vs-etcd $STAMP on $(hostname): $(nproc) cores, $(uname -r), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
  echo "# duration_s=$DURATION warmup_s=$WARMUP clients=$CLIENTS value_bytes=$VALUE_BYTES keys=$KEYS data_on=$(df -P "$WORK" | awk 'NR==2 {print $1}')"
  echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT"

# ---- 1. the physical floor ------------------------------------------------------------------
PG_TEST_FSYNC=/usr/lib/postgresql/15/bin/pg_test_fsync
FSYNC_US=""
if [ -x "$PG_TEST_FSYNC" ]; then
  log "pg_test_fsync -s 2 on $WORK (about 30 s)"
  run_wait "$PG_TEST_FSYNC" -s 2 -f "$WORK/pg_test_fsync.tmp" > "$WORK/pg_test_fsync.txt" 2>&1 \
    || log "pg_test_fsync failed (see $WORK/pg_test_fsync.txt)"
  rm -f "$WORK/pg_test_fsync.tmp"
  # The first fdatasync line is the one-8kB-write test.
  FSYNC_US="$(awk '$1 == "fdatasync" && $NF == "usecs/op" { print $(NF-1); exit }' "$WORK/pg_test_fsync.txt")"
  FSYNC_OPS="$(awk '$1 == "fdatasync" && $NF == "usecs/op" { print $2; exit }' "$WORK/pg_test_fsync.txt")"
  sed 's/^/# pg_test_fsync: /' "$WORK/pg_test_fsync.txt" >> "$OUT"
  echo "fsync fdatasync_8k_us=${FSYNC_US:-NaN} ops_per_s=${FSYNC_OPS:-NaN}" >> "$OUT"
else
  log "no $PG_TEST_FSYNC: the fsync floor is not measured"
  echo "fsync fdatasync_8k_us=NaN (pg_test_fsync not found)" >> "$OUT"
fi

# ---- 2. etcd --------------------------------------------------------------------------------
ensure_etcd() {
  local d
  for d in "$ETCD_BIN" /tmp/etcd-pkg/root/usr/bin "$BENCH_DIR/out/etcd-pkg/root/usr/bin"; do
    if [ -n "$d" ] && [ -x "$d/etcd" ] && [ -x "$d/etcdctl" ]; then
      ETCD_BIN=$d
      return 0
    fi
  done
  d="$BENCH_DIR/out/etcd-pkg"
  log "etcd binaries not found: apt-get download etcd-server etcd-client into $d"
  mkdir -p "$d/root"
  if ! (cd "$d" && apt-get download etcd-server etcd-client) >&2; then
    log "apt-get download failed: apt-get update, then again"
    apt-get update >&2 || true
    (cd "$d" && apt-get download etcd-server etcd-client) >&2 || die "cannot download the etcd packages"
  fi
  for deb in "$d"/etcd-server_*.deb "$d"/etcd-client_*.deb; do
    dpkg-deb -x "$deb" "$d/root"
  done
  ETCD_BIN="$d/root/usr/bin"
  [ -x "$ETCD_BIN/etcd" ] && [ -x "$ETCD_BIN/etcdctl" ] || die "no etcd binaries in $ETCD_BIN"
}

ETCD_PIDS=()
ETCD_CLIENT_URLS=""
start_etcd() {
  local i name cport pport cluster="" dir="$WORK/etcd"
  mkdir -p "$dir"
  for i in 1 2 3; do
    pport=$((ETCD_PORT + 10 * (i - 1) + 1))
    cluster+="${cluster:+,}e$i=http://127.0.0.1:$pport"
  done
  ETCD_CLIENT_URLS=""
  for i in 1 2 3; do
    name=e$i
    cport=$((ETCD_PORT + 10 * (i - 1)))
    pport=$((cport + 1))
    require_ports_free "$cport" "$pport"
    ETCD_CLIENT_URLS+="${ETCD_CLIENT_URLS:+,}http://127.0.0.1:$cport"
    "$ETCD_BIN/etcd" --name "$name" --data-dir "$dir/$name" \
      --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
      --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
      --initial-cluster "$cluster" --initial-cluster-token "bench-$STAMP" --initial-cluster-state new \
      --logger zap --log-outputs stderr > "$dir/$name.log" 2>&1 &
    ETCD_PIDS+=("$!")
    track "$!"
  done
  log "etcd: started e1 e2 e3 (pids ${ETCD_PIDS[*]}) on $ETCD_CLIENT_URLS, data in $dir"
  local deadline=$((SECONDS + 60))
  until "$ETCD_BIN/etcdctl" --endpoints "$ETCD_CLIENT_URLS" --command-timeout=2s endpoint health >/dev/null 2>&1; do
    for i in "${ETCD_PIDS[@]}"; do
      alive "$i" || { tail -n 20 "$dir"/*.log >&2; die "an etcd member exited"; }
    done
    [ "$SECONDS" -lt "$deadline" ] || die "etcd not healthy after 60 s (logs in $dir)"
    sleep 0.5
  done
  "$ETCD_BIN/etcdctl" --endpoints "$ETCD_CLIENT_URLS" endpoint status -w table >&2 || true
}

stop_etcd() {
  local p
  for p in "${ETCD_PIDS[@]}"; do stop_pid "$p" 15; done
  ETCD_PIDS=()
}

kvload() {  # kvload TARGET ENDPOINTS: KvLoad's result lines, appended to $OUT
  local rc=0
  run_wait "${BENCH_JAVA[@]}" io.basalt.bench.KvLoad --target "$1" --endpoints "$2" --clients "$CLIENTS" \
    --duration-s "$DURATION" --warmup-s "$WARMUP" --value-bytes "$VALUE_BYTES" --keys "$KEYS" \
    > "$WORK/kvload-$1.txt" 2> "$WORK/kvload-$1.err" || rc=$?
  grep '^target=' "$WORK/kvload-$1.txt" | tee -a "$OUT" >&2 || true
  if [ "$rc" != 0 ]; then
    log "KvLoad against $1 failed (exit $rc); last lines of its error output:"
    tail -n 20 "$WORK/kvload-$1.err" >&2
    echo "# KvLoad --target $1 failed with exit status $rc" >> "$OUT"
  fi
}

if [ "$ONLY" != basalt ]; then
  ensure_etcd
  log "etcd: $("$ETCD_BIN/etcd" --version | head -n 1)"
  echo "# etcd: $("$ETCD_BIN/etcd" --version | head -n 1), 3 members on 127.0.0.1, default fsync" >> "$OUT"
  start_etcd
  log "etcd: KvLoad, clients $CLIENTS, ${DURATION}s per point after ${WARMUP}s warm-up"
  kvload etcd "$ETCD_CLIENT_URLS"
  stop_etcd
fi

# ---- 3. Basalt ------------------------------------------------------------------------------
if [ "$ONLY" != etcd ]; then
  basalt_cluster "$WORK/basalt" 3 "$BASALT_PORT" sync
  echo "# basalt: 3 nodes on 127.0.0.1, --replication sync, node JVM options: ${BASALT_JAVA_OPTS:-none}" >> "$OUT"
  start_basalt
  if wait_leader 60; then
    log "basalt: $LEADER_LINE"
    log "basalt: KvLoad, clients $CLIENTS, ${DURATION}s per point after ${WARMUP}s warm-up"
    kvload basalt "$BASALT_ENDPOINTS"
  else
    log "basalt: no leader within 60 s; node logs in $BASALT_DIR"
    KEEP=1
    echo "# basalt: no leader within 60 s" >> "$OUT"
  fi
  stop_basalt
fi

# ---- table ----------------------------------------------------------------------------------
echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
TABLE="$(awk -v fsync="${FSYNC_US:-NaN}" '
  function val(line, k,   m) { return match(line, k "=[^ ]*") ? substr(line, RSTART + length(k) + 1, RLENGTH - length(k) - 1) : "" }
  /^target=/ {
    t = val($0, "target"); c = val($0, "clients")
    w[t, c] = val($0, "writes_per_s"); p50[t, c] = val($0, "p50_ms"); p99[t, c] = val($0, "p99_ms"); err[t, c] = val($0, "errors")
    if (!((c) in seen)) { seen[c] = 1; order[++n] = c }
  }
  END {
    printf "fdatasync of one 8 kB write (pg_test_fsync): %s us\n\n", fsync
    printf "%-7s %8s %11s %9s %9s %7s\n", "system", "clients", "writes/s", "p50 ms", "p99 ms", "errors"
    for (s = 1; s <= 2; s++) {
      t = (s == 1 ? "etcd" : "basalt")
      for (i = 1; i <= n; i++) {
        c = order[i]
        if ((t, c) in w) printf "%-7s %8s %11s %9s %9s %7s\n", t, c, w[t, c], p50[t, c], p99[t, c], err[t, c]
      }
    }
    printf "\nBasalt / etcd\n%8s %10s %10s %10s\n", "clients", "writes/s", "p50", "p99"
    for (i = 1; i <= n; i++) {
      c = order[i]
      if (((("etcd", c) in w)) && ((("basalt", c) in w)) && w["etcd", c] > 0 && p50["etcd", c] > 0 && p99["etcd", c] > 0)
        printf "%8s %9.2fx %9.2fx %9.2fx\n", c, w["basalt", c] / w["etcd", c], p50["basalt", c] / p50["etcd", c], p99["basalt", c] / p99["etcd", c]
      else
        printf "%8s %10s %10s %10s\n", c, "-", "-", "-"
    }
  }' "$OUT")"
echo
echo "$TABLE"
echo
sed 's/^/# /' <<< "$TABLE" >> "$OUT"
log "raw results in $OUT"
