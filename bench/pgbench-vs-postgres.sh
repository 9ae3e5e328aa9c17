#!/usr/bin/env bash
# The stock pgbench (PostgreSQL 15) against three targets started by this script, measured in
# the same run on the same machine (127.0.0.1, fsync on everywhere):
#   pg-single  PostgreSQL 15, one node, synchronous_commit=on;
#   pg-sync    PostgreSQL 15 leader + 2 streaming standbys (pg_basebackup -R, application_name
#              s1 and s2), synchronous_standby_names = 'ANY 1 (s1, s2)', synchronous_commit=on:
#              a commit waits for the leader's flush and one standby's flush, as a Raft commit
#              waits for a majority of 3. pg_stat_replication must show both standbys streaming,
#              at least one with sync_state quorum (the script waits up to 15 s for both), before
#              anything is measured;
#   basalt     3 Basalt nodes (--replication sync, --sql-listen on each), pgbench connected to
#              the Raft leader's SQL port (found again before a run whenever an election was won).
#
# Each target gets `pgbench -i -s SCALE` (with -I STEPS when --init-steps is given, e.g. dtGvp
# to generate the rows on the server instead of sending them with COPY); then for each script
# of --scripts, each count C of --clients, and each target in turn:
#   pgbench -n -c C -j min(C,2) -T SECONDS -M MODE --max-tries 10 --failures-detailed -P N
#           -b SCRIPT --log
# tpcb = built-in tpcb-like, select = select-only (-S), simple-update (-N). Reported: tps
# (without initial connection time), latency average, p99 latency (nearest rank over the
# per-transaction log's successful transactions, column 3, microseconds), failed transactions
# (serialization or deadlock errors still failing after 10 tries), and Basalt's tps over each
# PostgreSQL target's. A run in which a client aborted (any other error: it stops that client)
# is reported as failed with pgbench's error. After every tpcb run: sum(abalance), sum(tbalance)
# and sum(bbalance) must each equal sum(delta) of pgbench_history (ok / MISMATCH lines).
#
# Before each run, PostgreSQL targets get `vacuum pgbench_branches`, `vacuum pgbench_tellers`
# and a CHECKPOINT (not measured); pgbench runs with -n so that pgbench_history is never
# truncated and the sums above stay comparable over the whole run. If `pgbench -i` fails on a
# target, the script goes on with the others and reports that target's rows as failed with the
# error. Outputs in bench/out/: pgbench-vs-postgres-<date>.txt (header, raw result lines, the
# pgbench outputs, the tables) and pgbench-vs-postgres-<date>-<script>.svg (tps vs clients, one
# line per target), copied to --plot-dir DIR as pgbench-vs-postgres-<script>.svg. The exit
# status is 1 if any run or check failed, also when the tables and plots were written.
#
# Usage: bench/pgbench-vs-postgres.sh [--scale 10] [--clients 1,8,32,64] [--scripts tpcb,select]
#          [--seconds 30] [--mode prepared] [--targets pg-single,pg-sync,basalt] [--progress-s 5]
#          [--init-timeout-s 300+90*SCALE] [--init-steps dtgvp] [--plot-dir DIR] [--pg-port 25442]
#          [--basalt-port 7111] [--sql-port 25511] [--pg-bin /usr/lib/postgresql/15/bin]
#          [--no-build] [--keep] [--max-s SECONDS]
#        bench/pgbench-vs-postgres.sh --replot bench/out/pgbench-vs-postgres-<date>.txt [--plot-dir DIR]
#          (tables and plots again from an earlier run's raw file, with that run's settings)
# Ports (127.0.0.1, below 32768): pg-single on --pg-port, the pg-sync leader on --pg-port+1 and
#   its standbys on +2 and +3; Basalt nodes n1..n3 on --basalt-port.. (node protocol) and
#   --sql-port.. (SQL).
# Environment: TMPDIR (where every data dir and the pgbench logs go), BASALT_JAVA_OPTS (node JVM
#   options; -Xmx4g when unset, so that the heap limit, and with it RSS, is the same from run to
#   run), BASALT_NODE_FLAGS (extra `basalt start` flags, e.g. "--election-timeout-ms 1000"),
#   BENCH_JAVA_OPTS (the leader probe). Run as root, PostgreSQL runs as the OS user
#   postgres (runuser), in folders of the run's temporary folder that it owns.
set -euo pipefail
: "${BASALT_JAVA_OPTS:=-Xmx4g}"
export BASALT_JAVA_OPTS
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMMAND="bench/pgbench-vs-postgres.sh$(printf ' %q' "$@")"
SCALE=10
CLIENTS_LIST=1,8,32,64
SCRIPTS=tpcb,select
DURATION=30
MODE=prepared
TARGETS=pg-single,pg-sync,basalt
PROGRESS_S=5
INIT_TIMEOUT_S=""
INIT_STEPS=""
PLOT_DIR=""
REPLOT=""
PG_PORT=25442
BASALT_PORT=7111
SQL_PORT=25511
PG_BIN=/usr/lib/postgresql/15/bin
NO_BUILD=0
MAX_S=""
MAX_TRIES=10

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift ;;
    --clients) CLIENTS_LIST=$2; shift ;;
    --scripts) SCRIPTS=$2; shift ;;
    --seconds) DURATION=$2; shift ;;
    --mode) MODE=$2; shift ;;
    --targets) TARGETS=$2; shift ;;
    --progress-s) PROGRESS_S=$2; shift ;;
    --init-timeout-s) INIT_TIMEOUT_S=$2; shift ;;
    --init-steps) INIT_STEPS=$2; shift ;;
    --plot-dir) PLOT_DIR=$2; shift ;;
    --replot) REPLOT=$2; shift ;;
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
: "${INIT_TIMEOUT_S:=$((300 + 90 * SCALE))}"
for v in "$SCALE" "$DURATION" "$PROGRESS_S" "$INIT_TIMEOUT_S" "$PG_PORT" "$BASALT_PORT" "$SQL_PORT"; do
  [[ "$v" =~ ^[0-9]+$ ]] || die "expected a number, got '$v' (see --help)"
