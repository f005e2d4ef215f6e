#!/usr/bin/env bash
# Records the pg.log fixtures (src/main/diagnostics/pglog/fixtures) from a PostgreSQL 15 of its own:
#   bash scripts/record-fixtures/pg-logs.sh
# Not the shared test servers: this one logs every statement and plan, and is killed at the end. It
# writes stderr (log_line_prefix '%m [%p] %q%u@%d '), csvlog and jsonlog at once, runs a workload that
# makes every event happen for real (slow statements with literals and bind parameters, auto_explain
# plans in text and json, a lock wait, a deadlock, a temp file, errors, autovacuum, requested and timed
# checkpoints, connections), then saves the three logs and a copy of the stderr log cut mid-plan.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../src/main/diagnostics/pglog/fixtures"
PGBIN=/usr/lib/postgresql/15/bin
aspg() { runuser -u postgres -- "$@"; }

port=56900
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
base=$(mktemp -d /tmp/dbconsole-pglog.XXXXXX)
chown postgres:postgres "$base"
stop() { aspg "$PGBIN/pg_ctl" -D "$base/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$base"; }
trap stop EXIT

aspg "$PGBIN/initdb" -D "$base/data" -U postgres --auth=trust -E UTF8 --no-sync >"$base/initdb.log"
cat >>"$base/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base'
fsync = off
logging_collector = on
log_destination = 'stderr,csvlog,jsonlog'
log_directory = 'log'
log_filename = 'postgresql.log'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 0
log_lock_waits = on
deadlock_timeout = '100ms'
log_temp_files = 0
log_checkpoints = on
checkpoint_timeout = '30s'
log_autovacuum_min_duration = 0
autovacuum_naptime = '1s'
autovacuum_vacuum_threshold = 50
autovacuum_vacuum_scale_factor = 0
autovacuum_analyze_threshold = 50
autovacuum_analyze_scale_factor = 0
log_connections = on
log_disconnections = on
shared_preload_libraries = 'auto_explain'
auto_explain.log_min_duration = '20ms'
auto_explain.log_analyze = on
auto_explain.log_buffers = on
auto_explain.log_format = 'text'
CONF
started=$(date +%s)
aspg "$PGBIN/pg_ctl" -D "$base/data" -l "$base/pg_ctl.log" -w start >/dev/null
q() { psql -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }

q -d postgres -c 'create database shop'
q -d shop -v ON_ERROR_STOP=1 <<'SQL'
create table orders (id int primary key, customer int not null, status text not null, note text);
insert into orders select g, g % 500, case when g % 10 = 0 then 'open' else 'done' end, md5(g::text)
  from generate_series(1, 200000) g;
analyze orders;
-- Slow statements with literals: the same shapes with different constants and IN-list lengths.
select count(*) from orders where customer = 42;
select count(*) from orders where customer = 77;
select count(*) from orders where status = 'open' and customer in (1, 2, 3);
select count(*) from orders where status = 'open' and customer in (4, 5, 6, 7, 8, 9);
select * from orders where note like '%abc%' limit 5;
SQL
# Plans in json, in a session of their own.
q -d shop -c "set auto_explain.log_format = json" -c "select customer, count(*) from orders group by customer order by 2 desc limit 3"
# A temp file: a sort far larger than work_mem.
q -d shop -c "set work_mem = '64kB'" -c "select * from orders order by note offset 199990"
# Errors: division by zero, a missing table, a syntax error.
q -d shop -c "select 1 / 0" 2>/dev/null || true
q -d shop -c "select * from no_such_table" 2>/dev/null || true
q -d shop -c "selec 1" 2>/dev/null || true
# Bind parameters: pgbench in extended protocol logs "execute <unnamed>" with DETAIL: parameters.
PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres "$PGBIN/pgbench" -q -i -s 1 shop >/dev/null 2>&1
PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres "$PGBIN/pgbench" -n -M extended -c 2 -t 15 shop >/dev/null
# A lock wait (the second update waits ~400 ms, well past deadlock_timeout), then a deadlock.
q -d shop -c "begin" -c "update orders set status = 'held' where id = 1" -c "select pg_sleep(0.5)" -c "commit" &
sleep 0.1
q -d shop -c "update orders set status = 'late' where id = 1"
wait
q -d shop -c "begin" -c "update orders set note = 'a' where id = 10" -c "select pg_sleep(0.3)" -c "update orders set note = 'a' where id = 20" -c "commit" 2>/dev/null &
q -d shop -c "begin" -c "update orders set note = 'b' where id = 20" -c "select pg_sleep(0.3)" -c "update orders set note = 'b' where id = 10" -c "commit" 2>/dev/null || true
wait || true
# Autovacuum and autoanalyze: enough dead rows past the thresholds, then give the launcher a few naps.
q -d shop -c "update orders set status = 'done' where id <= 5000"
q -d postgres -c "checkpoint"
sleep 4
# One timed checkpoint: checkpoint_timeout is 30 s from the start.
while [ $(($(date +%s) - started)) -lt 36 ]; do sleep 1; done
q -d shop -c "select 1" >/dev/null

aspg "$PGBIN/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null
mkdir -p "$out"
for ext in log csv json; do cp "$base/data/log/postgresql.$ext" "$out/pg-log--workload--pg15.$ext"; done
# A copy cut in the middle of a plan line, as a log copied while the server was still writing it.
log="$out/pg-log--workload--pg15.log"
cut_at=$(grep -b -m1 'Seq Scan on orders' "$log" | cut -d: -f1)
head -c $((cut_at + 12)) "$log" >"$out/pg-log--cut-mid-plan--pg15.log"
wc -c "$out"/pg-log--*
