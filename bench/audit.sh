#!/usr/bin/env bash
# jitgate audit overhead: the same jitgate build as a proxy with audit OFF and as a proxy with audit ON
# (every event spooled with fsync, fail-open, shipped to a `jitgate auditor` on this machine), against
# the same throwaway PostgreSQL 15 and pgbench database, interleaved OFF ON OFF ON ... per cell.
#
# Usage: bench/audit.sh [--duration S] [--reps N] [--warmup S] [--quick] [--cells REGEX]
#                       [--fsync always|interval|never] [--fsync-group-delay D] [--drain-max S]
#                       [--auditor-nice N] [--fail-closed] [--global-warmup S] [--gzip-level N] [--profile]
#                       [--keep] [--help]
#   --fsync-group-delay D  proxy.audit.spool.fsync-group-delay under fsync always (e.g. 0 = back to back; default:
#                  the configuration's default)
#   --global-warmup S  seconds of simple and of prepared load per proxy before the cells (JIT warm-up of the
#                  proxies and the auditor; default 60: after 10 s the auditor's C2 compiler threads still took
#                  31 % of its CPU, after 60 s 4.4 %; runs before 2026-11-30 used 10)
#   --gzip-level N  proxy.audit.auditor.gzip-level of the audit-on proxy (0..9; default: the configuration's, 1)
#   --fail-closed  the audit-on proxy runs fail-closed (each statement is forwarded once its event is forced)
#   --auditor-nice N  run the auditor at nice N (e.g. 19): it then mostly waits for idle CPU, as if it ran on
#                  another machine; the spool absorbs the backlog during a run and drains after it
#   --cells REGEX  only the cells whose name matches (S-simple-c1, S-simple-c8, ..., S-prepared-c32)
#   --profile      JFR recordings of the audit-on proxy and of the auditor (hot methods in the logs)
#
# Everything runs on 127.0.0.1 in a throwaway temp dir that is removed on exit:
#   PostgreSQL 15      127.0.0.1:${PG_PORT:-5433}  (scram-sha-256, role "bench", db "bench", pgbench -s 10)
#   jitgate audit off  127.0.0.1:${OFF_PORT:-6435} (metrics ${OFF_METRICS_PORT:-9188})
#   jitgate audit on   127.0.0.1:${ON_PORT:-6436}  (metrics ${ON_METRICS_PORT:-9189}; spool on the local disk)
#   jitgate auditor    127.0.0.1:${AUDITOR_PORT:-7070} (SQLite store; metrics ${AUDITOR_METRICS_PORT:-9190})
# Both proxies run for the whole benchmark; only one of them carries load at a time.
# Results: a Markdown report on stdout and in bench/out/audit-<timestamp>.md (+ raw .tsv and logs).
set -euo pipefail
{ # the whole script is one compound command: bash reads it completely before running it

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
JITGATE="${JITGATE:-$ROOT/jitgate}"
JG_SNAPSHOT="${JG_SNAPSHOT:-1}"   # 1: run the launcher's java -jar on a private copy of app/target/jitgate.jar
JITGATE_JAVA="${JITGATE_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JITGATE_WAIT=0
PG_PORT="${PG_PORT:-5433}"
OFF_PORT="${OFF_PORT:-6435}"
ON_PORT="${ON_PORT:-6436}"
OFF_METRICS_PORT="${OFF_METRICS_PORT:-9188}"
ON_METRICS_PORT="${ON_METRICS_PORT:-9189}"
AUDITOR_PORT="${AUDITOR_PORT:-7070}"
AUDITOR_METRICS_PORT="${AUDITOR_METRICS_PORT:-9190}"
SCALE="${SCALE:-10}"
BENCH_PASSWORD="${BENCH_PASSWORD:-bench-$RANDOM-$RANDOM}"
BENCH_AUDIT_TOKEN="${BENCH_AUDIT_TOKEN:-audit-$RANDOM$RANDOM$RANDOM}"

DURATION=12       # per measured run
REPS=3
WARMUP=3          # per cell and target, before the measured reps
GLOBAL_WARMUP=60  # once per target at the start (JIT warm-up), simple and prepared
FSYNC=always      # proxy.audit.spool.fsync of the audit-on proxy (the default of the configuration)
FSYNC_GROUP_DELAY=""   # proxy.audit.spool.fsync-group-delay (empty: the configuration's default)
GZIP_LEVEL=""          # proxy.audit.auditor.gzip-level (empty: the configuration's default)
FAIL_CLOSED=false      # proxy.audit.fail-closed of the audit-on proxy
DRAIN_MAX=60      # after an audit-on run, wait up to S s for the spool backlog to reach 0
AUDITOR_NICE=""   # --auditor-nice N: nice value of the auditor's threads (empty: the script's own)
KEEP=0
QUICK=0
PROFILE=0
CELLS_RE='.*'
TLS=0
# the shared machine: shorter quiet waits than run.sh, so that a full run stays under 20 minutes
QUIET_MAX="${QUIET_MAX:-5}"; QUIET_BUDGET="${QUIET_BUDGET:-120}"; RETRY_BUDGET="${RETRY_BUDGET:-8}"

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --cells) CELLS_RE="$2"; shift 2 ;;
    --fsync) FSYNC="$2"; shift 2 ;;
    --fsync-group-delay) FSYNC_GROUP_DELAY="$2"; shift 2 ;;
    --gzip-level) GZIP_LEVEL="$2"; shift 2 ;;
    --fail-closed) FAIL_CLOSED=true; shift ;;
    --global-warmup) GLOBAL_WARMUP="$2"; shift 2 ;;
    --drain-max) DRAIN_MAX="$2"; shift 2 ;;
    --auditor-nice) AUDITOR_NICE="$2"; shift 2 ;;
    --jitgate-wait) JITGATE_WAIT="$2"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  DURATION=4; REPS=1; WARMUP=1; GLOBAL_WARMUP=3