done
[[ "$INIT_STEPS" =~ ^[dtgGvpf]*$ ]] || die "--init-steps takes pgbench -I letters (dtgGvpf)"
[ "$SCALE" -gt 0 ] && [ "$DURATION" -gt 0 ] && [ "$PROGRESS_S" -gt 0 ] || die "--scale, --seconds and --progress-s must be positive"
[[ "$CLIENTS_LIST" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--clients takes a comma list of positive numbers"
[[ "$SCRIPTS" =~ ^(tpcb|select|simple-update)(,(tpcb|select|simple-update))*$ ]] \
  || die "--scripts takes a comma list of tpcb, select, simple-update"
[[ "$TARGETS" =~ ^(pg-single|pg-sync|basalt)(,(pg-single|pg-sync|basalt))*$ ]] \
  || die "--targets takes a comma list of pg-single, pg-sync, basalt"
case "$MODE" in simple|extended|prepared) ;; *) die "--mode takes simple, extended or prepared" ;; esac
for p in $((PG_PORT + 3)) $((BASALT_PORT + 2)) $((SQL_PORT + 2)); do
  [ "$p" -lt 32768 ] || die "ports must stay below 32768"
done
for tool in initdb pg_ctl postgres pg_basebackup psql; do
  [ -x "$PG_BIN/$tool" ] || die "$PG_BIN/$tool is missing: apt-get install -y postgresql-15, or --pg-bin DIR"
done
PGBENCH="$PG_BIN/pgbench"
[ -x "$PGBENCH" ] || PGBENCH="$(command -v pgbench || true)"
[ -n "$PGBENCH" ] || die "no pgbench in $PG_BIN or on PATH: apt-get install -y postgresql-client-15"
if [ -n "$PLOT_DIR" ]; then
  mkdir -p "$PLOT_DIR" || die "cannot create --plot-dir $PLOT_DIR"
  PLOT_DIR="$(cd "$PLOT_DIR" && pwd)"
fi
IFS=, read -r -a CLIENT_COUNTS <<< "$CLIENTS_LIST"
IFS=, read -r -a SCRIPT_LIST <<< "$SCRIPTS"
IFS=, read -r -a TARGET_LIST <<< "$TARGETS"
has_target() { [[ ",$TARGETS," == *",$1,"* ]]; }
RUNS=$(( ${#SCRIPT_LIST[@]} * ${#CLIENT_COUNTS[@]} * ${#TARGET_LIST[@]} ))

# ---- report ---------------------------------------------------------------------------------
builtin_of() {
  case "$1" in tpcb) echo tpcb-like ;; select) echo select-only ;; simple-update) echo simple-update ;; esac
}

# One table per script: a row per target and client count; Basalt's rows carry its tps over
# pg-single's and pg-sync's at the same client count.
report_tables() {
  for script in "${SCRIPT_LIST[@]}"; do
    echo
    echo "pgbench -b $(builtin_of "$script"), scale $SCALE, $DURATION s, -M $MODE, --max-tries $MAX_TRIES"
    printf '%-10s %7s %10s %9s %9s %8s %8s %9s %9s\n' target clients tps avg_ms p99_ms failed retried vs_single vs_sync
    awk -v script="$script" -v clients="$CLIENTS_LIST" -v targets="$TARGETS" '
      function val(k,   m) { return match($0, " " k "=[^ ]*") ? substr($0, RSTART + length(k) + 2, RLENGTH - length(k) - 2) : "" }
      $1 == "pgbench" && val("script") == script {
        key = val("target") SUBSEP val("clients")
        st[key] = val("status"); tps[key] = val("tps"); avg[key] = val("avg_ms"); p99[key] = val("p99_ms")
        failed[key] = val("failed"); retried[key] = val("retried"); mark[key] = val("leader_changed") == "yes" ? " *" : ""
        e = index($0, " error="); err[key] = e ? substr($0, e + 7) : ""
      }
      function ratio(a, b) { return (b + 0 > 0 && a != "NaN") ? sprintf("%.2fx", a / b) : "-" }
      END {
        nc = split(clients, cs, ","); nt = split(targets, ts, ",")
        for (i = 1; i <= nt; i++) for (j = 1; j <= nc; j++) {
          t = ts[i]; c = cs[j]; key = t SUBSEP c
          if (!(key in st)) continue
          if (st[key] != "ok") { printf "%-10s %7s  failed: %s\n", t, c, err[key]; continue }
          vs1 = vs2 = ""
          if (t == "basalt") {
            k1 = "pg-single" SUBSEP c; k2 = "pg-sync" SUBSEP c
            vs1 = (k1 in st && st[k1] == "ok") ? ratio(tps[key], tps[k1]) : "-"
            vs2 = (k2 in st && st[k2] == "ok") ? ratio(tps[key], tps[k2]) : "-"
          }
          printf "%-10s %7s %10.1f %9.3f %9.3f %8s %8s %9s %9s%s\n", t, c, tps[key], avg[key], p99[key], failed[key], retried[key], vs1, vs2, mark[key]
          if (mark[key] != "") marked = 1
        }
        if (marked) print "(* a Basalt election was won during the run)"
      }' "$OUT"
  done
  if grep -q '^memory ' "$OUT"; then
    echo
    echo "Basalt nodes' resident size ($(grep -m 1 '^memory ' "$OUT" | sed 's/.* when=//'); node JVM options: $(sed -n 's/^# basalt: 3 nodes .*node JVM options: //p' "$OUT"))"
    awk '$1 == "memory" {
      n = ""; r = ""; h = ""
      for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "node") n = kv[2]; if (kv[1] == "vm_rss_kb") r = kv[2]; if (kv[1] == "vm_hwm_kb") h = kv[2] }
      if (r == "") printf "%-4s exited\n", n
      else printf "%-4s VmRSS %7.1f MB  VmHWM %7.1f MB\n", n, r / 1024, h / 1024
    }' "$OUT"
  fi
  if grep -q '^consistency ' "$OUT"; then
    echo
    echo "consistency after each tpcb run: $(grep -c '^consistency .*status=ok' "$OUT") ok, $(grep '^consistency ' "$OUT" | grep -vc 'status=ok') not ok"
    grep '^consistency ' "$OUT" | grep -v 'status=ok' || true
  fi
}

