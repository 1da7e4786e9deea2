#!/usr/bin/env bash
# Restore a kztally backup (made by db/backup.sh) into a NEW, empty database, which the
# workstations are then pointed at (or which is renamed in place of the old one once
# they are stopped). Never restores over a database in use.
#
#   db/restore.sh FILE NEW_DATABASE
#
# Run as a role that may create databases (the postgres account); the new database is
# owned by KZTALLY_OWNER (default kztally_owner), and the rights are set again from
# db/grants.sql for KZTALLY_WORKSTATIONS (default kztally_workstation) and
# KZTALLY_ADMINISTRATORS (default kztally_administrator; an empty value: no such group).
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 FILE NEW_DATABASE" >&2
    exit 2
fi
file="$1"
target="$2"
owner="${KZTALLY_OWNER:-kztally_owner}"
workstations="${KZTALLY_WORKSTATIONS:-kztally_workstation}"
administrators="${KZTALLY_ADMINISTRATORS-kztally_administrator}"
here="$(cd "$(dirname "$0")" && pwd)"

pg_restore --list "$file" > /dev/null
exists=$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$target'")
if [ -n "$exists" ]; then
    echo "database $target exists already: restore into a new one" >&2
    exit 2
fi
createdb --owner="$owner" --encoding=UTF8 --template=template0 "$target"
psql -d "$target" -v ON_ERROR_STOP=1 -qc "REVOKE ALL ON DATABASE \"$target\" FROM PUBLIC" \
     -c "GRANT CONNECT ON DATABASE \"$target\" TO \"$workstations\"" \
     -c "ALTER SCHEMA public OWNER TO \"$owner\"" \
     -c "REVOKE ALL ON SCHEMA public FROM PUBLIC" \
     -c "GRANT USAGE ON SCHEMA public TO \"$workstations\""
pg_restore --exit-on-error --no-owner --no-acl --role="$owner" --dbname="$target" "$file"
grants=(-v workstations="$workstations")
if [ -n "$administrators" ]; then
    grants+=(-v administrators="$administrators")
fi
psql -d "$target" -v ON_ERROR_STOP=1 -q "${grants[@]}" -f "$here/grants.sql"
echo "restored $file into $target"