fi
case "$FSYNC" in always|interval|never) ;; *) echo "--fsync: always, interval or never" >&2; exit 2 ;; esac

TARGETS="off on"
want() { [[ "$1" =~ $CELLS_RE ]]; }
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
# shellcheck source=lib/postgres.sh
. "$HERE/lib/postgres.sh"
# shellcheck source=lib/jitgate.sh
. "$HERE/lib/jitgate.sh"

pg_check_binaries
command -v python3 >/dev/null || die "python3 is needed for the report"
command -v curl >/dev/null || die "curl is needed to read the proxies' metrics"
[ "$(id -u)" = 0 ] || die "run as root (the PostgreSQL cluster runs as postgres)"
ports_free "$PG_PORT" "$OFF_PORT" "$ON_PORT" "$OFF_METRICS_PORT" "$ON_METRICS_PORT" "$AUDITOR_PORT" "$AUDITOR_METRICS_PORT"

TS="$(date +%Y%m%d-%H%M%S)"
OUTDIR="$HERE/out"
mkdir -p "$OUTDIR"
REPORT="$OUTDIR/audit-$TS.md"
RESULTS="$OUTDIR/audit-$TS.tsv"
LOGDIR="$OUTDIR/audit-$TS-logs"
mkdir -p "$LOGDIR"
: > "$RESULTS"

# the work dir (PostgreSQL, the spool, the auditor's SQLite file) is on the root file system (ext4 here),
# not a tmpfs, so that fsync costs what it costs on a disk
WORK="$(mktemp -d /var/tmp/jitgate-audit-bench.XXXXXX)"
chmod 755 "$WORK"
PGDATA="$WORK/pgdata"
JG_DIR="$WORK/jitgate"
SPOOL_DIR="$JG_DIR/spool-on"
AUDITOR_DB="$JG_DIR/auditor/audit.db"
declare -A PID=()     # JVM pid per process: off, on, auditor
declare -A LEADER=()  # session leader (setsid) per process
declare -A JFR_FILE=()
BG_PIDS=()

bench_pids() { echo "${PID[off]:-} ${PID[on]:-} ${PID[auditor]:-}"; }