# plot_svg SCRIPT: tps against clients (log scale, the client counts as ticks), one line per
# target, from the `pgbench` lines of $OUT. Plain SVG written by awk: no plotting library needed.
plot_svg() {
  local script=$1 machine commit
  machine="$(sed -n '1s/^# pgbench-vs-postgres [^ ]* on \([^:]*\): \([0-9]*\) cores.*/\1, \2 cores/p' "$OUT")"
  commit="$(sed -n 's/^# commit: //p' "$OUT")"
  awk -v script="$script" -v title="pgbench $(builtin_of "$script"), scale $SCALE, $DURATION s per point, -M $MODE" \
      -v subtitle="$machine, $STAMP, commit $commit" -v clients="$CLIENTS_LIST" -v targets="$TARGETS" '
    function val(k) { return match($0, " " k "=[^ ]*") ? substr($0, RSTART + length(k) + 2, RLENGTH - length(k) - 2) : "" }
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
    function xpos(c) { return (nc == 1 || cmax == cmin) ? L + W / 2 : L + PAD + (log(c) - log(cmin)) / (log(cmax) - log(cmin)) * (W - 2 * PAD) }
    function ypos(v) { return T + H - v / ymax * H }
    $1 == "pgbench" && val("script") == script && val("status") == "ok" {
      tps[val("target"), val("clients")] = val("tps") + 0
      if (val("tps") + 0 > top) top = val("tps") + 0
    }
    END {
      L = 80; T = 60; W = 520; H = 320; R = 200; B = 60; PAD = 20
      nc = split(clients, cs, ","); nt = split(targets, ts, ",")
      cmin = cmax = cs[1] + 0
      for (j = 1; j <= nc; j++) { if (cs[j] + 0 < cmin) cmin = cs[j] + 0; if (cs[j] + 0 > cmax) cmax = cs[j] + 0 }
      if (top <= 0) top = 1
      raw = top * 1.1 / 5; p = 1; while (p * 10 <= raw) p *= 10; while (p > raw && p > 1e-9) p /= 10
      step = (raw <= p) ? p : (raw <= 2 * p) ? 2 * p : (raw <= 5 * p) ? 5 * p : 10 * p
      ymax = step * int(top * 1.1 / step + 0.999999); if (ymax < top) ymax += step
      color["pg-single"] = "#1f77b4"; color["pg-sync"] = "#ff7f0e"; color["basalt"] = "#2ca02c"
      dash["pg-single"] = ""; dash["pg-sync"] = " stroke-dasharray=\"6 3\""; dash["basalt"] = ""
      printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", L + W + R, T + H + B, L + W + R, T + H + B
      printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      printf "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", L, esc(title)
      printf "<text x=\"%d\" y=\"40\" fill=\"#555\">%s</text>\n", L, esc(subtitle)
      for (v = 0; v <= ymax + step / 2; v += step) {
        y = ypos(v)
        printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, y, L + W, y
        printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 6, y + 4, (v == int(v) ? sprintf("%d", v) : sprintf("%g", v))
      }
      for (j = 1; j <= nc; j++) {
        x = xpos(cs[j])
        printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>\n", x, T, x, T + H
        printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>\n", x, T + H, x, T + H + 5
        printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, T + H + 19, cs[j]
      }
      printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", L, T + H, L + W, T + H
      printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", L, T, L, T + H
      printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">clients (pgbench -c, log scale)</text>\n", L + W / 2, T + H + 42
      printf "<text transform=\"translate(%d %d) rotate(-90)\" text-anchor=\"middle\">transactions/s (tps)</text>\n", 20, T + H / 2
      ly = T + 10
      for (i = 1; i <= nt; i++) {
        t = ts[i]; pts = ""; n = 0
        for (j = 1; j <= nc; j++) if ((t, cs[j]) in tps) { n++; pts = pts sprintf("%.1f,%.1f ", xpos(cs[j]), ypos(tps[t, cs[j]])) }
        if (n > 1) printf "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>\n", color[t], dash[t], pts
        for (j = 1; j <= nc; j++) if ((t, cs[j]) in tps)
          printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s, %s clients: %.0f tps</title></circle>\n", xpos(cs[j]), ypos(tps[t, cs[j]]), color[t], t, cs[j], tps[t, cs[j]]
        label = t (n == 0 ? " (no result)" : n < nc ? sprintf(" (%d of %d failed)", nc - n, nc) : "")
        printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>\n", L + W + 15, ly, L + W + 40, ly, color[t], dash[t]
        printf "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>\n", L + W + 27, ly, color[t]
        printf "<text x=\"%d\" y=\"%d\">%s</text>\n", L + W + 46, ly + 4, esc(label)
        ly += 20
      }
      printf "</svg>\n"
    }' "$OUT"
}

