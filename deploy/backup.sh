#!/usr/bin/env bash
# Back up Shouxian: the PostgreSQL database (pg_dump custom format) and the private media root.
#
#   DATABASE_URL=postgres://user:pass@host:5432/shouxian MEDIA_ROOT=/data/media \
#   BACKUP_DIR=/backups deploy/backup.sh
#
# Writes BACKUP_DIR/shouxian-<UTC stamp>.dump and BACKUP_DIR/shouxian-<UTC stamp>-media.tar.gz,
# prints both paths, and keeps the newest BACKUP_KEEP pairs (default 14; 0 keeps all).
# Without DATABASE_URL in the environment it is read from ./.env (as the app does).
set -euo pipefail

if [[ -z "${DATABASE_URL:-}" && -f .env ]]; then
  set -a; . ./.env; set +a
fi
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not PostgreSQL (an embedded SQLite file is copied as a file)" >&2; exit 2 ;;
esac
BACKUP_DIR="${BACKUP_DIR:-backups}"
MEDIA_ROOT="${MEDIA_ROOT:-media}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_DIR"
umask 077  # the dump holds personal data: owner-only files

dump="$BACKUP_DIR/shouxian-$stamp.dump"
media="$BACKUP_DIR/shouxian-$stamp-media.tar.gz"
pg_dump --format=custom --no-owner --no-privileges --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"
if [[ -d "$MEDIA_ROOT" ]]; then
  tar -C "$MEDIA_ROOT" -czf "$media.partial" .
else
  tar -czf "$media.partial" --files-from /dev/null
fi
mv "$media.partial" "$media"

if [[ "$BACKUP_KEEP" -gt 0 ]]; then
  ls -1t "$BACKUP_DIR"/shouxian-*.dump 2>/dev/null | tail -n "+$((BACKUP_KEEP + 1))" | while read -r old; do
    rm -f -- "$old" "${old%.dump}-media.tar.gz"
  done
fi
echo "$dump"
echo "$media"
