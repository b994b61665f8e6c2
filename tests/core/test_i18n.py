"""The English catalog: complete, compiled, and actually used when a user asks for English."""

import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.core.i18n_helpers import EN_MO, EN_PO, catalog_from_po, parse_po

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
PYTHON_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
LOGIN = reverse("accounts:login")


@pytest.fixture(scope="module")
def entries():
    return parse_po(EN_PO.read_text(encoding="utf-8"))


def test_the_reader_understands_multiline_plural_and_fuzzy_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "一"\n"二 %(n)s"\nmsgstr "One"\n" two %(n)s"\n\n'
        'msgid "条"\nmsgid_plural "条"\nmsgstr[0] "item"\nmsgstr[1] ""\n\n'
        'msgctxt "菜单"\nmsgid "打开"\nmsgstr "Open"\n\n'
        '#~ msgid "旧"\n#~ msgstr "Old"\n'
    )
    header, multiline, plural, with_context = parse_po(text)
    assert header.is_header and header.fields["msgstr"] == "Language: en\n"
    assert (multiline.msgid, multiline.fields["msgstr"]) == ("一二 %(n)s", "One two %(n)s")
    assert multiline.is_fuzzy and multiline.is_translated and multiline.references == ["a.py:1"]
    assert not plural.is_translated
    assert catalog_from_po([with_context, plural, multiline]) == {"菜单\x04打开": "Open"}


def test_every_entry_is_translated_and_none_is_fuzzy(entries):
    messages = [entry for entry in entries if not entry.is_header]
    assert len(messages) > 100  # the real catalog, not an empty file
    untranslated = [entry.msgid for entry in messages if not entry.is_translated]
    fuzzy = [entry.msgid for entry in entries if entry.is_fuzzy]
    assert untranslated == [], "run `make messages` and translate these in locale/en/LC_MESSAGES/django.po"
    assert fuzzy == [], "check msgmerge's guesses, correct them and remove the fuzzy flag"


def test_msgids_are_chinese_so_the_default_language_shows_chinese(entries):
    english = [
        entry.msgid
        for entry in entries
        if not entry.is_header
        and re.search(r"[A-Za-z]{3}", PYTHON_PLACEHOLDER.sub("", entry.msgid))
        and not CJK.search(entry.msgid)
    ]
    assert english == []


def test_translations_keep_the_placeholders_of_their_msgid(entries):
    for entry in entries:
        if entry.is_header:
            continue
        expected = set(PYTHON_PLACEHOLDER.findall(entry.msgid))
        for translation_text in entry.translations:
            assert set(PYTHON_PLACEHOLDER.findall(translation_text)) == expected, entry.msgid


def test_compiled_catalog_matches_the_po_file(entries):
    with EN_MO.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    # _catalog is the parsed .mo: the only way gettext offers to list what a compiled file holds.
    compiled_entries = {key: value for key, value in compiled._catalog.items() if key != ""}
    assert compiled_entries == catalog_from_po(entries), "run `make messages` (compilemessages) and commit the .mo"


@pytest.mark.django_db
def test_sign_in_page_is_chinese_under_an_english_browser_until_english_is_chosen(client):
    chinese = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in chinese
    for text in ("用户登录", "用户名", "密码"):
        assert text in chinese
    assert "Sign in" not in chinese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in english
    for text in ("Sign in", "Username", "Password", "Shenyang Education Bureau"):
        assert text in english
    # The only Chinese left is the language switcher's name for Chinese itself.
    assert not CJK.search(english.replace("简体中文", ""))
    # The switcher names each language in itself, whichever language the page is in.
    for page in (english, chinese):
        assert ">简体中文</option>" in page and ">English</option>" in page


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "用户登录" in client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fr").content.decode()


@pytest.mark.django_db
def test_language_cookie_overrides_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Sign in" in page and "用户登录" not in page


@pytest.mark.django_db
def test_switching_language_through_set_language_view(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN}, follow=True)
    assert "Sign in" in response.content.decode()


def test_model_and_choice_labels_switch_language():
    with translation.override("en"):
        assert str(Organisation._meta.verbose_name) == "Organisation"
        assert Role.DISTRICT_REVIEWER.label == "District reviewer"
        assert str(OrgKind.SCHOOL.label) == "School"
        assert str(Organisation._meta.get_field("parent").verbose_name) == "Parent organisation"
    with translation.override("zh-hans"):
        assert str(Organisation._meta.verbose_name) == "组织"
        assert Role.DISTRICT_REVIEWER.label == "区县审核员"
        assert str(OrgKind.SCHOOL.label) == "学校"
