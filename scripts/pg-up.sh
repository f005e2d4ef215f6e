#!/usr/bin/env bash
# PostgreSQL primary + streaming replica for tests and the demo. initdb refuses root, so every server
# command runs as the postgres user. Ports and base dir come from the environment (see scripts/ports.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/ports.sh"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# pg_qualstats samples predicates only when preloaded; older machines may not have it installed yet.
preload=pg_stat_statements
[ -f "$("$PGBIN/pg_config" --pkglibdir)/pg_qualstats.so" ] && preload="$preload,pg_qualstats"
aspg() { runuser -u postgres -- "$@"; }
"$here/pg-down.sh" >/dev/null 2>&1 || true
rm -rf "$PGBASE"; mkdir -p "$PGBASE/sock"; chown -R postgres:postgres "$PGBASE"
aspg "$PGBIN/initdb" -D "$PGBASE/primary" -U postgres --auth=trust -E UTF8 --no-sync >"$PGBASE/initdb.log"
cat >>"$PGBASE/primary/postgresql.conf" <<CONF
port = $PG_PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGBASE/sock'
shared_preload_libraries = '$preload'
wal_level = logical  # logical slots: the adversarial suite checks slot positions stay put
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
track_io_timing = on
fsync = off
max_connections = 100
CONF
# Password auth for TCP so that wrong-password tests are real; trust stays on the local socket.
cat >"$PGBASE/primary/pg_hba.conf" <<HBA
local all all trust
host replication postgres 127.0.0.1/32 trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
HBA
aspg "$PGBIN/pg_ctl" -D "$PGBASE/primary" -l "$PGBASE/primary.log" -w start >/dev/null
aspg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -D "$PGBASE/replica" -R -X stream -c fast
echo "port = $PG_REPLICA_PORT" >>"$PGBASE/replica/postgresql.conf"
aspg "$PGBIN/pg_ctl" -D "$PGBASE/replica" -l "$PGBASE/replica.log" -w start >/dev/null
psql_primary() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres "$@"; }
psql_primary -d postgres <<SQL
create extension if not exists pg_stat_statements;
create extension if not exists pgstattuple;
create role dbconsole_app login password '${PG_APP_PASSWORD}';
grant pg_monitor to dbconsole_app;
grant pg_signal_backend to dbconsole_app;
create database app owner dbconsole_app;
SQL
psql_primary -d app -c 'create extension if not exists pg_stat_statements; create extension if not exists pgstattuple;'
echo "postgres primary 127.0.0.1:$PG_PRIMARY_PORT, replica 127.0.0.1:$PG_REPLICA_PORT (data in $PGBASE)"
