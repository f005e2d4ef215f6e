#!/usr/bin/env bash
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/ports.sh"
pids=()
for f in "$REDISBASE"/*/redis.pid; do
  [ -f "$f" ] && pids+=("$(cat "$f")")
done
[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
# Wait for the ports to be free: the next redis-up must not race a server that is still exiting.
for pid in "${pids[@]}"; do
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
done
exit 0
