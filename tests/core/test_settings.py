import subprocess
import sys

from django.conf import settings


def test_chinese_first_and_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ


def test_custom_user_model_from_first_migration():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    first = loader.get_migration("orgs", "0001_initial")
    assert any(getattr(op, "name", "") == "User" for op in first.operations)
    assert settings.AUTH_USER_MODEL == "orgs.User"


def _manage_with_production_settings(tmp_path, *args, secrets=True, **env_extra):
    """Run manage.py in a fresh process on core.settings with DEBUG off, as a server would."""
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "core.settings", "DEBUG": "false",
           "VAR_DIR": str(tmp_path / "var")}
    if secrets:
        # check --deploy wants at least 50 characters with some variety.
        env.update(SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-1234567890",
                   AUDIT_HMAC_KEY="prod-audit-key")
    env.update(env_extra)
    return subprocess.run([sys.executable, "manage.py", *args], capture_output=True, text=True, env=env,
                          cwd=settings.BASE_DIR)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage_with_production_settings(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                                              ALLOWED_HOSTS="edu.example.cn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHELL = ("shell", "--no-imports", "-c")
# A GET that claims, as a proxy would, to have come over https; printed: status and Location.
CLAIMS_HTTPS = (
    "from django.test import Client; "
    "r = Client().get('/accounts/login/', HTTP_X_FORWARDED_PROTO='https'); "
    "print(r.status_code, r.get('Location', ''))"
)


def test_a_client_cannot_claim_https_unless_the_app_is_behind_a_proxy(tmp_path):
    # The attack: a client reaching the application directly sends X-Forwarded-Proto: https to
    # pass as a secure connection. Off by default: redirected to https like any plain request.
    direct = _manage_with_production_settings(tmp_path, *SHELL, CLAIMS_HTTPS, ALLOWED_HOSTS="testserver")
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.split() == ["301", "https://testserver/accounts/login/"]
    # BEHIND_PROXY=true: the proxy's header is believed, the sign-in page is served.
    proxied = _manage_with_production_settings(tmp_path, *SHELL, CLAIMS_HTTPS, ALLOWED_HOSTS="testserver",
                                               BEHIND_PROXY="true")
    assert proxied.returncode == 0, proxied.stderr
    assert proxied.stdout.split() == ["200"]


def test_check_deploy_is_clean_behind_a_proxy_too(tmp_path):
    result = _manage_with_production_settings(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                                              ALLOWED_HOSTS="edu.example.cn", BEHIND_PROXY="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_need_secrets(tmp_path):
    result = _manage_with_production_settings(tmp_path, "check", secrets=False)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_collectstatic_works_with_production_settings(tmp_path):
    result = _manage_with_production_settings(tmp_path, "collectstatic", "--noinput",
                                              STATIC_ROOT=str(tmp_path / "static"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "static" / "css" / "app.css.gz").exists()


def test_admin_titles_are_the_bureaus_in_chinese(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "沈阳市教育局 · 教育审批系统" in page
    assert "Django" not in page.split("<title>")[1].split("</title>")[0]


PRINT_CONNECTION = ("from django.conf import settings; d = settings.DATABASES['default']; "
                    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")


def test_production_keeps_postgresql_connections_and_checks_them_before_reuse(tmp_path):
    # Settings only: no connection is opened, so the address need not answer.
    kept = _manage_with_production_settings(tmp_path, *SHELL, PRINT_CONNECTION,
                                            DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.split() == ["60", "True"]
    per_request = _manage_with_production_settings(tmp_path, *SHELL, PRINT_CONNECTION, DB_CONN_MAX_AGE="0",
                                                   DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert per_request.stdout.split() == ["0", "True"]
