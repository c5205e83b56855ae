# shellcheck shell=bash
# The throwaway PostgreSQL 15 cluster of the bench/ scripts (sourced). Needs PGBIN, PG_PORT, WORK, PGDATA,
# BENCH_PASSWORD, SCALE, TLS (1: ssl=on with $WORK/tls/server.{key,crt}) and lib/common.sh.
# pg_setup: initdb, start on 127.0.0.1:$PG_PORT (scram-sha-256), role and database "bench" (password
# $BENCH_PASSWORD), pgbench -i -s $SCALE, VACUUM ANALYZE; sets PG_VERIFIER (the role's SCRAM verifier).

PGBENCH="$PGBIN/pgbench"
PSQL="$PGBIN/psql"

pg_check_binaries() {
  local b
  for b in initdb pg_ctl postgres pgbench psql; do
    [ -x "$PGBIN/$b" ] || die "$PGBIN/$b not found"
  done
}
pg_client_env() { # libpq defaults of every client the scripts start
  export PGPASSWORD="$BENCH_PASSWORD" PGUSER=bench PGDATABASE=bench PGHOST=127.0.0.1 PGSSLMODE=disable \
    PGAPPNAME=bench PGCONNECT_TIMEOUT=30
}
su_psql() { runuser -u postgres -- "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$WORK/pgsock" -p "$PG_PORT" -U postgres "$@"; }
pg_backends() {
  "$PSQL" -X -A -t -h 127.0.0.1 -p "$PG_PORT" -c "SELECT count(*) FROM pg_stat_activity WHERE datname='bench'" 2>/dev/null || echo "?"
}
pg_setup() {
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  install -d -o postgres -g postgres -m 755 "$WORK/pgsock"
  log "initdb"
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
  cat >> "$PGDATA/postgresql.conf" <<EOC
# jitgate bench (throwaway cluster)
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK/pgsock'
max_connections = 2300
shared_buffers = 512MB
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
log_min_messages = warning
log_connections = off
log_disconnections = off
EOC
  if [ "${TLS:-0}" = 1 ]; then
    install -o postgres -m 600 "$WORK/tls/server.key" "$PGDATA/server.key"
    install -o postgres -m 644 "$WORK/tls/server.crt" "$PGDATA/server.crt"
    printf "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n" >> "$PGDATA/postgresql.conf"
  fi
  log "starting postgres on 127.0.0.1:$PG_PORT"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 120 start >/dev/null \
    || { cat "$PGDATA/server.log" >&2; die "postgres did not start"; }
  su_psql -d postgres <<EOC
CREATE ROLE bench LOGIN PASSWORD '$BENCH_PASSWORD';
CREATE DATABASE bench OWNER bench;
EOC
  PG_VERIFIER="$(su_psql -d postgres -A -t -c "SELECT rolpassword FROM pg_authid WHERE rolname='bench'")"
  [[ "$PG_VERIFIER" == SCRAM-SHA-256\$* ]] || die "bench role has no SCRAM verifier"
  log "pgbench -i -s $SCALE"
  "$PGBENCH" -i -s "$SCALE" -q -h 127.0.0.1 -p "$PG_PORT" bench >"$WORK/pgbench-init.log" 2>&1 \
    || { cat "$WORK/pgbench-init.log" >&2; die "pgbench -i failed"; }
  su_psql -d bench -c "VACUUM ANALYZE" -c "CHECKPOINT"
}
pg_stop() { # for the EXIT trap
  if [ -f "$PGDATA/postmaster.pid" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
}
