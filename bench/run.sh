#!/usr/bin/env bash
# jitgate benchmark: direct PostgreSQL vs pgbouncer (session mode) vs jitgate, same server, same
# pgbench database, interleaved A B C A B C ... (see shared TESTING.md, "Benchmarks").
#
# Usage: bench/run.sh [--duration S] [--reps N] [--warmup S] [--quick] [--no-jitgate]
#                     [--jitgate-wait S] [--tls] [--keep] [--help]
#   --cells REGEX  only the cells whose name matches; --profile  JFR recording of jitgate (hot methods in logs)
#   --login-warmup S  seconds of pgbench -C against jitgate before the -C cells (JIT warm-up of its login
#                  path; default 60, 0 to skip)
#   --upstream-reuse  jitgate keeps cleanly ended sessions' server connections (proxy.upstream-reuse, off by
#                  default), as pgbouncer's session mode always does
#   --tls  also runs a client-TLS phase (sslmode=require to PostgreSQL, pgbouncer and jitgate;
#          EC P-256 certificates everywhere; the proxies talk plaintext upstream)
#
# Everything runs on 127.0.0.1 in a throwaway temp dir that is removed on exit:
#   PostgreSQL 15  127.0.0.1:${PG_PORT:-5433}   (scram-sha-256, role "bench", db "bench", pgbench -s 10)
#   pgbouncer      127.0.0.1:${PGB_PORT:-6434}  (session mode, SCRAM via auth_file, run as nobody)
#   jitgate        127.0.0.1:${JG_PORT:-6435}   (tls disabled; metrics on ${JG_METRICS_PORT:-9188})
# Results: a Markdown report on stdout and in bench/out/<timestamp>.md (+ raw .tsv and logs).
set -euo pipefail
{ # the whole script is one compound command: bash reads it completely before running it

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
JITGATE="${JITGATE:-$ROOT/jitgate}"
JG_SNAPSHOT="${JG_SNAPSHOT:-1}"   # 1: run the launcher's java -jar on a private copy of app/target/jitgate.jar
JITGATE_JAVA="${JITGATE_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
PGBOUNCER="${PGBOUNCER:-$(command -v pgbouncer || echo /usr/sbin/pgbouncer)}"
PG_PORT="${PG_PORT:-5433}"
PGB_PORT="${PGB_PORT:-6434}"
JG_PORT="${JG_PORT:-6435}"
JG_METRICS_PORT="${JG_METRICS_PORT:-9188}"
SCALE="${SCALE:-10}"
BENCH_PASSWORD="${BENCH_PASSWORD:-bench-$RANDOM-$RANDOM}"

DURATION=15
REPS=3
WARMUP=3          # per cell and target, before the measured reps
GLOBAL_WARMUP=10  # once per target at the start (JIT warm-up), simple and prepared
LOGIN_WARMUP=60   # jitgate only, before the -C cells: its login path runs ~150 times/s there, and the JIT needs
                  # ~10 000 runs of a method to compile it fully (pgbouncer and PostgreSQL need no warm-up)
IDLE_COUNTS="200 1000"
USE_JITGATE=1
JITGATE_WAIT=0
KEEP=0
QUICK=0
TLS=0
CELLS_RE='.*'   # --cells REGEX: only the cells whose name matches (S-simple-c8, S-simple-C-c8, rate1000, fetch-copy, idle200, tls-...)
UPSTREAM_REUSE=false   # --upstream-reuse: proxy.upstream-reuse.enabled of jitgate
PROFILE=0       # --profile: a JFR recording of jitgate over the run, hot methods in the logs (adds overhead)
SSLMODE=disable   # sslmode of the measured clients (the TLS phase switches it to require)

usage() { sed -n '2,/^# Results/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --login-warmup) LOGIN_WARMUP="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --no-jitgate) USE_JITGATE=0; shift ;;
    --jitgate-wait) JITGATE_WAIT="$2"; shift 2 ;;   # poll up to S seconds for a working launcher
    --tls) TLS=1; shift ;;
    --cells) CELLS_RE="$2"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --upstream-reuse) UPSTREAM_REUSE=true; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  DURATION=4; REPS=1; WARMUP=1; GLOBAL_WARMUP=3; IDLE_COUNTS="50 200"
fi

TARGETS="direct pgbouncer"
[ "$USE_JITGATE" = 1 ] && TARGETS="direct pgbouncer jitgate"

