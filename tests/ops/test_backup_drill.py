"""The backup drill: make data, back it up with deploy/backup.sh, lose the files, restore with
deploy/restore.sh into a fresh database and directory, and check the restored site: audit_verify
passes, every attachment downloads through the app with its bytes, and every table's count matches."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.city import build_city
from tests.conftest import need
from tests.sample_files import upload
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import new_item
from workflows.engine.models import Attachment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEPLOY = Path(settings.BASE_DIR) / "deploy"
# Run in the restored site: every attachment fetched by its download URL, as the person who uploaded it.
DOWNLOAD_ALL = """
import hashlib, json, os
from django.test import Client
from core.orgs.models import User
from workflows.engine.models import Attachment
client = Client()
client.force_login(User.objects.get(username=os.environ["DRILL_USER"]))
out = {}
for a in Attachment.objects.order_by("pk"):
    r = client.get(f"/api/v1/files/{a.pk}/download/")
    out[a.pk] = [r.status_code, hashlib.sha256(b"".join(r.streaming_content)).hexdigest()]
print(json.dumps(out))
"""


def _url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _counts(url: str) -> dict:
    tables = subprocess.run(["psql", url, "-Atc", "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                             "ORDER BY 1"], check=True, capture_output=True, text=True).stdout.split()
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    rows = subprocess.run(["psql", url, "-AtF", "=", "-c", query], check=True, capture_output=True, text=True).stdout
    return dict(line.split("=") for line in rows.split())


def test_backup_drop_restore_verify(tmp_path, on_postgres, settings):
    need(all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql", "createdb", "dropdb")),
         "the PostgreSQL client tools are not installed")
    media, restored_media, backups = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backups"
    settings.MEDIA_ROOT = str(media)
    city = build_city()
    names = ["自评报告.pdf", "校园.png", "方案.docx"]
    for n in range(2):
        item = new_item(city, title=f"演练申报{n}")
        for name in names:
            response = client_for(city.head).post(f"/api/v1/items/{item.pk}/files/",
                                                  {"file": upload(name), "slot": "report"}, format="multipart")
            assert response.status_code == 201, response.json()
    digests = {str(a.pk): hashlib.sha256(a.file.open("rb").read()).hexdigest() for a in Attachment.objects.all()}
    assert len(digests) == 6
    original = _url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": original, "MEDIA_ROOT": str(media)}

    made = subprocess.run([str(DEPLOY / "backup.sh"), str(backups)], env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "db.dump", "media.tar.gz"]
    before = _counts(original)
    shutil.rmtree(media)  # the server's disk is lost

    fresh = f"{connection.settings_dict['NAME']}_restored"
    host = ["-h", connection.settings_dict["HOST"] or "127.0.0.1", "-U", connection.settings_dict["USER"]]
    subprocess.run(["dropdb", *host, "--if-exists", fresh], check=True)
    subprocess.run(["createdb", *host, fresh], check=True)
    try:
        restored_env = {**env, "DATABASE_URL": _url(fresh), "MEDIA_ROOT": str(restored_media),
                        "PYTHON": sys.executable, "DJANGO_SETTINGS_MODULE": "tests.settings",
                        "ALLOWED_HOSTS": "testserver", "DRILL_USER": city.head.username}
        done = subprocess.run([str(DEPLOY / "restore.sh"), str(backup)], env=restored_env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "审计日志完好" in done.stdout
        after = _counts(_url(fresh))
        assert after == before
        assert int(after["audit_auditevent"]) > 0 and int(after["workflows_attachment"]) == 6
        downloads = subprocess.run([sys.executable, "manage.py", "shell", "-c", DOWNLOAD_ALL], env=restored_env,
                                   cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120)
        assert downloads.returncode == 0, downloads.stderr
        fetched = json.loads(downloads.stdout.strip().splitlines()[-1])
        assert fetched == {pk: [200, digest] for pk, digest in digests.items()}

        # A second restore into the now full database is refused and changes nothing.
        after = _counts(_url(fresh))  # the downloads signed in: a session and a sign-in event more
        again = subprocess.run([str(DEPLOY / "restore.sh"), str(backup)], env=restored_env, capture_output=True,
                               text=True)
        assert again.returncode == 2 and "restore only into a fresh one" in again.stderr
        assert _counts(_url(fresh)) == after
    finally:
        subprocess.run(["dropdb", *host, "--if-exists", fresh], check=True)
