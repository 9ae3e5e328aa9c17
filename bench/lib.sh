# Shared by the bench/*.sh scripts (sourced, not run). Building, starting and stopping local
# processes, and waiting for them, all with deadlines. Every process a script starts is
# recorded with `track` and stopped by `cleanup` when the script exits, however it exits.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
export LC_ALL=C
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BENCH_CP="$BENCH_DIR/target/basalt-bench.jar:$BENCH_DIR/target/lib/*"
CLI_CP="$ROOT/cli/target/basalt-cli.jar:$ROOT/cli/target/lib/*"
# Extra JVM options for the nodes, as for ./basalt (e.g. BASALT_JAVA_OPTS=-Xmx1g).
read -r -a NODE_JAVA_OPTS <<< "${BASALT_JAVA_OPTS:-}"
# Extra `basalt start` flags for every node (e.g. BASALT_NODE_FLAGS="--election-timeout-ms 1000").
read -r -a NODE_FLAGS <<< "${BASALT_NODE_FLAGS:-}"
# JVM options of the bench's own Java programs (load generators, probes).
read -r -a BENCH_JAVA_OPTS <<< "${BENCH_JAVA_OPTS:-}"

TRACKED=()       # pids of every process started, in start order
CLEANUP_HOOKS=() # commands cleanup runs after stopping TRACKED (servers that are not our children)
WORK=""          # the run's temporary folder (data dirs, logs), removed at exit unless KEEP=1
KEEP=0
WATCHDOG=""

# Progress messages go to the script's stderr as it was at start (fd 9), also from inside a
# command whose stderr is redirected to a file.
exec 9>&2
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&9; }
die() { log "error: $*"; exit 1; }

track() { TRACKED+=("$1"); }

untrack() {
  local i
  for i in "${!TRACKED[@]}"; do
    [ "${TRACKED[i]}" = "$1" ] && unset 'TRACKED[i]'
  done
  TRACKED=("${TRACKED[@]}")
}

# ours PID: PID is a live child of this script (never signal a recycled pid).
ours() { [ "$(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ')" = "$$" ]; }
alive() { ours "$1" && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; }

# stop_pid PID [GRACE_S]: SIGTERM, then SIGKILL after GRACE_S seconds; reaps it.
stop_pid() {
  local pid=$1 grace=${2:-10} i
  untrack "$pid"
  alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "pid $pid ignored SIGTERM for ${grace}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  [ -n "$WATCHDOG" ] && { kill "$WATCHDOG" 2>/dev/null || true; wait "$WATCHDOG" 2>/dev/null || true; }
  local pids=("${TRACKED[@]}")
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    stop_pid "${pids[i]}" 10
  done
  for ((i = ${#CLEANUP_HOOKS[@]} - 1; i >= 0; i--)); do
    ${CLEANUP_HOOKS[i]} || log "cleanup step failed: ${CLEANUP_HOOKS[i]}"
  done
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$KEEP" = 1 ] || [ "$rc" != 0 ]; then
      log "kept $WORK (data dirs and logs)"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}

# install_traps MAX_S: stop everything on exit, Ctrl-C, SIGTERM, or after MAX_S seconds.
install_traps() {
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT
  trap 'log "terminated (time limit or signal)"; exit 143' TERM
  local me=$$
  (
    trap 'kill "$sp" 2>/dev/null; exit 0' TERM
    sleep "$1" & sp=$!
    wait "$sp"
    log "time limit of $1 s reached: stopping"
    kill -TERM "$me" 2>/dev/null
  ) &
  WATCHDOG=$!
}

# run_wait CMD...: runs CMD (an external command, not a function) in the background and waits
# for it, so that a signal (or the watchdog) interrupts the wait at once and cleanup stops CMD
# too. Returns CMD's status.
run_wait() {
  local pid rc=0
  "$@" &
  pid=$!
  track "$pid"
  wait "$pid" || rc=$?
  untrack "$pid"
  return "$rc"
}

# make_work NAME: a fresh temporary folder for this run, on the disk of $TMPDIR (default /tmp).
make_work() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
}

# build_if_needed NO_BUILD [NEED_CLI]: builds the whole project (./mvnw -q -DskipTests package)
# when a jar is missing or a main source is newer than the bench jar. With NO_BUILD=1 it only
# checks that the jars exist (and says so if they look older than the sources).
build_if_needed() {
  local jar="$BENCH_DIR/target/basalt-bench.jar" cli="$ROOT/cli/target/basalt-cli.jar" missing=0 stale=0
  # Maven may leave an up-to-date jar untouched: a stamp records the last build by a script.
  local stamp="$BENCH_DIR/target/.built-by-bench-script" ref
  ref=$jar
  [ "$stamp" -nt "$jar" ] && ref=$stamp
  if [ ! -f "$jar" ] || [ ! -d "$BENCH_DIR/target/lib" ]; then missing=1; fi
  if [ "${2:-1}" = 1 ] && { [ ! -f "$cli" ] || [ ! -d "$ROOT/cli/target/lib" ]; }; then missing=1; fi
  if [ "$missing" = 0 ] && { [ -n "$(find "$ROOT" -path '*/src/main/*' -newer "$ref" -type f -print -quit 2>/dev/null)" ] \
       || [ "$ROOT/pom.xml" -nt "$ref" ] || [ "$BENCH_DIR/pom.xml" -nt "$ref" ]; }; then
    stale=1
  fi
  if [ "$1" = 1 ]; then
    [ "$missing" = 0 ] || die "--no-build given but the jars are missing: run ./mvnw -q -DskipTests package"
    [ "$stale" = 0 ] || log "warning: some sources are newer than the jars (--no-build: using the jars as they are)"
    return 0
  fi
  if [ "$missing" = 1 ] || [ "$stale" = 1 ]; then
    log "building: ./mvnw -q -B -DskipTests package"
    local started
    started="$(mktemp)"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package) >&2 || { rm -f "$started"; die "build failed"; }
    # Stamped with the build's start time: a source edited during the build stays newer.
    touch -r "$started" "$stamp"
    rm -f "$started"
  fi
}

# The command line of the bench's Java programs: "${BENCH_JAVA[@]}" io.basalt.bench.X ... (an
# array, not a function, so that a background job's pid is the JVM's own and cleanup stops it).
BENCH_JAVA=("$JAVA" --enable-native-access=ALL-UNNAMED "${BENCH_JAVA_OPTS[@]}" -cp "$BENCH_CP")

# port_free PORT: nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_ports_free() {
  local p
  for p in "$@"; do
    port_free "$p" || die "port $p on 127.0.0.1 is in use (a demo cluster or an earlier run?)"
  done
}

