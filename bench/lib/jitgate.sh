# shellcheck shell=bash
# The jitgate binary of the bench/ scripts (sourced). Needs ROOT, JITGATE (the launcher), JITGATE_WAIT,
# JG_SNAPSHOT, JITGATE_JAVA, JG_DIR, BENCH_PASSWORD, PG_VERIFIER and lib/common.sh.
# jg_prepare: runs `jitgate scram-verifier` once (the launcher then builds app/target/jitgate.jar when it
# is stale), polling up to JITGATE_WAIT s for a working launcher, and (JG_SNAPSHOT=1) copies the jar to
# $JG_DIR/jitgate.jar, so that a rebuild in the work tree during a run cannot change the measured binary.
# Sets JG_VERIFIER, JG_VERIFIER_SOURCE and JG_JAR_INFO.
# jg_spawn LOGFILE ARGS...: starts `java -jar <copy> ARGS` (or the launcher) in its own session; sets JG_SPAWNED.

jg_prepare() {
  local deadline
  install -d -m 755 "$JG_DIR"
  deadline=$(( $(date +%s) + JITGATE_WAIT ))
  JG_VERIFIER=""
  while :; do
    if [ -x "$JITGATE" ]; then
      # the first call also builds app/target/jitgate.jar if it is stale
      if JG_VERIFIER="$(printf '%s' "$BENCH_PASSWORD" | timeout 900 "$JITGATE" scram-verifier 2>"$JG_DIR/scram-verifier.log" | tail -1)" \
         && [[ "$JG_VERIFIER" == SCRAM-SHA-256\$* ]]; then
        JG_VERIFIER_SOURCE="jitgate scram-verifier"
        break
      fi
    fi
    [ "$(date +%s)" -lt "$deadline" ] || break
    log "jitgate launcher not ready; polling again in 60 s"
    sleep 60
  done
  if [[ "$JG_VERIFIER" != SCRAM-SHA-256\$* ]]; then
    [ -x "$JITGATE" ] || die "$JITGATE not found (use --no-jitgate or --jitgate-wait S)"
    log "WARNING: 'jitgate scram-verifier' failed ($(tail -3 "$JG_DIR/scram-verifier.log" | tr '\n' ' ')); using PostgreSQL's verifier"
    JG_VERIFIER="$PG_VERIFIER"
    JG_VERIFIER_SOURCE="PostgreSQL pg_authid (jitgate scram-verifier failed)"
  fi
  JG_JAR_INFO="app/target/jitgate.jar built $(stat -c '%y' "$ROOT/app/target/jitgate.jar" 2>/dev/null | cut -d. -f1), sha256 $(sha256sum "$ROOT/app/target/jitgate.jar" | cut -c1-12)"
  if [ "$JG_SNAPSHOT" = 1 ]; then
    cp "$ROOT/app/target/jitgate.jar" "$JG_DIR/jitgate.jar"
    JG_JAR_INFO="$JG_JAR_INFO, run from a private copy with $JITGATE_JAVA"
  fi
}
jg_spawn() { # LOGFILE ARGS... (the environment of the caller is passed on)
  local logfile="$1"; shift
  if [ "$JG_SNAPSHOT" = 1 ]; then
    # what the launcher execs, on the private copy of the jar
    # shellcheck disable=SC2086
    setsid "$JITGATE_JAVA" ${JAVA_OPTS:-} -jar "$JG_DIR/jitgate.jar" "$@" >>"$logfile" 2>&1 < /dev/null &
  else
    setsid "$JITGATE" "$@" >>"$logfile" 2>&1 < /dev/null &
  fi
  JG_SPAWNED=$!
}
jg_worktree() { # short commit of the work tree, + a note when its code differs from it
  echo "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' ':!docs' 2>/dev/null || echo ' + uncommitted changes')"
}