# write_plots: one SVG per script next to $OUT, copied to --plot-dir.
write_plots() {
  local script
  PLOTS=()
  for script in "${SCRIPT_LIST[@]}"; do
    plot_svg "$script" > "$OUT_BASE-$script.svg"
    PLOTS+=("$OUT_BASE-$script.svg")
    if [ -n "$PLOT_DIR" ]; then cp "$OUT_BASE-$script.svg" "$PLOT_DIR/pgbench-vs-postgres-$script.svg"; fi
  done
}

# --replot FILE: the tables and plots of an earlier run's raw file, with that run's settings.
if [ -n "$REPLOT" ]; then
  [ -f "$REPLOT" ] || die "no file $REPLOT"
  OUT="$REPLOT"
  OUT_BASE="${REPLOT%.txt}"
  STAMP="$(sed -n '1s/^# pgbench-vs-postgres \([^ ]*\) .*/\1/p' "$OUT")"
  settings="$(grep -m 1 '^# scale=' "$OUT")" || die "$REPLOT has no '# scale=...' header line"
  for kv in ${settings#\# }; do
    case "$kv" in
      scale=*) SCALE=${kv#*=} ;; clients=*) CLIENTS_LIST=${kv#*=} ;; scripts=*) SCRIPTS=${kv#*=} ;;
      seconds=*) DURATION=${kv#*=} ;; mode=*) MODE=${kv#*=} ;; max_tries=*) MAX_TRIES=${kv#*=} ;;
      targets=*) TARGETS=${kv#*=} ;;
    esac
  done
  IFS=, read -r -a SCRIPT_LIST <<< "$SCRIPTS"
  report_tables
  write_plots
  log "plots: ${PLOTS[*]}${PLOT_DIR:+ (copied to $PLOT_DIR)}"
  exit 0
fi

# Bound: build + starts (three PostgreSQL data dirs, two base backups, three JVMs) + inits
# (PostgreSQL loads scale 10 in seconds; Basalt's is bounded by --init-timeout-s) + every run
# with its pre-run vacuum, checks and p99 sort, with a margin.
: "${MAX_S:=$((900 + 300 + 2 * (60 + 10 * SCALE) + INIT_TIMEOUT_S + RUNS * (DURATION + 90) + 300))}"

install_traps "$MAX_S"
mkdir -p "$BENCH_DIR/out"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT_BASE="$BENCH_DIR/out/pgbench-vs-postgres-$STAMP"
OUT="$OUT_BASE.txt"
make_work pgbench-vs-postgres
log "work folder $WORK; results to $OUT"

has_target basalt && build_if_needed "$NO_BUILD" 1

# ---- PostgreSQL -----------------------------------------------------------------------------
# pg_ctl's servers are not our children: cleanup stops them through stop_pg.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ] && { has_target pg-single || has_target pg-sync; }; then
  id postgres > /dev/null 2>&1 || die "PostgreSQL refuses to run as root and there is no OS user postgres"
  chmod 711 "$WORK"
fi
declare -A PG_DIR=()     # instance (single, leader, s1, s2) -> its folder (data/, logs, socket)
declare -A PG_PORT_OF=()
declare -A PG_UP=()

# pg_folder NAME PORT: a folder owned by postgres for instance NAME.
pg_folder() {
  PG_DIR[$1]="$WORK/pg-$1"
  PG_PORT_OF[$1]=$2
  require_ports_free "$2"
  mkdir -p "${PG_DIR[$1]}"
  [ "$(id -u)" = 0 ] && chown postgres: "${PG_DIR[$1]}"
  return 0
}

# pg_conf NAME SETTING...: appends settings to NAME's postgresql.conf (the last one wins).
pg_conf() {
  local name=$1 s
  shift
  for s in "$@"; do echo "$s"; done >> "${PG_DIR[$name]}/data/postgresql.conf"
}

pg_initdb() {
  local name=$1
  # Syncing initdb's files only slows the start; the servers themselves run with fsync on.
  as_pg "$PG_BIN/initdb" -D "${PG_DIR[$name]}/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync \
    --no-instructions > "${PG_DIR[$name]}/initdb.log" 2>&1 || { tail -n 20 "${PG_DIR[$name]}/initdb.log" >&2; die "initdb ($name) failed"; }
}

# The settings every instance runs with; a standby's copy of the leader's file gets its own port.
pg_common_conf() {
  pg_conf "$1" "# set by bench/pgbench-vs-postgres.sh" "port = ${PG_PORT_OF[$1]}" "listen_addresses = '127.0.0.1'" \
    "unix_socket_directories = '${PG_DIR[$1]}'" "fsync = on" "synchronous_commit = on" "shared_buffers = 128MB" \
    "max_connections = 200"
}

pg_start() {
  local name=$1
  CLEANUP_HOOKS+=("stop_pg $name")
  PG_UP[$name]=1
  as_pg "$PG_BIN/pg_ctl" start -D "${PG_DIR[$name]}/data" -l "${PG_DIR[$name]}/postgres.log" -w -t 120 \
    > "${PG_DIR[$name]}/pg_ctl.log" 2>&1 || { tail -n 20 "${PG_DIR[$name]}/postgres.log" >&2; die "PostgreSQL ($name) did not start"; }
  log "postgres $name: pid $(head -n 1 "${PG_DIR[$name]}/data/postmaster.pid") on 127.0.0.1:${PG_PORT_OF[$name]}, data in ${PG_DIR[$name]}/data"
}

stop_pg() {
  local name=$1
  [ "${PG_UP[$name]:-0}" = 1 ] || return 0
  PG_UP[$name]=0
  as_pg "$PG_BIN/pg_ctl" stop -D "${PG_DIR[$name]}/data" -m fast -w -t 30 > /dev/null 2>&1 \
    || as_pg "$PG_BIN/pg_ctl" stop -D "${PG_DIR[$name]}/data" -m immediate -w > /dev/null 2>&1
}

# psql_at PORT SQL...: one line per statement, unaligned; fails on the first error.
psql_at() {
  local port=$1 s args=()
  shift
  for s in "$@"; do args+=(-c "$s"); done
  timeout -k 5 120 "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "${args[@]}"
}

start_pg_single() {
  pg_folder single "$PG_PORT"
  pg_initdb single
  pg_common_conf single
  pg_start single
}

# The leader starts with synchronous_standby_names set: nothing commits on it until a standby
# streams, and pg_basebackup needs no commit.
start_pg_sync() {
  local s port i
  pg_folder leader $((PG_PORT + 1))
  pg_initdb leader
  pg_common_conf leader
  pg_conf leader "wal_level = replica" "max_wal_senders = 10" "synchronous_standby_names = 'ANY 1 (s1, s2)'"
  pg_start leader
  i=2
  for s in s1 s2; do
    port=$((PG_PORT + i))
    i=$((i + 1))
    pg_folder "$s" "$port"
    as_pg "$PG_BIN/pg_basebackup" -D "${PG_DIR[$s]}/data" -h 127.0.0.1 -p "${PG_PORT_OF[leader]}" -U postgres \
      -R -X stream -c fast > "${PG_DIR[$s]}/basebackup.log" 2>&1 \
      || { tail -n 20 "${PG_DIR[$s]}/basebackup.log" >&2; die "pg_basebackup for $s failed"; }
    pg_common_conf "$s"
    pg_conf "$s" "synchronous_standby_names = ''"
    # pg_basebackup -R wrote a primary_conninfo without an application_name; this one wins.
    echo "primary_conninfo = 'host=127.0.0.1 port=${PG_PORT_OF[leader]} user=postgres application_name=$s'" \
      >> "${PG_DIR[$s]}/data/postgresql.auto.conf"
    pg_start "$s"
  done
}

# wait_replication WAIT_S: both standbys streaming to the leader, at least one with sync_state
# quorum. A standby that has just connected can show async for a moment, so this waits up to
# 15 s for both to show quorum before it settles for one. Leaves pg_stat_replication's rows in
# REPLICATION.
REPLICATION=""
wait_replication() {
  local start=$SECONDS deadline=$((SECONDS + $1))
  while :; do
    REPLICATION="$(psql_at "${PG_PORT_OF[leader]}" "select application_name, state, sync_state from pg_stat_replication order by 1" 2>&1 || true)"
    if [ "$(grep -c '^s[12]|streaming|' <<< "$REPLICATION")" = 2 ]; then
      [ "$(grep -c '|quorum$' <<< "$REPLICATION")" = 2 ] && return 0
      grep -q '|quorum$' <<< "$REPLICATION" && [ $((SECONDS - start)) -ge 15 ] && return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
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

# Elections won so far, from the node logs.
elections() { cat "$BASALT_DIR"/n*.log 2>/dev/null | grep -c ': LEADER in term' || true; }

# ---- targets --------------------------------------------------------------------------------
declare -A TARGET_ERROR=()  # target -> why it cannot be measured (empty: it can)
BASALT_UP=0
ELECTIONS_SEEN=0

# target_port TARGET: the port pgbench and psql use; for Basalt the current leader's SQL port.
target_port() {
  case "$1" in
    pg-single) echo "${PG_PORT_OF[single]}" ;;
    pg-sync) echo "${PG_PORT_OF[leader]}" ;;
    basalt) echo "${NODE_SQL_PORT[$LEADER]}" ;;
  esac
}

