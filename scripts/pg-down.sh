#!/usr/bin/env bash
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/ports.sh"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
for d in replica primary; do
  [ -f "$PGBASE/$d/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGBASE/$d" -m immediate -w stop >/dev/null 2>&1
done
exit 0
