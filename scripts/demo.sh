#!/usr/bin/env bash
# The app on a local sandbox of real servers with problems seeded in: PostgreSQL 15 primary + replica,
# Redis standalone + replica + 3-master cluster, and the MongoDB wire-protocol fake (no mongod exists
# for these machines). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export DBCONSOLE_SANDBOX=demo
source scripts/ports.sh
bash scripts/setup.sh
npx electron-vite build >/dev/null
bash scripts/pg-up.sh
bash scripts/pgbouncer-up.sh
bash scripts/redis-up.sh
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  bash scripts/pgbouncer-down.sh; bash scripts/pg-down.sh; bash scripts/redis-down.sh
}
trap cleanup EXIT INT TERM
npx tsx scripts/mongo-fake/main.ts --port "$MONGO_FAKE_PORT" --scenario replset-lagging >/tmp/dbconsole-demo-mongo.log 2>&1 &
pids+=($!)
npx tsx scripts/demo/seed.ts
npx tsx scripts/demo/troublemaker.ts >/tmp/dbconsole-demo-trouble.log 2>&1 &
pids+=($!)
token=$(node -e "console.log(require('node:crypto').randomBytes(18).toString('base64url'))")
port=${DEMO_PORT:-4174}
# The token goes through the environment: on the command line every local user could read it in ps.
DBCONSOLE_TOKEN="$token" node bin/dbconsole.mjs serve --port "$port" --data-dir /tmp/dbconsole-demo/data &
pids+=($!)
DBCONSOLE_TOKEN="$token" npx tsx scripts/demo/add-profiles.ts "http://127.0.0.1:$port"
echo
echo "dbconsole demo: open http://127.0.0.1:$port/#token=$token"
echo "(Ctrl-C stops the app and the sandbox servers)"
wait "${pids[-1]}"