# basalt_leader: asks the cluster for its leader again when an election was won since the last
# time (a busy machine sometimes changes it); fails if there is none within 30 s.
basalt_leader() {
  [ "$(elections)" = "$ELECTIONS_SEEN" ] && [ -n "$LEADER" ] && return 0
  if wait_leader 30; then
    ELECTIONS_SEEN="$(elections)"
    log "basalt: $LEADER_LINE (SQL port ${NODE_SQL_PORT[$LEADER]})"
    echo "# basalt: $LEADER_LINE; pgbench connects to its SQL port ${NODE_SQL_PORT[$LEADER]}" >> "$OUT"
  else
    LEADER=""
    KEEP=1
    log "basalt: no leader within 30 s"
    return 1
  fi
}

# first_error FILE: the first line of a pgbench output that says why it stopped.
first_error() {
  grep -m 1 -E 'aborted in command|^pgbench: (error|fatal):|ERROR:|FATAL:|could not' "$1" | cut -c1-300 || true
}

# init_target TARGET: pgbench -i -s SCALE, bounded by --init-timeout-s.
init_target() {
  local t=$1 rc=0 start=$SECONDS port err
  port="$(target_port "$t")"
  log "$t: pgbench -i -s $SCALE${INIT_STEPS:+ -I $INIT_STEPS} on port $port"
  run_wait timeout -k 10 "$INIT_TIMEOUT_S" "$PGBENCH" -i -s "$SCALE" ${INIT_STEPS:+-I "$INIT_STEPS"} -h 127.0.0.1 -p "$port" -U postgres postgres \
    > "$WORK/init-$t.out" 2>&1 || rc=$?
  sed "s/^/# init $t: /" "$WORK/init-$t.out" >> "$OUT"
  if [ "$rc" = 0 ]; then
    echo "init target=$t scale=$SCALE seconds=$((SECONDS - start)) status=ok" >> "$OUT"
    log "$t: initialized in $((SECONDS - start)) s"
  else
    if [ "$rc" = 124 ]; then err="pgbench -i timed out after $INIT_TIMEOUT_S s"; else err="$(first_error "$WORK/init-$t.out")"; fi
    TARGET_ERROR[$t]="init failed (exit $rc): ${err:-see $WORK/init-$t.out}"
    echo "init target=$t scale=$SCALE seconds=$((SECONDS - start)) status=failed error=${TARGET_ERROR[$t]}" >> "$OUT"
    log "$t: ${TARGET_ERROR[$t]}"
    KEEP=1
  fi
}