cleanup() {
  local rc=$? p
  set +e
  for p in "${BG_PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  for p in on off auditor; do stop_process "$p"; done
  pg_stop
  cp -f "$WORK"/*.log "$JG_DIR"/*.log "$JG_DIR"/*.yaml "$LOGDIR"/ 2>/dev/null
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NICE="${NICE:--10}"
renice -n "$NICE" -p $$ >/dev/null 2>&1 || NICE=0
pg_client_env

port_of() { case "$1" in off) echo "$OFF_PORT" ;; on) echo "$ON_PORT" ;; esac; }
metrics_port_of() { case "$1" in off) echo "$OFF_METRICS_PORT" ;; on) echo "$ON_METRICS_PORT" ;; auditor) echo "$AUDITOR_METRICS_PORT" ;; esac; }
scrape() { # PROCESS > metrics text
  curl -s --max-time 5 "http://127.0.0.1:$(metrics_port_of "$1")/metrics" 2>/dev/null || true
}
metric() { # PROCESS NAME: the value of the first sample of NAME (any labels), empty when absent
  scrape "$1" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { printf "%.0f\n", $NF; exit }'
}

# --------------------------------------------------------------------------------------------------
# 1. PostgreSQL
# --------------------------------------------------------------------------------------------------
log "work dir $WORK"
pg_setup

# --------------------------------------------------------------------------------------------------
# 2. jitgate: the auditor, the audit-off proxy, the audit-on proxy (one jar)
# --------------------------------------------------------------------------------------------------
JITGATE_WAIT="${JITGATE_WAIT:-0}"
jg_prepare
install -d -m 700 "$JG_DIR/auditor" "$SPOOL_DIR"
export BENCH_UPSTREAM_PASSWORD="$BENCH_PASSWORD" BENCH_AUDIT_TOKEN

proxy_config() { # NAME PORT METRICS_PORT [audit]
  cat <<EOF
proxy:
  name: $1
  worker-threads: 0
  listen: { host: 127.0.0.1, port: $2, tls: { mode: disable } }
  users:
    - name: bench
      scram-verifier: "$JG_VERIFIER"
  routes:
    - database: bench
      upstream: { host: 127.0.0.1, port: $PG_PORT, database: bench, user: bench, password: "env:BENCH_UPSTREAM_PASSWORD", sslmode: disable, minimum-auth: scram-sha-256 }
  limits: { max-connections: 2000, idle-timeout: 0s }
EOF
  if [ "${4:-}" = audit ]; then
    cat <<EOF
  audit:
    fail-closed: $FAIL_CLOSED
    spool: { directory: "$SPOOL_DIR", fsync: $FSYNC${FSYNC_GROUP_DELAY:+, fsync-group-delay: $FSYNC_GROUP_DELAY} }
    auditor: { url: "http://127.0.0.1:$AUDITOR_PORT/v1/events", token: "env:BENCH_AUDIT_TOKEN"${GZIP_LEVEL:+, gzip-level: $GZIP_LEVEL} }
EOF
  fi
  cat <<EOF
metrics: { listen: "127.0.0.1:$3" }
logging: { level: warn }
EOF
}
cat > "$JG_DIR/auditor.yaml" <<EOF
auditor:
  listen: "127.0.0.1:$AUDITOR_PORT"
  store: { sqlite: { path: "$AUDITOR_DB" } }
  ingest-tokens: [ "env:BENCH_AUDIT_TOKEN" ]
metrics: { listen: "127.0.0.1:$AUDITOR_METRICS_PORT" }
logging: { level: warn }
EOF
proxy_config bench-off "$OFF_PORT" "$OFF_METRICS_PORT" > "$JG_DIR/proxy-off.yaml"
proxy_config bench-on "$ON_PORT" "$ON_METRICS_PORT" audit > "$JG_DIR/proxy-on.yaml"

start_process() { # NAME PORT ROLE CONFIG
  local name="$1" port="$2" role="$3" cfg="$4" java jcmd
  log "starting jitgate $role ($name) on 127.0.0.1:$port"
  echo "=== $(date -Is) start $role --config $cfg" >> "$JG_DIR/$name.log"
  jg_spawn "$JG_DIR/$name.log" "$role" --config "$cfg"
  LEADER[$name]="$JG_SPAWNED"
  if ! wait_port "$port" 600; then
    tail -50 "$JG_DIR/$name.log" >&2; die "jitgate $role did not listen on $port"
  fi
  PID[$name]="$(listener_pid "$port")"
  [ -n "${PID[$name]}" ] || die "cannot find the jitgate $role process"
  java="$(readlink -f "/proc/${PID[$name]}/exe")"
  JCMD="$(dirname "$java")/jcmd"; JFR="$(dirname "$java")/jfr"
  log "  $name: JVM pid ${PID[$name]}"
  if [ "$PROFILE" = 1 ] && [ "$name" != off ]; then
    JFR_FILE[$name]="$LOGDIR/$name.jfr"
    timeout 60 "$JCMD" "${PID[$name]}" JFR.start name=bench settings=profile filename="${JFR_FILE[$name]}" >/dev/null 2>&1 \
      || log "WARNING: JFR.start failed for $name"
  fi
}
jfr_dump() { # NAME: hot methods of its recording into the logs
  local name="$1" f="${JFR_FILE[$1]:-}"
  [ -n "$f" ] && [ -n "${PID[$name]:-}" ] || return 0
  timeout 120 "$JCMD" "${PID[$name]}" JFR.dump name=bench filename="$f" >/dev/null 2>&1 || return 0
  timeout 300 "$JFR" view --width 200 hot-methods "$f" > "${f%.jfr}-hot-methods.txt" 2>&1 || true
  timeout 300 "$JFR" view --width 200 allocation-by-site "$f" > "${f%.jfr}-allocation.txt" 2>&1 || true
  timeout 300 "$JFR" print --events jdk.ExecutionSample --stack-depth 64 "$f" 2>/dev/null \
    | python3 "$HERE/lib/jfr_stacks.py" "$([ "$name" = auditor ] && echo dev.jitgate.auditor || echo dev.jitgate.proxy.audit)" \
    > "${f%.jfr}-audit-path.txt" 2>&1 || true
  log "JFR: ${f%.jfr}-hot-methods.txt, ${f%.jfr}-audit-path.txt"
}
stop_process() { # NAME
  local name="$1" leader="${LEADER[$1]:-}" pid="${PID[$1]:-}" i
  [ -n "$leader" ] || return 0
  jfr_dump "$name"
  kill -TERM -- "-$leader" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$leader" 2>/dev/null || true
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  wait "$leader" 2>/dev/null || true
  LEADER[$name]=""; PID[$name]=""
}

start_process auditor "$AUDITOR_PORT" auditor "$JG_DIR/auditor.yaml"
if [ -n "$AUDITOR_NICE" ]; then
  # per thread (a JVM's threads each have their own nice value); threads started later inherit it
  for t in /proc/"${PID[auditor]}"/task/*; do renice -n "$AUDITOR_NICE" -p "${t##*/}" >/dev/null; done
  # with autogroup scheduling (a session per process started with setsid) the nice values only rank threads
  # within the auditor's own group: lower the group too
  if [ -w "/proc/${PID[auditor]}/autogroup" ]; then echo "$AUDITOR_NICE" > "/proc/${PID[auditor]}/autogroup"; fi
  log "  auditor threads at nice $AUDITOR_NICE ($(cat "/proc/${PID[auditor]}/autogroup" 2>/dev/null || echo 'no autogroup'))"