want() { [[ "$1" =~ $CELLS_RE ]]; }
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
# shellcheck source=lib/postgres.sh
. "$HERE/lib/postgres.sh"
# shellcheck source=lib/jitgate.sh
. "$HERE/lib/jitgate.sh"

pg_check_binaries
[ -x "$PGBOUNCER" ] || die "pgbouncer not found (apt-get install -y pgbouncer)"
command -v python3 >/dev/null || die "python3 is needed for the report"
ports_free "$PG_PORT" "$PGB_PORT" "$JG_PORT" "$JG_METRICS_PORT"

TS="$(date +%Y%m%d-%H%M%S)"
OUTDIR="$HERE/out"
mkdir -p "$OUTDIR"
REPORT="$OUTDIR/$TS.md"
RESULTS="$OUTDIR/$TS.tsv"
LOGDIR="$OUTDIR/$TS-logs"
mkdir -p "$LOGDIR"
: > "$RESULTS"

WORK="$(mktemp -d /tmp/jitgate-bench.XXXXXX)"
chmod 755 "$WORK"
PGDATA="$WORK/pgdata"
PGB_DIR="$WORK/pgbouncer"
JG_DIR="$WORK/jitgate"
JG_PID=""        # launcher (session leader of its own process group)
JG_JAVA_PID=""   # the JVM that listens on JG_PORT
PGB_PID=""       # runuser/pgbouncer wrapper
PGB_REAL_PID=""  # the pgbouncer process
BG_PIDS=()

