#!/usr/bin/env bash
# JMH microbenchmarks of the bench module, by default io.basalt.bench.sql.PreparedPlanBench: what
# the SQL session costs for a cached prepared statement (Parse of known text; Execute + Sync with
# the replan check), against the same key-value calls alone and a cold parse + plan, over an
# in-memory key-value store (no network, no disk). Before JMH it prints the key-value calls of one
# point SELECT and one UPDATE (io.basalt.bench.sql.KvCallsPerStatement): in a node, each is one
# request to the leader.
#
# JMH's output and the summary go to bench/out/jmh-<date>.txt, with the machine and load average.
#
# Usage: bench/jmh.sh [--bench REGEX] [--no-build] [--keep] [--max-s SECONDS] [-- JMH OPTIONS...]
#   --bench   which benchmarks (a JMH regex; default PreparedPlanBench)
#   -- ...    passed to org.openjdk.jmh.Main as they are, e.g. -- -p op=select -wi 10 -prof gc
#   --keep    keep JMH's JSON result (otherwise removed with the run's temporary folder)
# Environment: BENCH_JAVA_OPTS (the JMH host JVM; forked JVMs take JMH's -jvmArgs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMMAND="bench/jmh.sh$(printf ' %q' "$@")"
BENCH=PreparedPlanBench
NO_BUILD=0
MAX_S=""
JMH_ARGS=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) BENCH=$2; shift ;;
    --no-build) NO_BUILD=1 ;;
    --keep) KEEP=1 ;;
    --max-s) MAX_S=$2; shift ;;
    --) shift; JMH_ARGS=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# Bound: build + PreparedPlanBench's 20 runs of (5 + 5) x 2 s with a JVM start each, with a margin.
: "${MAX_S:=$((900 + 20 * 30 + 300))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/out/jmh-$STAMP.txt"
make_work jmh
log "results to $OUT"

build_if_needed "$NO_BUILD" 0

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$ROOT" --no-optional-locks status --porcelain 2>/dev/null | head -n 1)" ]; then
  COMMIT="$COMMIT (with uncommitted changes)"
fi
{
  echo "# jmh $STAMP on $(hostname): $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
  echo "# commit: $COMMIT"
  echo "# command: $COMMAND"
  echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT"

run_wait "${BENCH_JAVA[@]}" io.basalt.bench.sql.KvCallsPerStatement >> "$OUT" 2> "$WORK/kvcalls.err" \
  || { tail -n 20 "$WORK/kvcalls.err" >&2; die "KvCallsPerStatement failed"; }

# JMH forks a JVM per benchmark: run it in a process group of its own, so that a time limit or
# Ctrl-C stops the fork too, not only JMH's host JVM.
JMH_PGID=""
stop_jmh_group() { [ -n "$JMH_PGID" ] && kill -TERM -- "-$JMH_PGID" 2>/dev/null; return 0; }
CLEANUP_HOOKS+=(stop_jmh_group)
log "JMH: $BENCH ${JMH_ARGS[*]} (progress below)"
RC=0
setsid "${BENCH_JAVA[@]}" org.openjdk.jmh.Main "$BENCH" -rf json -rff "$WORK/jmh.json" "${JMH_ARGS[@]}" \
  > >(tee -a "$OUT" >&9) 2>&1 &
JMH_PGID=$!
track "$JMH_PGID"
wait "$JMH_PGID" || RC=$?
untrack "$JMH_PGID"
JMH_PGID=""
[ "$KEEP" = 1 ] && [ -f "$WORK/jmh.json" ] && cp "$WORK/jmh.json" "${OUT%.txt}.json"
echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
[ "$RC" = 0 ] || echo "# JMH failed with exit status $RC" >> "$OUT"

echo
grep -E '^# (jmh|commit|loadavg|JMH failed)' "$OUT"
grep 'key-value calls$' "$OUT" || true
sed -n '/^Benchmark /,$p' "$OUT" | grep -v '^#'
log "results in $OUT"
exit "$RC"