fi
start_process off "$OFF_PORT" proxy "$JG_DIR/proxy-off.yaml"
start_process on "$ON_PORT" proxy "$JG_DIR/proxy-on.yaml"
for t in $TARGETS; do
  "$PSQL" -X -A -t -p "$(port_of "$t")" -c "SELECT 1" >/dev/null \
    || { tail -50 "$JG_DIR/$t.log" >&2; die "cannot query through the audit-$t proxy"; }
done
grep -q 'audit is off' "$JG_DIR/off.log" || log "WARNING: the audit-off proxy did not log 'audit is off'"
[ -n "$(metric on jitgate_audit_spool_backlog_records)" ] || die "the audit-on proxy has no audit metrics: is audit really on?"
[ -z "$(metric off jitgate_audit_spool_backlog_records)" ] || die "the audit-off proxy has audit metrics"
JG_VERSION="$("$JITGATE_JAVA" -version 2>&1 | head -1); $JG_JAR_INFO; work tree at $(jg_worktree)"

# --------------------------------------------------------------------------------------------------
# measurement
# --------------------------------------------------------------------------------------------------
drain() { # wait (bounded) until the audit-on proxy's spool backlog is 0; prints "seconds backlog_left"
  local t0 b i
  t0="$(date +%s%N)"
  b="$(metric on jitgate_audit_spool_backlog_records)"
  for i in $(seq 1 $(( DRAIN_MAX * 4 ))); do
    [ "${b:-1}" = 0 ] && break
    sleep 0.25
    b="$(metric on jitgate_audit_spool_backlog_records)"
  done
  echo "$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.2f", (b-a)/1e9}') ${b:-?}"
}
# run_pgbench CELL TARGET REP SECONDS [pgbench args...]; REP "warm" is not recorded
_pgbench_once() {
  local cell="$1" target="$2" rep="$3" secs="$4"; shift 4
  local port pid c0 c1 a0 a1 a2 s0 s1 e0 e1 out rc=0 tps txns failed backlog ds left
  port="$(port_of "$target")"; pid="${PID[$target]}"
  [ "$target" = on ] && e0="$(metric on jitgate_audit_events_total)"
  s0="$(snap)"; c0="$(cpu_ticks "$pid")"; a0="$(cpu_ticks "${PID[auditor]}")"
  out="$(timeout $(( secs * 3 + 120 )) "$PGBENCH" -n -h 127.0.0.1 -p "$port" -T "$secs" "$@" bench 2>&1)" || rc=$?
  sleep 0.3; c1="$(cpu_ticks "$pid")"; a1="$(cpu_ticks "${PID[auditor]}")"; s1="$(snap)"
  if [ "$target" = on ]; then
    e1="$(metric on jitgate_audit_events_total)"
    backlog="$(metric on jitgate_audit_spool_backlog_records)"
    read -r ds left < <(drain)
    a2="$(cpu_ticks "${PID[auditor]}")"
  fi
  tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | tail -1)"
  txns="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")"
  if [ "$rc" != 0 ] || [ -z "$tps" ]; then
    log "  $cell $target rep $rep: pgbench FAILED (rc=$rc)"
    { echo "== $cell $target rep $rep rc=$rc"; echo "$out"; } >> "$LOGDIR/pgbench-errors.log"
    [ "$rep" = warm ] || record "$cell" "$target" "$rep" error 1
    return 0
  fi
  [ "$rep" = warm ] && { [ "$target" = on ] && log "  $cell on warm-up: backlog $backlog, drained in ${ds}s (left $left)"; return 0; }
  LAST_FOREIGN="$(foreign_pct "$s0" "$s1")"
  record "$cell" "$target" "$rep" tps "$tps"
  record "$cell" "$target" "$rep" txns "$txns"
  record "$cell" "$target" "$rep" foreign_pct "$LAST_FOREIGN"
  [ -n "$failed" ] && [ "$failed" != 0 ] && record "$cell" "$target" "$rep" failed "$failed"
  record "$cell" "$target" "$rep" cpu_s "$(ticks_to_s "$c0" "$c1")"
  record "$cell" "$target" "$rep" auditor_cpu_s "$(ticks_to_s "$a0" "$a1")"
  local extra=""
  if [ "$target" = on ]; then
    record "$cell" on "$rep" events "$(( ${e1:-0} - ${e0:-0} ))"
    record "$cell" on "$rep" backlog_end "${backlog:-}"
    record "$cell" on "$rep" drain_s "$ds"
    record "$cell" on "$rep" drain_left "$left"
    record "$cell" on "$rep" auditor_drain_cpu_s "$(ticks_to_s "$a1" "$a2")"
    extra=" events=$(( ${e1:-0} - ${e0:-0} )) backlog_end=$backlog drain=${ds}s(left $left) auditor_cpu=$(ticks_to_s "$a0" "$a1")+$(ticks_to_s "$a1" "$a2")s"
  fi
  log "  $cell $target rep $rep: tps=$tps txns=$txns proxy_cpu=$(ticks_to_s "$c0" "$c1")s other_load=$LAST_FOREIGN%$extra"
}
run_pgbench() { measured _pgbench_once "$@"; }

