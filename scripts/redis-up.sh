#!/usr/bin/env bash
# Redis standalone + replica + 3-master cluster for tests and the demo (Debian's redis-server 7.0).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/ports.sh"
"$here/redis-down.sh" >/dev/null 2>&1 || true
rm -rf "$REDISBASE"; mkdir -p "$REDISBASE"
start() {
  local port=$1 dir="$REDISBASE/$2"; shift 2; mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "$@"
}
waitping() { for _ in $(seq 100); do redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.05; done; echo "redis on $1 did not start" >&2; return 1; }
start "$REDIS_PORT" standalone --latency-monitor-threshold 1 --enable-debug-command local --repl-diskless-sync-delay 0
start "$REDIS_REPLICA_PORT" replica --replicaof 127.0.0.1 "$REDIS_PORT" --enable-debug-command local
for p in $REDIS_CLUSTER_PORTS; do
  start "$p" "c$p" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --enable-debug-command local --latency-monitor-threshold 1
done
for p in "$REDIS_PORT" "$REDIS_REPLICA_PORT" $REDIS_CLUSTER_PORTS; do waitping "$p"; done
redis-cli --cluster create $(for p in $REDIS_CLUSTER_PORTS; do printf '127.0.0.1:%s ' "$p"; done) \
  --cluster-replicas 0 --cluster-yes >"$REDISBASE/cluster-create.log"
first=${REDIS_CLUSTER_PORTS%% *}
for _ in $(seq 100); do redis-cli -p "$first" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
for _ in $(seq 100); do redis-cli -p "$REDIS_REPLICA_PORT" info replication 2>/dev/null | grep -q 'master_link_status:up' && break; sleep 0.1; done
echo "redis standalone 127.0.0.1:$REDIS_PORT, replica :$REDIS_REPLICA_PORT, cluster :${REDIS_CLUSTER_PORTS// /,:} (data in $REDISBASE)"
