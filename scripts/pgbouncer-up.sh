#!/usr/bin/env bash
# A real PgBouncer (Debian's) in front of the test primary of scripts/pg-up.sh, for the pooler tests
# (src/main/engines/postgres/pgbouncer*.int.test.ts). Its own config, auth file and pid in a temp dir,
# run as the postgres user (pgbouncer refuses root); Debian's systemd unit is never used.
# Pools: dbc_tx (transaction mode), dbc_session (session mode), dbc_stmt (statement mode) on database
# `app`, and every other database name through `*` in transaction mode with pool_size 1, so that a
# test's own scratch database (createScratchDb) gets a pool it can saturate on its own.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/ports.sh"
"$here/pgbouncer-down.sh" >/dev/null 2>&1 || true
rm -rf "$PGBOUNCER_BASE"; mkdir -p "$PGBOUNCER_BASE"
primary="host=127.0.0.1 port=$PG_PRIMARY_PORT"
cat >"$PGBOUNCER_BASE/pgbouncer.ini" <<INI
[databases]
dbc_tx = $primary dbname=app pool_mode=transaction pool_size=2
dbc_session = $primary dbname=app pool_mode=session pool_size=2
dbc_stmt = $primary dbname=app pool_mode=statement pool_size=2
* = $primary pool_mode=transaction pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
pidfile = $PGBOUNCER_BASE/pgbouncer.pid
logfile = $PGBOUNCER_BASE/pgbouncer.log
auth_type = scram-sha-256
auth_file = $PGBOUNCER_BASE/userlist.txt
admin_users = postgres
stats_users = dbconsole_app
pool_mode = transaction
default_pool_size = 2
max_client_conn = 100
server_reset_query = DISCARD ALL
ignore_startup_parameters = extra_float_digits
INI
# Plain-text passwords: pgbouncer answers the client's SCRAM and does SCRAM to the server with them.
cat >"$PGBOUNCER_BASE/userlist.txt" <<USERS
"postgres" "$PGBOUNCER_ADMIN_PASSWORD"
"dbconsole_app" "$PG_APP_PASSWORD"
USERS
chmod 600 "$PGBOUNCER_BASE/userlist.txt"
chown -R postgres:postgres "$PGBOUNCER_BASE"
runuser -u postgres -- pgbouncer -d "$PGBOUNCER_BASE/pgbouncer.ini"
for _ in $(seq 50); do
  [ -s "$PGBOUNCER_BASE/pgbouncer.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PGBOUNCER_PORT") 2>/dev/null && break
  sleep 0.1
done
echo "pgbouncer $(pgbouncer --version | head -1 | cut -d' ' -f2) 127.0.0.1:$PGBOUNCER_PORT -> primary 127.0.0.1:$PG_PRIMARY_PORT (config in $PGBOUNCER_BASE)"