# --------------------------------------------------------------------------------------------------
# 3. the matrix, interleaved OFF ON OFF ON ...
# --------------------------------------------------------------------------------------------------
T_START="$(date +%s)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "global warm-up (${GLOBAL_WARMUP}s simple + prepared per target)"
for t in $TARGETS; do
  run_pgbench warm "$t" warm "$GLOBAL_WARMUP" -S -M simple -c 8 -j 2
  run_pgbench warm "$t" warm "$GLOBAL_WARMUP" -S -M prepared -c 8 -j 2
done

CELLS=(
  "S-simple-c1|-S -M simple -c 1 -j 1"
  "S-simple-c8|-S -M simple -c 8 -j 2"
  "S-simple-c32|-S -M simple -c 32 -j 2"
  "S-prepared-c1|-S -M prepared -c 1 -j 1"
  "S-prepared-c8|-S -M prepared -c 8 -j 2"
  "S-prepared-c32|-S -M prepared -c 32 -j 2"
)
for spec in "${CELLS[@]}"; do
  cell="${spec%%|*}"; read -r -a args <<<"${spec#*|}"
  want "$cell" || continue
  log "cell $cell: ${args[*]}"
  for t in $TARGETS; do run_pgbench "$cell" "$t" warm "$WARMUP" "${args[@]}"; done
  for rep in $(seq 1 "$REPS"); do
    for t in $TARGETS; do run_pgbench "$cell" "$t" "$rep" "$DURATION" "${args[@]}"; done
  done
