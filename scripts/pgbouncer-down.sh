#!/usr/bin/env bash
# Stops the PgBouncer of scripts/pgbouncer-up.sh (by its own pid file only).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/ports.sh"
pidfile="$PGBOUNCER_BASE/pgbouncer.pid"
if [ -s "$pidfile" ]; then
  pid=$(cat "$pidfile")
  kill -INT "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
fi
exit 0
