"""Installing Django REST framework keeps Django's own Chinese wording on every form (the override
catalog in locale/zh_Hans), while DRF's own messages in API errors are still Chinese."""

from django.utils import translation

from tests.workflows.api.helpers import client_for


def test_django_wording_wins_where_drf_translates_the_same_msgid():
    with translation.override("zh-hans"):
        assert translation.gettext("This field is required.") == "这个字段是必填项。"
        assert translation.gettext("Search") == "搜索"
        assert translation.gettext("A valid integer is required.") == "请填写合法的整数值。"  # DRF's own


def test_api_field_errors_are_chinese(city):
    body = client_for(city.city).get("/api/v1/items/", {"year": "abc", "created_after": "2026-02-30"}).json()
    assert body["fields"]["year"] == ["请填写合法的整数值。"]
    assert body["fields"]["created_after"][0].startswith("日期格式错误")