done
T_END="$(date +%s)"

# --------------------------------------------------------------------------------------------------
# 4. proof that audit was on: what the proxy spooled and shipped, and what the auditor stored
# --------------------------------------------------------------------------------------------------
read -r FINAL_DRAIN_S FINAL_LEFT < <(drain)
scrape on > "$LOGDIR/metrics-on.txt"; scrape off > "$LOGDIR/metrics-off.txt"; scrape auditor > "$LOGDIR/metrics-auditor.txt"
EVENTS_TOTAL="$(metric on jitgate_audit_events_total)"
SHIPPED="$(metric on jitgate_audit_shipper_shipped_records)"
SHIP_FAILURES="$(metric on jitgate_audit_shipper_consecutive_failures)"
APPEND_FAILURES="$(awk '/^jitgate_audit_append_failures_total/ {s += $NF} END {printf "%.0f", s}' "$LOGDIR/metrics-on.txt")"
SPOOL_SIZE="$(metric on jitgate_audit_spool_size_bytes)"
SPOOL_FORCES="$(metric on jitgate_audit_spool_forces_total)"
record meta on 0 events_total "${EVENTS_TOTAL:-}"
record meta on 0 shipped "${SHIPPED:-}"
record meta on 0 final_backlog "${FINAL_LEFT:-}"
STORE_EVENTS="n/m"; STORE_STATEMENTS="n/m"; STORE_SESSIONS="n/m"
if command -v sqlite3 >/dev/null && [ -f "$AUDITOR_DB" ]; then
  STORE_EVENTS="$(sqlite3 -readonly "$AUDITOR_DB" 'SELECT count(*) FROM events' 2>&1 | tail -1 || true)"
  STORE_STATEMENTS="$(sqlite3 -readonly "$AUDITOR_DB" "SELECT count(*) FROM events WHERE type = 'statement'" 2>&1 | tail -1 || true)"
  STORE_SESSIONS="$(sqlite3 -readonly "$AUDITOR_DB" 'SELECT count(*) FROM sessions' 2>&1 | tail -1 || true)"
fi
AUDITOR_DB_MB="$(du -sm "$(dirname "$AUDITOR_DB")" 2>/dev/null | cut -f1)"
record meta auditor 0 store_events "$STORE_EVENTS"
for p in off on auditor; do
  record meta "$p" 0 final_rss_kb "$(rss_kb "${PID[$p]}")"
  kill -0 "${PID[$p]}" 2>/dev/null || log "WARNING: the $p JVM is gone"
