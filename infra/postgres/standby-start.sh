#!/usr/bin/env bash
# The standby: on first start it copies the primary (pg_basebackup -R writes standby.signal and the connection
# to stream from) through its replication slot, then runs as a hot standby. Promote it with
#   docker compose exec postgres-standby pg_ctl promote
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres-primary -U "$POSTGRES_USER"; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h postgres-primary -U replicator -D "$PGDATA" \
    -R -X stream -C -S statledger_standby --no-password
  chmod 0700 "$PGDATA"
fi
# cluster_name is the name the primary knows it by in synchronous_standby_names.
exec postgres -c hot_standby=on -c cluster_name=statledger_standby
