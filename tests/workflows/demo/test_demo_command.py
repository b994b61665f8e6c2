"""`make run`'s demo: `manage.py seed_demo_items` seeds every piece on the real item kinds (never the
test suite's sample kinds) and prints a try-this-first list whose every line names a real login;
it refuses without DEBUG, and a second run writes nothing."""

from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from workflows.demo.guide import PIECES
from workflows.engine.models import Item, kind_models

pytestmark = pytest.mark.django_db
SAMPLE_KINDS = {code for code, model in kind_models().items() if model.__module__.startswith("tests.")}


def test_the_command_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo_items")


def test_the_demo_runs_on_the_real_kinds_and_names_real_logins(settings):
    seed_demo_city(password="Demo@2026-test")
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo_items", stdout=out)
    printed = out.getvalue()
    assert "先试试这些" in printed
    rows = [line for line in printed.splitlines() if line[:1].isdigit()]
    assert len(rows) >= 15
    for row in rows:
        assert User.objects.filter(username=row.split()[1]).exists(), row
    kinds = set(Item.objects.values_list("kind", flat=True))
    assert kinds and not kinds & SAMPLE_KINDS
    assert all(not piece.startswith("tests.") for piece in PIECES)
    count = Item.objects.count()
    call_command("seed_demo_items", stdout=StringIO())
    assert Item.objects.count() == count


def test_only_the_test_settings_install_the_sample_app():
    from pathlib import Path

    import core.settings

    assert "tests.sampleapp" in django_settings.INSTALLED_APPS  # this suite's settings (tests/settings.py)
    # The product's settings never name it, DEBUG or not (tests/settings.py appends to their list).
    assert "sampleapp" not in Path(core.settings.__file__).read_text(encoding="utf-8")
