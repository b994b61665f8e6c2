#!/usr/bin/env bash
# A backup of the database and the uploaded files, in one new directory under the destination:
#   db.dump        pg_dump's custom format (compressed; pg_restore reads it, table by table if need be)
#   media.tar.gz   MEDIA_ROOT, the attachments and generated files
#   SHA256SUMS     restore.sh checks these before touching anything
# usage: deploy/backup.sh [DESTINATION]   (default $BACKUP_DIR, else /var/backups/edu-approvals)
# Reads DATABASE_URL and MEDIA_ROOT from the environment (the service's environment file:
#   set -a; . /etc/edu-approvals/env; set +a; deploy/backup.sh). Prints the new directory.
# The dump comes first, then the files: a file is written before the row that names it commits,
# so every attachment in the dump is in the archive. With S3 storage (AWS_STORAGE_BUCKET_NAME) the
# bucket keeps the files: back it up with the provider's versioning, MEDIA_ROOT then holds none.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
destination=${1:-${BACKUP_DIR:-/var/backups/edu-approvals}}
target="$destination/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$target"
umask 077
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$target/db.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
(cd "$target" && sha256sum db.dump media.tar.gz > SHA256SUMS)
echo "$target"
