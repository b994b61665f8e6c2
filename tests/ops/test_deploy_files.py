"""deploy/: the environment template names every setting core/settings.py reads, and the units
and the nginx site agree with the settings they depend on. (CI also runs deploy/check.sh:
systemd-analyze verify and nginx -t.)"""

import re
from pathlib import Path

from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
# What the units themselves read from the environment file, besides the settings.
UNIT_VARIABLES = {"WEB_CONCURRENCY", "WORKER_CONCURRENCY"}
# Read by boto3 itself rather than by core/settings.py.
BOTO = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def _read_by_settings() -> set[str]:
    source = (Path(settings.BASE_DIR) / "core" / "settings.py").read_text()
    return set(re.findall(r'(?:env|environ\.Env\(\))\.?\w*\(\s*"([A-Z][A-Z0-9_]+)"', source))


def _in_template() -> set[str]:
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.template").read_text(), re.MULTILINE))


def test_the_environment_template_lists_every_setting():
    read = _read_by_settings()
    assert {"DATABASE_URL", "SECRET_KEY", "AUDIT_HMAC_KEYS", "VAR_DIR", "AWS_S3_ENDPOINT_URL"} <= read
    assert read - _in_template() == set()
    assert _in_template() - read - UNIT_VARIABLES - BOTO == set()  # nothing listed that nobody reads


def test_nginx_accepts_exactly_the_applications_largest_request():
    site = (DEPLOY / "nginx" / "edu-approvals.conf").read_text()
    [size] = re.findall(r"client_max_body_size (\d+)m;", site)
    assert int(size) * 1024 * 1024 == settings.REQUEST_MAX_BYTES
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in (DEPLOY / "nginx" / "proxy_params_edu").read_text()
    assert "/media" not in site  # uploads only through the scope-checking download view


def test_only_beat_runs_the_schedule_and_the_watch_is_outside_it():
    units = {p.name: p.read_text() for p in (DEPLOY / "systemd").iterdir()}
    beats = [name for name, text in units.items() if re.search(r"^ExecStart=\S*celery -A core beat ", text, re.MULTILINE)]
    assert beats == ["edu-beat.service"]
    assert "manage.py watch_background" in units["edu-watch.service"]
    assert "OnUnitActiveSec=1min" in units["edu-watch.timer"]