# The tpcb invariant: every balance sum equals the sum of the history's deltas. Runs of
# simple-update change only accounts and history: what they add to history (NONTPCB_DELTA) is
# left out of the tellers' and branches' comparison.
declare -A NONTPCB_DELTA=()
# history_sum TARGET: sum(delta) of pgbench_history, 0 when it is empty (NULL).
history_sum() {
  local v
  v="$(psql_at "$(target_port "$1")" "select sum(delta) from pgbench_history")" || return 1
  echo "${v:-0}"
}

check_consistency() {
  local t=$1 clients=$2 port out a tl b h hx table sum ref status v
  port="$(target_port "$t")"
  if ! out="$(psql_at "$port" "select sum(abalance) from pgbench_accounts" "select sum(tbalance) from pgbench_tellers" \
      "select sum(bbalance) from pgbench_branches" "select sum(delta) from pgbench_history" 2>&1)"; then
    echo "consistency target=$t clients=$clients status=ERROR error=$(tr '\n' ' ' <<< "$out" | cut -c1-300)" | tee -a "$OUT" >&9
    RC=1
    return 0
  fi
  { read -r a; read -r tl; read -r b; read -r h; } <<< "$out" || true
  a=${a:-0}; tl=${tl:-0}; b=${b:-0}; h=${h:-0}
  for v in "$a" "$tl" "$b" "$h"; do
    if ! [[ "$v" =~ ^-?[0-9]+$ ]]; then
      echo "consistency target=$t clients=$clients status=ERROR error=not integer sums: $(tr '\n' ' ' <<< "$out")" | tee -a "$OUT" >&9
      RC=1
      return 0
    fi
  done
  hx=$((h - ${NONTPCB_DELTA[$t]:-0}))
  for table in accounts tellers branches; do
    case "$table" in
      accounts) sum=$a; ref=$h ;;
      tellers) sum=$tl; ref=$hx ;;
      branches) sum=$b; ref=$hx ;;
    esac
    if [ "$sum" = "$ref" ]; then status=ok; else status=MISMATCH; RC=1; KEEP=1; fi
    echo "consistency target=$t clients=$clients table=pgbench_$table sum=$sum history_sum=$ref status=$status" | tee -a "$OUT" >&9
  done
}

# p99_ms LOG...: nearest-rank p99 of column 3 (microseconds) over successful transactions;
# failed ones say "failed" (or the error kind) there.
p99_ms() {
  awk '$3 ~ /^[0-9]+$/ { print $3 }' "$@" | sort -n | awk '
    { v[NR] = $1 }
    END { if (NR == 0) { print "NaN"; exit } i = int(NR * 0.99); if (i < NR * 0.99) i++; if (i < 1) i = 1; printf "%.3f\n", v[i] / 1000 }'
}

