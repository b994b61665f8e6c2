"""The place left for the city's single sign-on: an SSO_BACKEND goes right after django-axes."""

import runpy

from django.conf import settings

import core.accounts.sso


def _backends(monkeypatch, tmp_path, sso_backend=None):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    if sso_backend is None:
        monkeypatch.delenv("SSO_BACKEND", raising=False)
    else:
        monkeypatch.setenv("SSO_BACKEND", sso_backend)
    return runpy.run_path(str(settings.BASE_DIR / "core" / "settings.py"))["AUTHENTICATION_BACKENDS"]


def test_sso_backend_goes_after_the_lockout_check_and_before_passwords(monkeypatch, tmp_path):
    backends = _backends(monkeypatch, tmp_path, "city_sso.backends.OIDCBackend")
    assert backends == [
        "axes.backends.AxesStandaloneBackend",
        "city_sso.backends.OIDCBackend",
        "core.accounts.backends.AccountBackend",
    ]


def test_without_sso_only_lockout_and_passwords(monkeypatch, tmp_path):
    assert _backends(monkeypatch, tmp_path) == [
        "axes.backends.AxesStandaloneBackend",
        "core.accounts.backends.AccountBackend",
    ]


def test_the_sso_module_says_what_a_backend_must_do():
    doc = core.accounts.sso.__doc__
    assert "SSO_BACKEND" in doc and "Never create roles" in doc and "orgs.User" in doc
