#!/usr/bin/env bash
# Restore a backup made by backup.sh into a fresh, empty database and an empty MEDIA_ROOT, then
# check it: migrations (a backup from an older release is brought up to this one) and the audit
# log's hash chains (audit_verify, without writing a checkpoint). Refuses a database that already
# has tables and a MEDIA_ROOT with files in it: a restore never overwrites.
# usage: deploy/restore.sh BACKUP_DIRECTORY
#   with DATABASE_URL (createdb it first, owned by the service's user), MEDIA_ROOT and the rest of
#   the service's environment (AUDIT_HMAC_KEYS / AUDIT_HMAC_KEY: the same keys as the backup's site).
# PYTHON defaults to the virtualenv beside this script's checkout.
set -euo pipefail
source_dir=${1:?usage: restore.sh BACKUP_DIRECTORY}
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}

(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)
tables=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore.sh: the database already has $tables tables; restore only into a fresh one" >&2
  exit 2
fi
mkdir -p "$MEDIA_ROOT"
if [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  echo "restore.sh: $MEDIA_ROOT is not empty; restore only into an empty directory" >&2
  exit 2
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" \
  "$source_dir/db.dump"
tar -C "$MEDIA_ROOT" -xzf "$source_dir/media.tar.gz"
cd "$here"
"$python" manage.py migrate --noinput
"$python" manage.py audit_verify --no-checkpoint
echo "restored $source_dir"
