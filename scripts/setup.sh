#!/usr/bin/env bash
# Installs what the app and its tests need on a fresh Debian 12 machine (root, Node 20): Debian's
# PostgreSQL 15 (with hypopg and pg_qualstats) and PgBouncer, Redis 7.0, Chromium, Prometheus (the exporter's end-to-end
# test) and OpenSSH's sshd (the SSH tunnel tests), then the npm
# packages. Skips whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql-15 postgresql-client-15)
# The index advisor proves candidates with hypopg and reads pg_qualstats (index-advisor.int.test.ts).
[ -f /usr/share/postgresql/15/extension/hypopg.control ] || need+=(postgresql-15-hypopg)
[ -f /usr/share/postgresql/15/extension/pg_qualstats.control ] || need+=(postgresql-15-pg-qualstats)
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
command -v chromium >/dev/null || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
command -v prometheus >/dev/null || need+=(prometheus)
# The SSH tunnel tests start an sshd of their own (src/main/testing/own-sshd.ts); ssh-keygen makes their keys.
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
# better-sqlite3 (the history store) is built from source at npm ci: a C++ compiler, make and python3.
command -v g++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
command -v python3 >/dev/null || need+=(python3)
# bzip2 and xz server logs are decompressed by these tools (src/main/log-files/decompress.ts).
command -v bzip2 >/dev/null || need+=(bzip2)
command -v xz >/dev/null || need+=(xz-utils)
# The Sentinel tests start sentinels of their own (src/main/testing/own-sentinels.ts).
command -v redis-sentinel >/dev/null || need+=(redis-sentinel)
# The pooler tests run through a real PgBouncer (scripts/pgbouncer-up.sh starts its own, not the service).
command -v pgbouncer >/dev/null || need+=(pgbouncer)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "setup: need root to install ${need[*]}" >&2; exit 1; fi
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The servers of the tests and the demo listen inside Linux's ephemeral port range (32768-60999): reserve
# their ranges so that no outgoing connection takes one first ('Address already in use' on a cluster port).
reserved=/proc/sys/net/ipv4/ip_local_reserved_ports
ours=45000-47999,55000-58999
if [ -w "$reserved" ] && ! grep -q "45000-47999" "$reserved"; then
  current=$(cat "$reserved")
  echo "${current:+$current,}$ours" >"$reserved" || echo "setup: could not reserve ports $ours (tests may meet taken ports)"
fi
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