# ---- Basalt cluster -------------------------------------------------------------------------
# The nodes run the same command as `./basalt start ...` (same JVM flags, jar, class path and
# main class), without the launcher's rebuild check, so that a source edited during a run never
# starts a build in the middle of a measurement.

declare -A NODE_PID=()
declare -A NODE_PORT=()
declare -A NODE_SQL_PORT=()  # set before start_basalt to give nodes --sql-listen 127.0.0.1:PORT
NODE_IDS=()
BASALT_ENDPOINTS=""
BASALT_DIR=""
BASALT_REPLICATION=""

# basalt_cluster DIR N BASE_PORT [REPLICATION]: defines the nodes (n1..nN on BASE_PORT..).
basalt_cluster() {
  local i
  BASALT_DIR=$1
  BASALT_REPLICATION=${4:-}
  NODE_IDS=()
  BASALT_ENDPOINTS=""
  for ((i = 1; i <= $2; i++)); do
    NODE_IDS+=("n$i")
    NODE_PORT[n$i]=$(($3 + i - 1))
    BASALT_ENDPOINTS+="${BASALT_ENDPOINTS:+,}n$i=127.0.0.1:$(($3 + i - 1))"
  done
  mkdir -p "$BASALT_DIR"
}

node_cmd() {
  local id=$1
  NODE_CMD=("$JAVA" --enable-native-access=ALL-UNNAMED -XX:MaxGCPauseMillis=50 "${NODE_JAVA_OPTS[@]}" -cp "$CLI_CP" io.basalt.cli.Main
    start --id "$id" --listen "127.0.0.1:${NODE_PORT[$id]}" --peers "$BASALT_ENDPOINTS"
    --data-dir "$BASALT_DIR/$id")
  [ -n "$BASALT_REPLICATION" ] && NODE_CMD+=(--replication "$BASALT_REPLICATION")
  [ -n "${NODE_SQL_PORT[$id]:-}" ] && NODE_CMD+=(--sql-listen "127.0.0.1:${NODE_SQL_PORT[$id]}")
  NODE_CMD+=("${NODE_FLAGS[@]}")
  return 0
}

start_node() {
  local id=$1
  node_cmd "$id"
  echo "# $(date -Is) ${NODE_CMD[*]}" >> "$BASALT_DIR/$id.log"
  "${NODE_CMD[@]}" >> "$BASALT_DIR/$id.log" 2>&1 &
  NODE_PID[$id]=$!
  track "${NODE_PID[$id]}"
}

start_basalt() {
  local id
  for id in "${NODE_IDS[@]}"; do require_ports_free "${NODE_PORT[$id]}" ${NODE_SQL_PORT[$id]:+"${NODE_SQL_PORT[$id]}"}; done
  for id in "${NODE_IDS[@]}"; do start_node "$id"; done
  log "basalt: started ${NODE_IDS[*]} (pids $(for id in "${NODE_IDS[@]}"; do printf '%s ' "${NODE_PID[$id]}"; done)) data in $BASALT_DIR"
}

stop_basalt() {
  local id
  for id in "${NODE_IDS[@]}"; do
    [ -n "${NODE_PID[$id]:-}" ] && stop_pid "${NODE_PID[$id]}" 15
  done
  return 0
}

# wait_leader WAIT_S [--all]: sets LEADER (e.g. n2) and LEADER_LINE ("leader=n2 term=T pid=P");
# fails if there is no leader in time.
LEADER=""
LEADER_LINE=""
wait_leader() {
  local id
  for id in "${NODE_IDS[@]}"; do
    if [ -n "${NODE_PID[$id]:-}" ] && ! alive "${NODE_PID[$id]}"; then
      log "node $id (pid ${NODE_PID[$id]}) is not running; last lines of its log:"
      tail -n 20 "$BASALT_DIR/$id.log" >&2
      return 1
    fi
  done
  LEADER=""
  LEADER_LINE=""
  run_wait "${BENCH_JAVA[@]}" io.basalt.bench.ClusterProbe --endpoints "$BASALT_ENDPOINTS" --wait-s "$1" "${@:2}" \
    > "$BASALT_DIR/leader.out" || return 1
  LEADER_LINE="$(grep '^leader=' "$BASALT_DIR/leader.out" | tail -n 1)"
  LEADER="$(sed -n 's/^leader=\([^ ]*\).*/\1/p' <<< "$LEADER_LINE")"
  [ -n "$LEADER" ]
}

# vm_rss_kb PID: resident set size in kB, from /proc/PID/status.
vm_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
vm_hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