done
AUDIT_OK=yes
[ -n "${EVENTS_TOTAL:-}" ] && [ "${EVENTS_TOTAL:-0}" -gt 0 ] || AUDIT_OK=no
[ "${SHIPPED:-0}" -gt 0 ] 2>/dev/null || AUDIT_OK=no
[[ "$STORE_EVENTS" =~ ^[0-9]+$ ]] && [ "$STORE_EVENTS" -gt 0 ] || AUDIT_OK=no
log "audit proof: appended $EVENTS_TOTAL, shipped $SHIPPED, backlog $FINAL_LEFT after ${FINAL_DRAIN_S}s, auditor store: $STORE_EVENTS events, $STORE_STATEMENTS statements, $STORE_SESSIONS sessions -> $AUDIT_OK"
for p in off on auditor; do
  { grep -E ' (WARN|ERROR) ' "$JG_DIR/$p.log" | grep -v -e ' - configuration: ' -e 'audit is off' || true; } > "$WORK/problems-$p"
done

# --------------------------------------------------------------------------------------------------
# 5. report
# --------------------------------------------------------------------------------------------------
{
  echo "# jitgate audit overhead $TS"
  echo
  echo "- machine: $(machine_line); work dir (PostgreSQL, spool, auditor store) on $(df -T "$WORK" | awk 'NR==2 {print $2 " " $1}')"
  echo "- PostgreSQL: $("$PGBIN/postgres" --version); pgbench $("$PGBENCH" --version | awk '{print $3}'); scale $SCALE; shared_buffers 512MB, fsync off (select-only load)"
  echo "- jitgate: $JG_VERSION; verifier from $JG_VERIFIER_SOURCE"
  echo "- audit off: proxy on $OFF_PORT, no proxy.audit section; audit on: proxy on $ON_PORT with proxy.audit (fail-closed $FAIL_CLOSED, spool fsync $FSYNC${FSYNC_GROUP_DELAY:+ (group delay $FSYNC_GROUP_DELAY)}, shipped to the auditor${GZIP_LEVEL:+ at gzip level $GZIP_LEVEL} on $AUDITOR_PORT, SQLite store$([ -n "$AUDITOR_NICE" ] && echo ", auditor threads at nice $AUDITOR_NICE" || echo ", auditor at the benchmark's priority")); both proxies run all the time, one is loaded at a time"
  echo "- load: benchmark processes at nice $NICE; load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg); other (non-benchmark) CPU load per run in the table"
  echo "- method: $REPS reps x ${DURATION}s per cell and target, interleaved (off, on), ${WARMUP}s warm-up per cell and target, ${GLOBAL_WARMUP}s global warm-up; after every audit-on run the script waits (≤ ${DRAIN_MAX}s) until the spool backlog is 0 before the next run; wall time $(( (T_END - T_START) / 60 )) min"
  echo
  python3 "$HERE/audit_report.py" "$RESULTS" "$HZ"
  echo
  echo "## Proof that audit was on"
  echo
  echo "- audit-on proxy: $EVENTS_TOTAL events appended to the spool, $SHIPPED delivered to the auditor (shipper), $APPEND_FAILURES append failures, $SHIP_FAILURES consecutive delivery failures at the end; backlog $FINAL_LEFT after a final wait of ${FINAL_DRAIN_S}s; spool on disk ${SPOOL_SIZE:-?} bytes; ${SPOOL_FORCES:-?} forces (fsync) of segment files (fsync $FSYNC${FSYNC_GROUP_DELAY:+, group delay $FSYNC_GROUP_DELAY})"
  echo "- auditor store ($AUDITOR_DB_MB MB): $STORE_EVENTS events, $STORE_STATEMENTS statements, $STORE_SESSIONS sessions (sqlite3)"
  echo "- audit-off proxy: no audit meters in its metrics ($(grep -c '^jitgate_audit' "$LOGDIR/metrics-off.txt" || true) jitgate_audit_* samples)"
  echo "- verdict: audit was on: **$AUDIT_OK**"
  for p in off on auditor; do
    if [ -s "$WORK/problems-$p" ]; then
      echo
      echo "### jitgate $p log: WARN/ERROR lines (count, message without timestamp)"
      echo
      echo '```'
      sed -E 's/^[0-9T:.+-]+Z? +//; s/\[[^]]*\]//' "$WORK/problems-$p" | sort | uniq -c | sort -rn | head -10
      echo '```'
    fi
  done
} > "$REPORT"
cat "$REPORT"
log "report: $REPORT (raw: $RESULTS, logs: $LOGDIR)"
exit 0
}
