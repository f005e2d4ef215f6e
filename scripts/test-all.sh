#!/usr/bin/env bash
# Every test suite, from a fresh machine: install, build, static checks, unit, mongo (driver vs the
# wire-protocol fake), start the real servers, integration, e2e (Debian Chromium), stop the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step setup;        bash scripts/setup.sh
step build;        npx electron-vite build >/dev/null
step typecheck;    npm run --silent typecheck
step lint;         npm run --silent lint
step format;       npm run --silent format:check
step unit;         npx vitest run --project unit
step mongo;        npx vitest run --project mongo

cleanup() { bash scripts/pgbouncer-down.sh; bash scripts/pg-down.sh; bash scripts/redis-down.sh; }
trap cleanup EXIT
step servers;      bash scripts/pg-up.sh && bash scripts/pgbouncer-up.sh && bash scripts/redis-up.sh
step integration;  npx vitest run --project integration
step e2e;          npx playwright test --project chromium
step "all suites passed"
