#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432 (or $PGHOST:$PGPORT), starting the Debian cluster
# when it does not. The PostgreSQL tests and the multi-node test use it; nothing else needs a server.
set -euo pipefail
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
if pg_isready -q -h "$host" -p "$port"; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null; then
  echo "PostgreSQL does not answer at $host:$port and pg_ctlcluster is not installed: start a server there" >&2
  exit 1
fi
version="$(ls /etc/postgresql | sort -V | tail -1)"
echo "PostgreSQL does not answer at $host:$port: starting cluster $version/main" >&2
pg_ctlcluster --skip-systemctl-redirect "$version" main start
for _ in $(seq 1 30); do
  if pg_isready -q -h "$host" -p "$port"; then exit 0; fi
  sleep 1
done
echo "PostgreSQL $version/main did not answer at $host:$port within 30 s; see /var/log/postgresql/" >&2
exit 1
