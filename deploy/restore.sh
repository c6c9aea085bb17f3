#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the database named by DATABASE_URL.
#
#   DATABASE_URL=postgres://user:pass@host:5432/shouxian_restored MEDIA_ROOT=/data/media \
#   deploy/restore.sh backups/shouxian-20261130T010000Z.dump [backups/shouxian-...-media.tar.gz]
#
# The database is created when it does not exist (through the server's "postgres" database);
# objects already in it are replaced (pg_restore --clean). The media archive, when given (by
# default the one next to the dump), is unpacked into MEDIA_ROOT.
set -euo pipefail

if [[ -z "${DATABASE_URL:-}" && -f .env ]]; then
  set -a; . ./.env; set +a
fi
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"
dump="${1:?usage: restore.sh BACKUP.dump [MEDIA.tar.gz]}"
media="${2:-${dump%.dump}-media.tar.gz}"
MEDIA_ROOT="${MEDIA_ROOT:-media}"
[[ -f "$dump" ]] || { echo "restore.sh: no such dump: $dump" >&2; exit 2; }

if ! psql "$DATABASE_URL" -Atqc "select 1" >/dev/null 2>&1; then
  base="${DATABASE_URL%%\?*}"
  name="${base##*/}"
  echo "restore.sh: creating database $name"
  psql "${base%/*}/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$name\""
fi
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$dump"

if [[ -f "$media" ]]; then
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$media"
  echo "restore.sh: media restored into $MEDIA_ROOT"
fi
echo "restore.sh: database restored from $dump"