# pgbench_run TARGET SCRIPT CLIENTS: one measured run; appends a `pgbench ...` line to $OUT.
pgbench_run() {
  local t=$1 script=$2 c=$3 j port name dir rc=0 tps avg failed retried txns serialization deadlock p99 err status line h_before=""
  j=$((c < 2 ? c : 2))
  name="$t-$script-$c"
  dir="$WORK/runs/$name"
  line="pgbench target=$t script=$script clients=$c threads=$j seconds=$DURATION mode=$MODE"
  if [ -n "${TARGET_ERROR[$t]:-}" ]; then
    echo "$line status=failed error=${TARGET_ERROR[$t]}" | tee -a "$OUT" >&9
    RC=1
    return 0
  fi
  if [ "$t" = basalt ] && ! basalt_leader; then
    echo "$line status=failed error=no Basalt leader within 30 s" | tee -a "$OUT" >&9
    RC=1
    return 0
  fi
  mkdir -p "$dir"
  port="$(target_port "$t")"
  if [ "$t" != basalt ]; then
    psql_at "$port" "vacuum pgbench_branches" "vacuum pgbench_tellers" "checkpoint" > "$dir/prepare.out" 2>&1 \
      || log "$t: pre-run vacuum/checkpoint failed: $(head -n 1 "$dir/prepare.out")"
  fi
  [ "$script" = simple-update ] && h_before="$(history_sum "$t" 2> /dev/null || true)"
  local before_elections
  before_elections="$(elections)"
  log "$t: $script, $c clients, $DURATION s (port $port)"
  run_wait timeout -k 10 $((DURATION + 120)) "$PGBENCH" -n -c "$c" -j "$j" -T "$DURATION" -M "$MODE" \
    --max-tries "$MAX_TRIES" --failures-detailed -P "$PROGRESS_S" -b "$(builtin_of "$script")" --log --log-prefix "$dir/tx" \
    -h 127.0.0.1 -p "$port" -U postgres postgres > "$dir/pgbench.out" 2>&1 || rc=$?
  sed "s/^/# $name: /" "$dir/pgbench.out" >> "$OUT"
  tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$dir/pgbench.out")"
  avg="$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$dir/pgbench.out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$dir/pgbench.out")"
  retried="$(sed -n 's/^number of transactions retried: \([0-9]*\).*/\1/p' "$dir/pgbench.out")"
  txns="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$dir/pgbench.out")"
  serialization="$(sed -n 's/^number of serialization failures: \([0-9]*\).*/\1/p' "$dir/pgbench.out")"
  deadlock="$(sed -n 's/^number of deadlock failures: \([0-9]*\).*/\1/p' "$dir/pgbench.out")"
  local logs=("$dir"/tx.*)
  if [ -e "${logs[0]}" ]; then p99="$(p99_ms "${logs[@]}")"; else p99=NaN; fi
  status=ok
  err=""
  if [ "$rc" = 124 ]; then
    status=failed; err="pgbench did not end within $((DURATION + 120)) s"
  elif [ "$rc" != 0 ] || grep -q 'aborted in command' "$dir/pgbench.out" || [ -z "$tps" ]; then
    status=failed; err="exit $rc: $(first_error "$dir/pgbench.out")"
  fi
  line+=" status=$status tps=${tps:-NaN} avg_ms=${avg:-NaN} p99_ms=$p99 failed=${failed:-0} serialization_failures=${serialization:-0} deadlock_failures=${deadlock:-0} retried=${retried:-0} txns=${txns:-0}"
  [ "$t" = basalt ] && [ "$(elections)" != "$before_elections" ] && line+=" leader_changed=yes"
  [ -n "$err" ] && line+=" error=$err"
  echo "$line" | tee -a "$OUT" >&9
  if [ "$status" != ok ]; then
    KEEP=1
    RC=1
    tail -n 5 "$dir/pgbench.out" >&2
  fi
  if [ "$script" = simple-update ] && [ -n "$h_before" ]; then
    local h_after
    h_after="$(history_sum "$t" 2> /dev/null || true)"
    [[ "$h_after" =~ ^-?[0-9]+$ && "$h_before" =~ ^-?[0-9]+$ ]] && NONTPCB_DELTA[$t]=$(( ${NONTPCB_DELTA[$t]:-0} + ${h_after:-0} - ${h_before:-0} ))
  fi
  [ "$script" = tpcb ] && check_consistency "$t" "$c"
  return 0
}

# ---- header ---------------------------------------------------------------------------------
{
  echo "# pgbench-vs-postgres $STAMP on $(hostname): $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr), $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
  COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git -C "$ROOT" --no-optional-locks status --porcelain 2>/dev/null | head -n 1)" ]; then
    COMMIT="$COMMIT (with uncommitted changes)"
  fi
  echo "# commit: $COMMIT"
  echo "# command: $COMMAND"
  echo "# scale=$SCALE init_steps=${INIT_STEPS:-default} clients=$CLIENTS_LIST scripts=$SCRIPTS seconds=$DURATION mode=$MODE max_tries=$MAX_TRIES targets=$TARGETS data_on=$(df -P "$WORK" | awk 'NR==2 {print $1}')"
  echo "# pgbench: $("$PGBENCH" --version) ($PGBENCH), -n (no vacuum, history kept), -j min(clients,2), --log for p99"
  { has_target pg-single || has_target pg-sync; } && echo "# postgres: $("$PG_BIN/postgres" --version); every instance fsync=on synchronous_commit=on shared_buffers=128MB max_connections=200, trust auth; vacuum of branches and tellers and a CHECKPOINT before each run"
  has_target pg-single && echo "# pg-single: one node on 127.0.0.1:$PG_PORT"
  has_target pg-sync && echo "# pg-sync: leader on 127.0.0.1:$((PG_PORT + 1)), standbys s1 and s2 (pg_basebackup -R, streaming) on $((PG_PORT + 2)) and $((PG_PORT + 3)); synchronous_standby_names='ANY 1 (s1, s2)'"
  has_target basalt && echo "# basalt: 3 nodes on 127.0.0.1:$BASALT_PORT.., SQL on 127.0.0.1:$SQL_PORT.., --replication sync (fsync on), pgbench to the leader's SQL port; node JVM options: ${BASALT_JAVA_OPTS:-none}; node flags: ${BASALT_NODE_FLAGS:-none}"
  echo "# loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT"

