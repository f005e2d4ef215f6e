# Ports and data dirs of the local servers. Tests use the defaults; the demo sets DBCONSOLE_SANDBOX=demo
# Cluster ports stay below 55535: the cluster bus listens on port + 10000.
# so that a running demo and a test run never share (or wipe) each other's servers.
# Tests' own servers: PG 55700-55799, Redis 46000-46999 and 45001-45006, sshd 57400-57499,
# sentinels 57500-57599, the client-certificate TLS suite's PG and Redis 59500-59599 (src/main/testing/own-servers.ts, redis-own-servers.ts, own-sshd.ts, own-sentinels.ts).
if [ "${DBCONSOLE_SANDBOX:-test}" = demo ]; then
  : "${PGBASE:=/tmp/dbconsole-demo/pg}" "${PG_PRIMARY_PORT:=55532}" "${PG_REPLICA_PORT:=55533}"
  : "${REDISBASE:=/tmp/dbconsole-demo/redis}" "${REDIS_PORT:=56479}" "${REDIS_REPLICA_PORT:=56480}"
  : "${REDIS_CLUSTER_PORTS:=47101 47102 47103}" "${MONGO_FAKE_PORT:=57317}"
else
  : "${PGBASE:=/tmp/dbconsole-test/pg}" "${PG_PRIMARY_PORT:=55432}" "${PG_REPLICA_PORT:=55433}"
  : "${REDISBASE:=/tmp/dbconsole-test/redis}" "${REDIS_PORT:=56379}" "${REDIS_REPLICA_PORT:=56380}"
  : "${REDIS_CLUSTER_PORTS:=47001 47002 47003}" "${MONGO_FAKE_PORT:=57017}"
fi
: "${PG_APP_PASSWORD:=app-secret-Sentinel-7f3a}"
# PgBouncer in front of the primary (scripts/pgbouncer-up.sh): the tests' on 59200, the demo's on 59250.
if [ "${DBCONSOLE_SANDBOX:-test}" = demo ]; then
  : "${PGBOUNCER_BASE:=/tmp/dbconsole-demo/pgbouncer}" "${PGBOUNCER_PORT:=59250}"
else
  : "${PGBOUNCER_BASE:=/tmp/dbconsole-test/pgbouncer}" "${PGBOUNCER_PORT:=59200}"
fi
: "${PGBOUNCER_ADMIN_PASSWORD:=pgbouncer-admin-Sentinel-2c9d}"
export PGBOUNCER_BASE PGBOUNCER_PORT PGBOUNCER_ADMIN_PASSWORD
export PGBASE PG_PRIMARY_PORT PG_REPLICA_PORT REDISBASE REDIS_PORT REDIS_REPLICA_PORT REDIS_CLUSTER_PORTS MONGO_FAKE_PORT PG_APP_PASSWORD
