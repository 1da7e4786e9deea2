#!/usr/bin/env bash
# Back up a kztally database on PostgreSQL to one file (pg_dump's custom format, which
# pg_restore reads). Safe while workstations keep working: pg_dump reads one snapshot.
#
#   db/backup.sh [FILE]        (default: kztally-YYYYmmdd-HHMMSS.dump)
#
# Connection from the usual variables: PGHOST, PGPORT, PGUSER (the owner), PGDATABASE
# (default kztally); the password from ~/.pgpass or PGPASSWORD.
set -euo pipefail
export PGDATABASE="${PGDATABASE:-kztally}"
file="${1:-kztally-$(date +%Y%m%d-%H%M%S).dump}"
pg_dump --format=custom --compress=6 --no-owner --file="$file.part" "$PGDATABASE"
mv "$file.part" "$file"
pg_restore --list "$file" > /dev/null   # the file is readable
echo "backed up $PGDATABASE to $file"
