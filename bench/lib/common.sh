# shellcheck shell=bash
# Helpers shared by the bench/ scripts (sourced, not run). The caller sets WORK, PGDATA, RESULTS, LOGDIR
# and defines bench_pids (the pids of its proxies/auditor: their CPU is "ours" in the other-load figure).

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

listener_pid() { # pid of the process listening on 127.0.0.1:$1
  ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}
cpu_ticks() { # utime+stime of a whole process (all threads), in clock ticks
  local pid="$1"
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || { echo 0; return; }
  sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'
}
HZ="$(getconf CLK_TCK)"
NCPU="$(nproc)"
ticks_to_s() { awk -v a="$1" -v b="$2" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}'; }
# Other load on the machine: CPU busy system-wide (/proc/stat) minus the CPU of the benchmark's own
# processes (this shell's reaped children incl. pgbench/psql, the postmaster with its reaped and live
# backends, and bench_pids), as % of all cores over the run.
snap() {
  local busy ours pm pids p
  busy="$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9; exit}' /proc/stat)"
  pm="$(head -1 "$PGDATA/postmaster.pid" 2>/dev/null || true)"
  pids="$$ $pm $(bench_pids)"
  [ -n "$pm" ] && pids="$pids $(pgrep -P "$pm" 2>/dev/null | tr '\n' ' ' || true)"
  ours="$(for p in $pids; do [ -r "/proc/$p/stat" ] && sed 's/^.*) //' "/proc/$p/stat"; done 2>/dev/null \
          | awk '{s += $12 + $13 + $14 + $15} END {print s + 0}')"
  echo "$busy $ours $(date +%s%N)"
}
foreign_pct() { # "snap0" "snap1"
  awk -v a="$1" -v b="$2" -v hz="$HZ" -v n="$NCPU" 'BEGIN { split(a, x, " "); split(b, y, " ");
    w = (y[3] - x[3]) / 1e9; f = ((y[1] - x[1]) - (y[2] - x[2])) / (w * hz * n) * 100;
    if (f < 0) f = 0; printf "%.1f", f }'
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
record() { # cell target rep metric value
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "${RECORD_TO:-$RESULTS}"
}
wait_port() { # port seconds
  local i
  for i in $(seq 1 $(( $2 * 5 ))); do
    ss -ltnH "sport = :$1" | grep -q . && return 0
    sleep 0.2
  done
  return 1
}
estab_count() { ss -tnH state established "( sport = :$1 )" | wc -l; }
ports_free() { # die when one of the ports is taken
  local p
  for p in "$@"; do
    if ss -ltnH "sport = :$p" | grep -q .; then die "port $p already in use"; fi
  done
}

# The machine may be shared: before each run wait (bounded) for a quiet second, and repeat a measured
# run once when other processes took more than RETRY_ABOVE % of the cores during it (bounded budget).
# A measured function sets LAST_FOREIGN and records through `record` (collected in $PENDING first).
QUIET_BELOW="${QUIET_BELOW:-15}"; QUIET_MAX="${QUIET_MAX:-20}"; QUIET_BUDGET="${QUIET_BUDGET:-900}"
RETRY_ABOVE="${RETRY_ABOVE:-30}"; RETRY_BUDGET="${RETRY_BUDGET:-20}"
wait_quiet() {
  local i a b f
  for i in $(seq 1 "$QUIET_MAX"); do
    [ "$QUIET_BUDGET" -gt 0 ] || return 0
    a="$(snap)"; sleep 1; b="$(snap)"
    f="$(foreign_pct "$a" "$b")"
    awk -v f="$f" -v m="$QUIET_BELOW" 'BEGIN { exit !(f < m) }' && return 0
    QUIET_BUDGET=$(( QUIET_BUDGET - 1 ))
  done
  log "    machine not quiet (other load ${f}%), going on"
}
measured() { # FUNC ARGS...
  local attempt=0 first_foreign=""
  PENDING="${PENDING:-$WORK/pending.tsv}"
  while :; do
    wait_quiet
    LAST_FOREIGN=""
    : > "$PENDING"
    RECORD_TO="$PENDING" "$@"
    if [ -n "$LAST_FOREIGN" ] && [ "$attempt" = 0 ] && [ "$RETRY_BUDGET" -gt 0 ] \
       && awk -v f="$LAST_FOREIGN" -v m="$RETRY_ABOVE" 'BEGIN { exit !(f > m) }'; then
      RETRY_BUDGET=$(( RETRY_BUDGET - 1 )); attempt=1; first_foreign="$LAST_FOREIGN"
      cp "$PENDING" "$PENDING.first"
      log "    other load ${LAST_FOREIGN}% > ${RETRY_ABOVE}%: repeating this run"
      continue
    fi
    if [ "$attempt" = 1 ]; then
      # keep the attempt that had less other load (a failed repeat keeps the first)
      if [ -z "$LAST_FOREIGN" ] || awk -v a="$LAST_FOREIGN" -v b="$first_foreign" 'BEGIN { exit !(a > b) }'; then
        cp "$PENDING.first" "$PENDING"
        log "    kept the first attempt (other load $first_foreign%)"
      fi
      printf '%s\trepeated\t1\n' "$(tail -1 "$PENDING" | cut -f1-3)" >> "$PENDING"
    fi
    cat "$PENDING" >> "$RESULTS"; : > "$PENDING"
    return 0
  done
}

machine_line() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
}