cleanup() {
  local rc=$?
  set +e
  for p in "${BG_PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  if [ -n "$JG_PID" ]; then
    kill -TERM -- "-$JG_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$JG_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$JG_PID" 2>/dev/null
  fi
  [ -n "$JG_JAVA_PID" ] && kill -KILL "$JG_JAVA_PID" 2>/dev/null
  [ -n "$PGB_REAL_PID" ] && kill -TERM "$PGB_REAL_PID" 2>/dev/null
  [ -n "$PGB_PID" ] && kill -TERM "$PGB_PID" 2>/dev/null
  pg_stop
  # keep the interesting logs next to the report
  cp -f "$WORK"/*.log "$PGB_DIR"/*.log "$JG_DIR"/*.log "$LOGDIR"/ 2>/dev/null
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# the machine may be shared (builds, tests): run the whole benchmark (inherited by every process it
# starts) at a higher priority; the report states the other load measured during each run
NICE="${NICE:--10}"
renice -n "$NICE" -p $$ >/dev/null 2>&1 || NICE=0

pg_client_env

port_of() {
  case "$1" in direct) echo "$PG_PORT" ;; pgbouncer) echo "$PGB_PORT" ;; jitgate) echo "$JG_PORT" ;; esac
}
proxy_pid_of() {
  case "$1" in pgbouncer) echo "$PGB_REAL_PID" ;; jitgate) echo "$JG_JAVA_PID" ;; *) echo "" ;; esac
}
bench_pids() { echo "$PGB_REAL_PID $JG_JAVA_PID"; }   # for snap (lib/common.sh)

# --------------------------------------------------------------------------------------------------
# 1. PostgreSQL
# --------------------------------------------------------------------------------------------------
log "work dir $WORK"
if [ "$TLS" = 1 ]; then
  install -d -m 755 "$WORK/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$WORK/tls/server.key" -out "$WORK/tls/server.crt" \
    >"$WORK/tls/openssl.log" 2>&1 || die "openssl failed"
fi
pg_setup

# --------------------------------------------------------------------------------------------------
# 2. pgbouncer (session mode, SCRAM: the auth_file holds PostgreSQL's own verifier, so pgbouncer
#    checks clients with it and logs in upstream with the client's ClientKey)
# --------------------------------------------------------------------------------------------------
install -d -o nobody -g nogroup -m 755 "$PGB_DIR"
printf '"bench" "%s"\n' "$PG_VERIFIER" > "$PGB_DIR/userlist.txt"
cat > "$PGB_DIR/pgbouncer.ini" <<EOF
[databases]
bench = host=127.0.0.1 port=$PG_PORT dbname=bench

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $PGB_DIR/userlist.txt
pool_mode = session
max_client_conn = 3000
default_pool_size = 1200
max_db_connections = 0
server_reset_query = DISCARD ALL
ignore_startup_parameters = extra_float_digits
logfile = $PGB_DIR/pgbouncer.log
pidfile = $PGB_DIR/pgbouncer.pid
log_connections = 0
log_disconnections = 0
log_pooler_errors = 1
stats_period = 3600
EOF
if [ "$TLS" = 1 ]; then
  install -o nobody -m 600 "$WORK/tls/server.key" "$PGB_DIR/server.key"
  install -o nobody -m 644 "$WORK/tls/server.crt" "$PGB_DIR/server.crt"
  printf 'client_tls_sslmode = allow\nclient_tls_key_file = %s\nclient_tls_cert_file = %s\n' \
    "$PGB_DIR/server.key" "$PGB_DIR/server.crt" >> "$PGB_DIR/pgbouncer.ini"
fi
chown nobody:nogroup "$PGB_DIR"/*; chmod 600 "$PGB_DIR/userlist.txt"
log "starting pgbouncer on 127.0.0.1:$PGB_PORT"
# runuser's PAM session resets the soft fd limit to 1024: raise it again as nobody (1000 idle
# clients + 1000 server connections need > 2000 descriptors)
runuser -u nobody -- sh -c 'ulimit -n "$1" && exec "$2" "$3"' sh "$(ulimit -Hn)" "$PGBOUNCER" "$PGB_DIR/pgbouncer.ini" \
  >"$PGB_DIR/stdout.log" 2>&1 &
PGB_PID=$!
wait_port "$PGB_PORT" 30 || { cat "$PGB_DIR"/*.log >&2; die "pgbouncer did not start"; }
PGB_REAL_PID="$(listener_pid "$PGB_PORT")"
log "pgbouncer pid $PGB_REAL_PID, $(grep -o 'kernel file descriptor limit.*' "$PGB_DIR/pgbouncer.log" | head -1)"
"$PSQL" -X -A -t -p "$PGB_PORT" -c "SELECT 1" >/dev/null || die "cannot query through pgbouncer"

# --------------------------------------------------------------------------------------------------
# 3. jitgate
# --------------------------------------------------------------------------------------------------
start_jitgate() { # MODE: disable | require (client-facing TLS)
  local mode="$1" tls="{ mode: disable }" cfg="$JG_DIR/jitgate-$1.yaml" sslmode=disable
  if [ "$mode" != disable ]; then
    tls="{ mode: $mode, dev-ca-directory: \"$JG_DIR/dev-ca\" }"
    sslmode=require
  fi
  cat > "$cfg" <<EOF
proxy:
  name: bench
  worker-threads: 0
  listen: { host: 127.0.0.1, port: $JG_PORT, tls: $tls }
  users:
    - name: bench
      scram-verifier: "$JG_VERIFIER"
  routes:
    - database: bench
      upstream: { host: 127.0.0.1, port: $PG_PORT, database: bench, user: bench, password: "env:BENCH_UPSTREAM_PASSWORD", sslmode: disable, minimum-auth: scram-sha-256 }
  limits: { max-connections: 2000, idle-timeout: 0s }
  upstream-reuse: { enabled: $UPSTREAM_REUSE, max-idle-per-target: 64 }
metrics: { listen: "127.0.0.1:$JG_METRICS_PORT" }
logging: { level: warn }
EOF
  log "starting jitgate on 127.0.0.1:$JG_PORT (tls $mode)"
  echo "=== $(date -Is) start, tls $mode" >> "$JG_DIR/jitgate.log"
  BENCH_UPSTREAM_PASSWORD="$BENCH_PASSWORD" jg_spawn "$JG_DIR/jitgate.log" proxy --config "$cfg"
  JG_PID="$JG_SPAWNED"
  if ! wait_port "$JG_PORT" 600; then
    tail -50 "$JG_DIR/jitgate.log" >&2; die "jitgate did not listen on $JG_PORT"
  fi
  JG_JAVA_PID="$(listener_pid "$JG_PORT")"
  [ -n "$JG_JAVA_PID" ] || die "cannot find the jitgate process"
  PGSSLMODE=$sslmode "$PSQL" -X -A -t -p "$JG_PORT" -c "SELECT 1" >/dev/null \
    || { tail -50 "$JG_DIR/jitgate.log" >&2; die "cannot query through jitgate"; }
  JG_JAVA="$(readlink -f "/proc/$JG_JAVA_PID/exe")"
  JCMD="$(dirname "$JG_JAVA")/jcmd"
  log "jitgate JVM pid $JG_JAVA_PID ($JG_JAVA)"
  if [ "$PROFILE" = 1 ]; then
    JG_JFR="$LOGDIR/jitgate-$mode.jfr"
    timeout 60 "$JCMD" "$JG_JAVA_PID" JFR.start name=bench settings=profile filename="$JG_JFR" >/dev/null 2>&1 \
      || log "WARNING: JFR.start failed"
  fi
}
jfr_dump() { # hot methods of the running jitgate's recording into the logs
  [ "$PROFILE" = 1 ] && [ -n "$JG_JAVA_PID" ] || return 0
  timeout 120 "$JCMD" "$JG_JAVA_PID" JFR.dump name=bench filename="$JG_JFR" >/dev/null 2>&1 || return 0
  local jfr; jfr="$(dirname "$JG_JAVA")/jfr"
  timeout 300 "$jfr" view --width 200 hot-methods "$JG_JFR" > "${JG_JFR%.jfr}-hot-methods.txt" 2>&1 || true
  timeout 300 "$jfr" view --width 200 allocation-by-site "$JG_JFR" > "${JG_JFR%.jfr}-allocation.txt" 2>&1 || true
  log "JFR: ${JG_JFR%.jfr}-hot-methods.txt"
}
stop_jitgate() {
  [ -n "$JG_PID" ] || return 0
  jfr_dump
  local i
  kill -TERM -- "-$JG_PID" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$JG_JAVA_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$JG_PID" 2>/dev/null || true
  kill -KILL "$JG_JAVA_PID" 2>/dev/null || true
  wait "$JG_PID" 2>/dev/null || true
  JG_PID=""; JG_JAVA_PID=""
  for i in $(seq 1 50); do ss -ltnH "sport = :$JG_PORT" | grep -q . || break; sleep 0.2; done
}
JG_VERSION="not run"
JG_VERIFIER_SOURCE=""
if [ "$USE_JITGATE" = 1 ]; then
  jg_prepare
  start_jitgate disable
  JG_VERSION="$("$JG_JAVA" -version 2>&1 | head -1); $JG_JAR_INFO; work tree at $(jg_worktree)"
fi

# --------------------------------------------------------------------------------------------------
# measurement helpers
# --------------------------------------------------------------------------------------------------
# run_pgbench CELL TARGET REP SECONDS [pgbench args...]; REP "warm" is not recorded
_pgbench_once() {
  local cell="$1" target="$2" rep="$3" secs="$4"; shift 4
  local port pid c0 c1 s0 s1 out rc tps txns failed
  port="$(port_of "$target")"; pid="$(proxy_pid_of "$target")"
  s0="$(snap)"; c0="$(cpu_ticks "$pid")"
  rc=0
  out="$(PGSSLMODE="$SSLMODE" timeout $(( secs * 3 + 120 )) "$PGBENCH" -n -h 127.0.0.1 -p "$port" -T "$secs" "$@" bench 2>&1)" || rc=$?
  sleep 0.3; c1="$(cpu_ticks "$pid")"; s1="$(snap)"
  tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | tail -1)"
  txns="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")"
  if [ "$rc" != 0 ] || [ -z "$tps" ]; then
    log "  $cell $target rep $rep: pgbench FAILED (rc=$rc)"
    { echo "== $cell $target rep $rep rc=$rc"; echo "$out"; } >> "$LOGDIR/pgbench-errors.log"
    [ "$rep" = warm ] || record "$cell" "$target" "$rep" error 1
    return 0
  fi
  [ "$rep" = warm ] && return 0
  record "$cell" "$target" "$rep" tps "$tps"
  record "$cell" "$target" "$rep" txns "$txns"
  LAST_FOREIGN="$(foreign_pct "$s0" "$s1")"
  record "$cell" "$target" "$rep" foreign_pct "$LAST_FOREIGN"
  [ -n "$failed" ] && [ "$failed" != 0 ] && record "$cell" "$target" "$rep" failed "$failed"
  if [ -n "$pid" ]; then
    record "$cell" "$target" "$rep" cpu_s "$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')"
  fi
  log "  $cell $target rep $rep: tps=$tps txns=$txns proxy_cpu_ticks=$(( c1 - c0 )) other_load=$LAST_FOREIGN%"
}

# run_latency TARGET REP SECONDS: fixed rate, per-transaction log -> p50/p99 (latency incl. schedule lag)
_latency_once() {
  local target="$1" rep="$2" secs="$3" port pid c0 c1 s0 s1 rc=0 out prefix
  port="$(port_of "$target")"; pid="$(proxy_pid_of "$target")"
  prefix="$WORK/lat/$target-$rep"
  mkdir -p "$WORK/lat"; rm -f "$prefix".*
  s0="$(snap)"; c0="$(cpu_ticks "$pid")"
  out="$(cd "$WORK/lat" && timeout $(( secs * 3 + 120 )) "$PGBENCH" -n -h 127.0.0.1 -p "$port" -T "$secs" \
         -S -M simple -c 8 -j 2 -R 1000 -l --log-prefix="$prefix" bench 2>&1)" || rc=$?
  sleep 0.3; c1="$(cpu_ticks "$pid")"; s1="$(snap)"
  if [ "$rc" != 0 ]; then
    log "  latency $target rep $rep: pgbench FAILED (rc=$rc)"
    { echo "== latency $target rep $rep rc=$rc"; echo "$out"; } >> "$LOGDIR/pgbench-errors.log"
    [ "$rep" = warm ] || record "rate1000" "$target" "$rep" error 1
    return 0
  fi
  [ "$rep" = warm ] && return 0
  # log line: client_id transaction_no time script_no time_epoch time_us schedule_lag (time in us)
  read -r n p50 p90 p99 max < <(cat "$prefix".* | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n | awk '
      {v[NR]=$1} END { if (NR==0) {print 0,0,0,0,0; exit}
        i50=int(NR*0.50+0.5); i90=int(NR*0.90+0.5); i99=int(NR*0.99+0.5); if(i50<1)i50=1; if(i90<1)i90=1; if(i99<1)i99=1;
        printf "%d %.3f %.3f %.3f %.3f\n", NR, v[i50]/1000, v[i90]/1000, v[i99]/1000, v[NR]/1000 }')
  record rate1000 "$target" "$rep" p50_ms "$p50"
  record rate1000 "$target" "$rep" p90_ms "$p90"
  record rate1000 "$target" "$rep" p99_ms "$p99"
  record rate1000 "$target" "$rep" max_ms "$max"
  record rate1000 "$target" "$rep" txns "$n"
  LAST_FOREIGN="$(foreign_pct "$s0" "$s1")"
  record rate1000 "$target" "$rep" foreign_pct "$LAST_FOREIGN"
  [ -n "$pid" ] && record rate1000 "$target" "$rep" cpu_s "$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')"
  rm -f "$prefix".*
  log "  latency $target rep $rep: n=$n p50=${p50}ms p99=${p99}ms other_load=$LAST_FOREIGN%"
}

# run_fetch CELL TARGET REP SQL BYTES: psql to /dev/null, MB/s
_fetch_once() {
  local cell="$1" target="$2" rep="$3" sql="$4" bytes="$5" port pid c0 c1 s0 s1 t0 t1 rc=0 secs
  port="$(port_of "$target")"; pid="$(proxy_pid_of "$target")"
  s0="$(snap)"; c0="$(cpu_ticks "$pid")"; t0="$(date +%s%N)"
  PGSSLMODE="$SSLMODE" timeout 600 "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -p "$port" -c "$sql" >/dev/null 2>>"$LOGDIR/fetch-errors.log" || rc=$?
  t1="$(date +%s%N)"; c1="$(cpu_ticks "$pid")"; sleep 0.3; s1="$(snap)"
  if [ "$rc" != 0 ]; then
    log "  $cell $target rep $rep: psql FAILED (rc=$rc)"
    [ "$rep" = warm ] || record "$cell" "$target" "$rep" error 1
    return 0
  fi
  [ "$rep" = warm ] && return 0
  secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')"
  record "$cell" "$target" "$rep" secs "$secs"
  LAST_FOREIGN="$(foreign_pct "$s0" "$s1")"
  record "$cell" "$target" "$rep" foreign_pct "$LAST_FOREIGN"
  record "$cell" "$target" "$rep" mbps "$(awk -v s="$secs" -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6/s}')"
  [ -n "$pid" ] && record "$cell" "$target" "$rep" cpu_s "$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')"
  log "  $cell $target rep $rep: ${secs}s other_load=$LAST_FOREIGN%"
}

run_pgbench() { measured _pgbench_once "$@"; }
run_latency() { measured _latency_once "$@"; }
run_fetch() { measured _fetch_once "$@"; }

# idle_sessions TARGET COUNT: COUNT idle sessions held open by pgbench (\sleep), RSS (and heap) delta
heap_used_kb() { # after a full GC; "used NNNK" of the heap line of GC.heap_info
  [ -n "${JCMD:-}" ] && [ -x "$JCMD" ] || { echo ""; return; }
  timeout 60 "$JCMD" "$1" GC.run >/dev/null 2>&1 || true
  sleep 1
  timeout 60 "$JCMD" "$1" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*' || echo ""
}
wait_drained() { # port: no established client connection left, backends back to a few
  local i
  for i in $(seq 1 120); do
    [ "$(estab_count "$1")" -eq 0 ] && break
    sleep 0.5
  done
  sleep 2
}
idle_sessions() {
  local target="$1" n="$2" port pid rss0 rss1 heap0="" heap1="" bgpid i est
  port="$(port_of "$target")"; pid="$(proxy_pid_of "$target")"
  [ -n "$pid" ] || return 0
  wait_drained "$port"
  [ "$target" = jitgate ] && heap0="$(heap_used_kb "$pid")"
  rss0="$(rss_kb "$pid")"
  printf 'SELECT 1;\n\\sleep 900 s\n' > "$WORK/idle.sql"
  timeout 1200 "$PGBENCH" -n -h 127.0.0.1 -p "$port" -c "$n" -j 2 -t 1 -f "$WORK/idle.sql" bench \
    >"$WORK/idle-$target-$n.log" 2>&1 &
  bgpid=$!; BG_PIDS+=("$bgpid")
  est=0
  for i in $(seq 1 600); do   # at most 300 s to open them all
    est="$(estab_count "$port")"
    [ "$est" -ge "$n" ] && break
    kill -0 "$bgpid" 2>/dev/null || break
    sleep 0.5
  done
  sleep 5   # every client has sent its SELECT 1 and sleeps
  est="$(estab_count "$port")"
  local backends; backends="$(pg_backends)"
  [ "$target" = jitgate ] && heap1="$(heap_used_kb "$pid")"
  rss1="$(rss_kb "$pid")"
  kill "$bgpid" 2>/dev/null || true
  wait "$bgpid" 2>/dev/null || true
  if [ "$est" -lt "$n" ]; then
    log "  idle $target $n: only $est sessions established"; tail -5 "$WORK/idle-$target-$n.log" >&2 || true
    cp -f "$WORK/idle-$target-$n.log" "$LOGDIR/" 2>/dev/null || true
    record "idle$n" "$target" 1 error 1
  fi
  record "idle$n" "$target" 1 sessions "$est"
  record "idle$n" "$target" 1 pg_backends "$backends"
  record "idle$n" "$target" 1 rss0_kb "$rss0"
  record "idle$n" "$target" 1 rss1_kb "$rss1"
  [ -n "$heap0" ] && record "idle$n" "$target" 1 heap0_kb "$heap0"
  [ -n "$heap1" ] && record "idle$n" "$target" 1 heap1_kb "$heap1"
  log "  idle $target $n: sessions=$est backends=$backends rss ${rss0}->${rss1} kB heap ${heap0:-?}->${heap1:-?} kB"
  wait_drained "$port"
}

# --------------------------------------------------------------------------------------------------
# 4. the matrix, interleaved
# --------------------------------------------------------------------------------------------------
T_START="$(date +%s)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "global warm-up (${GLOBAL_WARMUP}s simple + prepared per target)"
for t in $TARGETS; do
  run_pgbench warm "$t" warm "$GLOBAL_WARMUP" -S -M simple -c 8 -j 2
  run_pgbench warm "$t" warm "$GLOBAL_WARMUP" -S -M prepared -c 8 -j 2
  run_pgbench warm "$t" warm "$GLOBAL_WARMUP" -S -M simple -c 8 -j 2 -C
done
if [ "$USE_JITGATE" = 1 ] && want S-simple-C-c8 && [ "$LOGIN_WARMUP" -gt 0 ]; then
  log "login warm-up of jitgate (${LOGIN_WARMUP}s of -C)"
  run_pgbench warm jitgate warm "$LOGIN_WARMUP" -S -M simple -c 8 -j 2 -C
fi

CELLS=(
  "S-simple-c1|-S -M simple -c 1 -j 1"
  "S-simple-c8|-S -M simple -c 8 -j 2"
  "S-simple-c32|-S -M simple -c 32 -j 2"
  "S-prepared-c1|-S -M prepared -c 1 -j 1"
  "S-prepared-c8|-S -M prepared -c 8 -j 2"
  "S-prepared-c32|-S -M prepared -c 32 -j 2"
  "S-simple-C-c8|-S -M simple -c 8 -j 2 -C"
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

if want rate1000; then
  log "cell rate1000: -S -M simple -c 8 -j 2 -R 1000 -l"
  for t in $TARGETS; do run_latency "$t" warm "$WARMUP"; done
  for rep in $(seq 1 "$REPS"); do
    for t in $TARGETS; do run_latency "$t" "$rep" "$DURATION"; done
  done
fi

SELECT_SQL="SELECT * FROM pgbench_accounts"
COPY_SQL="COPY pgbench_accounts TO STDOUT"
SELECT_BYTES="$("$PSQL" -X -q -A -t -p "$PG_PORT" -c "$SELECT_SQL" | wc -c)"
COPY_BYTES="$("$PSQL" -X -q -A -t -p "$PG_PORT" -c "$COPY_SQL" | wc -c)"
ROWS="$("$PSQL" -X -q -A -t -p "$PG_PORT" -c "SELECT count(*) FROM pgbench_accounts")"
record meta all 0 fetch_rows "$ROWS"
record meta jitgate 0 upstream_reuse "$([ "$UPSTREAM_REUSE" = true ] && echo 1 || echo 0)"
record meta all 0 select_bytes "$SELECT_BYTES"
record meta all 0 copy_bytes "$COPY_BYTES"
log "large results: $ROWS rows, SELECT output $SELECT_BYTES B, COPY output $COPY_BYTES B"
FETCH_REPS=$(( REPS < 3 ? REPS : REPS + 2 ))   # fetches are short: a few more reps
if want fetch-select; then
  for t in $TARGETS; do run_fetch fetch-select "$t" warm "$SELECT_SQL" "$SELECT_BYTES"; done
  for rep in $(seq 1 "$FETCH_REPS"); do
    for t in $TARGETS; do run_fetch fetch-select "$t" "$rep" "$SELECT_SQL" "$SELECT_BYTES"; done
  done
fi
if want fetch-copy; then
  for t in $TARGETS; do run_fetch fetch-copy "$t" warm "$COPY_SQL" "$COPY_BYTES"; done
  for rep in $(seq 1 "$FETCH_REPS"); do
    for t in $TARGETS; do run_fetch fetch-copy "$t" "$rep" "$COPY_SQL" "$COPY_BYTES"; done
  done
fi

log "idle sessions: $IDLE_COUNTS"
# jitgate first: pgbouncer keeps its server connections in the pool after its clients leave
for n in $IDLE_COUNTS; do
  for t in jitgate pgbouncer; do
    case " $TARGETS " in *" $t "*) ;; *) continue ;; esac
    want "idle$n" || continue
    idle_sessions "$t" "$n"
  done
done

if [ "$TLS" = 1 ]; then
  log "TLS phase: clients use sslmode=require"
  if [ "$USE_JITGATE" = 1 ]; then
    curl -s --max-time 5 "http://127.0.0.1:$JG_METRICS_PORT/metrics" > "$LOGDIR/jitgate-metrics-plain.txt" 2>/dev/null || true
    record meta jitgate 0 final_rss_kb "$(rss_kb "$JG_JAVA_PID")"
    stop_jitgate
    start_jitgate require
  fi
  SSLMODE=require
  for t in $TARGETS; do
    info="$(PGSSLMODE=require "$PSQL" -X -p "$(port_of "$t")" -c '\conninfo' 2>&1 | grep -o 'SSL connection ([^)]*)' || echo 'NO TLS')"
    log "  $t: $info"
    echo "$t: $info" >> "$LOGDIR/tls-conninfo.txt"
    [ "$info" = "NO TLS" ] && record tls-check "$t" 1 error 1
  done
  for t in $TARGETS; do
    run_pgbench warm "$t" warm "$GLOBAL_WARMUP" -S -M simple -c 8 -j 2
    run_pgbench warm "$t" warm "$GLOBAL_WARMUP" -S -M simple -c 8 -j 2 -C
  done
  if [ "$USE_JITGATE" = 1 ] && want tls-S-simple-C-c8 && [ "$LOGIN_WARMUP" -gt 0 ]; then
    log "login warm-up of jitgate with TLS (${LOGIN_WARMUP}s of -C)"
    run_pgbench warm jitgate warm "$LOGIN_WARMUP" -S -M simple -c 8 -j 2 -C
  fi
  TLS_CELLS=(
    "tls-S-simple-c8|-S -M simple -c 8 -j 2"
    "tls-S-prepared-c8|-S -M prepared -c 8 -j 2"
    "tls-S-simple-C-c8|-S -M simple -c 8 -j 2 -C"
  )
  for spec in "${TLS_CELLS[@]}"; do
    cell="${spec%%|*}"; read -r -a args <<<"${spec#*|}"
    want "$cell" || continue
    log "cell $cell: ${args[*]} (sslmode=require)"
    for t in $TARGETS; do run_pgbench "$cell" "$t" warm "$WARMUP" "${args[@]}"; done
    for rep in $(seq 1 "$REPS"); do
      for t in $TARGETS; do run_pgbench "$cell" "$t" "$rep" "$DURATION" "${args[@]}"; done
    done
  done
  if want tls-fetch-copy; then
    for t in $TARGETS; do run_fetch tls-fetch-copy "$t" warm "$COPY_SQL" "$COPY_BYTES"; done
    for rep in $(seq 1 "$FETCH_REPS"); do
      for t in $TARGETS; do run_fetch tls-fetch-copy "$t" "$rep" "$COPY_SQL" "$COPY_BYTES"; done
    done
  fi
  SSLMODE=disable
fi

if [ "$USE_JITGATE" = 1 ]; then
  curl -s --max-time 5 "http://127.0.0.1:$JG_METRICS_PORT/metrics" > "$LOGDIR/jitgate-metrics.txt" 2>/dev/null || true
  kill -0 "$JG_JAVA_PID" 2>/dev/null || log "WARNING: the jitgate JVM is gone"
  jfr_dump
  [ "$TLS" = 1 ] || record meta jitgate 0 final_rss_kb "$(rss_kb "$JG_JAVA_PID")"
  # WARN/ERROR lines other than the expected configuration warnings
  { grep -E ' (WARN|ERROR) ' "$JG_DIR/jitgate.log" | grep -v ' - configuration: ' || true; } > "$WORK/jg-problems"
  record meta jitgate 0 log_error_lines "$(wc -l < "$WORK/jg-problems")"
fi
T_END="$(date +%s)"

# --------------------------------------------------------------------------------------------------
# 5. report
# --------------------------------------------------------------------------------------------------
{
  echo "# jitgate benchmark $TS"
  echo
  echo "- machine: $(machine_line)"
  echo "- PostgreSQL: $("$PGBIN/postgres" --version); pgbench $("$PGBENCH" --version | awk '{print $3}'); scale $SCALE; shared_buffers 512MB, fsync off (select-only load)"
  echo "- pgbouncer: $("$PGBOUNCER" --version | head -1 | awk '{print $2}'), session mode, auth_type scram-sha-256 (auth_file with PostgreSQL's verifier)"
  echo "- jitgate: $JG_VERSION; tls disable; verifier from $JG_VERIFIER_SOURCE"
  [ "$TLS" = 1 ] && echo "- TLS phase: clients sslmode=require; PostgreSQL ssl=on and pgbouncer client_tls_sslmode=allow with a self-signed EC P-256 certificate; jitgate tls mode require with its dev CA (EC P-256); $(tr '\n' ';' < "$LOGDIR/tls-conninfo.txt" 2>/dev/null)"
  echo "- load: benchmark processes at nice $NICE; load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg); other (non-benchmark) CPU load per run in the tables"
  echo "- method: $REPS reps x ${DURATION}s per cell and target, interleaved (direct, pgbouncer, jitgate), ${WARMUP}s warm-up per cell and target, ${GLOBAL_WARMUP}s global warm-up, ${LOGIN_WARMUP}s login warm-up of jitgate before the -C cells; wall time $(( (T_END - T_START) / 60 )) min"
  echo
  python3 "$HERE/report.py" "$RESULTS" "$HZ"
  if [ -s "$WORK/jg-problems" ]; then
    echo
    echo "## jitgate log: WARN/ERROR lines (count, message without timestamp)"
    echo
    echo '```'
    sed -E 's/^[0-9T:.+-]+Z? +//; s/\[[^]]*\]//' "$WORK/jg-problems" | sort | uniq -c | sort -rn | head -15
    echo '```'
  fi
} > "$REPORT"
cat "$REPORT"
log "report: $REPORT (raw: $RESULTS, logs: $LOGDIR)"
exit 0
}
