#!/bin/sh
# Run once by the official postgres image when it initialises a primary's empty volume
# (/docker-entrypoint-initdb.d): a role that may stream WAL to the replica services, and the
# pg_hba.conf line that lets it connect for replication (`all` does not cover replication).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