# ---- start ----------------------------------------------------------------------------------
RC=0
# Every port is checked before anything starts, so that a clash stops the run at once.
has_target pg-single && require_ports_free "$PG_PORT"
has_target pg-sync && require_ports_free $((PG_PORT + 1)) $((PG_PORT + 2)) $((PG_PORT + 3))
has_target basalt && require_ports_free "$BASALT_PORT" $((BASALT_PORT + 1)) $((BASALT_PORT + 2)) \
  "$SQL_PORT" $((SQL_PORT + 1)) $((SQL_PORT + 2))
has_target pg-single && start_pg_single
if has_target pg-sync; then
  start_pg_sync
  if wait_replication 60; then
    log "pg-sync: pg_stat_replication: $(tr '\n' ' ' <<< "$REPLICATION")"
    sed 's/^/# pg-sync before the load: pg_stat_replication (application_name|state|sync_state): /' <<< "$REPLICATION" >> "$OUT"
  else
    TARGET_ERROR[pg-sync]="standbys not streaming with sync_state quorum after 60 s: $(tr '\n' ' ' <<< "$REPLICATION")"
    log "pg-sync: ${TARGET_ERROR[pg-sync]}"
    echo "# target pg-sync not measured: ${TARGET_ERROR[pg-sync]}" >> "$OUT"
    KEEP=1
  fi
fi
if has_target basalt; then
  start_basalt
  BASALT_UP=1
  if wait_leader 60 && wait_sql_ports 60; then
    ELECTIONS_SEEN="$(elections)"
    log "basalt: $LEADER_LINE (SQL port ${NODE_SQL_PORT[$LEADER]})"
    echo "# basalt: $LEADER_LINE; pgbench connects to its SQL port ${NODE_SQL_PORT[$LEADER]}" >> "$OUT"
  else
    TARGET_ERROR[basalt]="no leader or no SQL ports within 60 s (logs in $BASALT_DIR)"
    log "basalt: ${TARGET_ERROR[basalt]}"
    echo "# target basalt not measured: ${TARGET_ERROR[basalt]}" >> "$OUT"
    KEEP=1
  fi
fi

for t in "${TARGET_LIST[@]}"; do
  [ -z "${TARGET_ERROR[$t]:-}" ] || continue
  if [ "$t" = basalt ] && ! basalt_leader; then
    TARGET_ERROR[basalt]="no leader within 30 s before pgbench -i"
    continue
  fi
  init_target "$t"
done

# basalt_memory WHEN: every Basalt node's resident size now, as `memory` lines.
basalt_memory() {
  local id
  for id in "${NODE_IDS[@]}"; do
    if alive "${NODE_PID[$id]}"; then
      echo "memory target=basalt node=$id pid=${NODE_PID[$id]} vm_rss_kb=$(vm_rss_kb "${NODE_PID[$id]}") vm_hwm_kb=$(vm_hwm_kb "${NODE_PID[$id]}") cpu=$(ps -o cputime= -p "${NODE_PID[$id]}" | tr -d ' ') when=$1"
    else
      echo "memory target=basalt node=$id pid=${NODE_PID[$id]} status=exited when=$1"
    fi
  done >> "$OUT"
}

# A Basalt cluster that cannot be measured only takes CPU from the others.
if [ "$BASALT_UP" = 1 ] && [ -n "${TARGET_ERROR[basalt]:-}" ]; then
  basalt_memory "after its failed start or init"
  log "basalt: stopping the cluster (${TARGET_ERROR[basalt]})"
  stop_basalt
  BASALT_UP=0
fi

# ---- runs -----------------------------------------------------------------------------------
for script in "${SCRIPT_LIST[@]}"; do
  for c in "${CLIENT_COUNTS[@]}"; do
    for t in "${TARGET_LIST[@]}"; do
      pgbench_run "$t" "$script" "$c"
    done
  done
done

# ---- end ------------------------------------------------------------------------------------
if has_target pg-sync && [ "${PG_UP[leader]:-0}" = 1 ]; then
  psql_at "${PG_PORT_OF[leader]}" "select application_name, state, sync_state from pg_stat_replication order by 1" 2>&1 \
    | sed 's/^/# pg-sync after the load: pg_stat_replication (application_name|state|sync_state): /' >> "$OUT" || true
fi
if [ "$BASALT_UP" = 1 ]; then
  basalt_memory "after the load"
  stop_basalt
fi
for name in s2 s1 leader single; do stop_pg "$name"; done
echo "# loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
if has_target basalt; then
  ELECTED="$(elections)"
  if [ "${ELECTED:-0}" -gt 1 ]; then
    echo "# WARNING: Basalt leadership changed during the run ($ELECTED elections won; see the node logs): runs marked * had an election inside them" >> "$OUT"
    KEEP=1
  else
    echo "# basalt leadership: one leader for the whole run" >> "$OUT"
  fi
fi

# ---- tables and plots ----------------------------------------------------------------------
report_tables > "$WORK/table.txt"
sed 's/^/# /' "$WORK/table.txt" >> "$OUT"
write_plots

echo
sed -n '1,/^# loadavg at start/p' "$OUT" | grep -v '^# command'
grep -E '^(# target [a-z-]+ not measured|# basalt: leader=|# pg-sync (before|after) the load|init |# loadavg at end|# basalt leadership|# WARNING)' "$OUT" || true
cat "$WORK/table.txt"
echo
log "results in $OUT; plots: ${PLOTS[*]}${PLOT_DIR:+ (copied to $PLOT_DIR)}"
exit "$RC"
