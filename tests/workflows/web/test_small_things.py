"""#13 item 14, the small things: a queue named "和平区的区县审核员" (not "和平区 区县审核员"),
file-type names without a stray space, each status once in the 状态 filter, and 类别 offering only
kinds that have items."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.orgs.roles import Role, role_at
from tests.workflows.web.conftest import client_for, item_url, submitted_item
from workflows.engine.files.uploads import ALLOWED, check_upload
from workflows.engine.models import Item
from workflows.web.forms import kind_choices, status_choices

pytestmark = pytest.mark.django_db

# A space on either side between a CJK character and a Latin letter or digit.
STRAY_SPACE = re.compile(r"[\u4e00-\u9fff] [A-Za-z0-9]|[A-Za-z0-9] [\u4e00-\u9fff]")


def test_a_queue_is_named_as_its_organisations_role(city):
    item = submitted_item(city)
    page = client_for(city.head).get(item_url(item)).content.decode()
    assert "办理人：和平区的区县审核员" in page and "和平区 区县审核员" not in page
    assert role_at(None, Role.DISTRICT_REVIEWER) == "区县审核员"


def test_no_file_type_name_has_a_stray_space():
    assert [str(t.label) for t in ALLOWED.values() if STRAY_SPACE.search(str(t.label))] == []
    fake = SimpleUploadedFile("自评报告.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        check_upload(fake)
    assert refused.value.messages == ["文件“自评报告.pdf”的内容与扩展名“.pdf”不符，请上传真实的PDF文档。"]


def test_each_status_label_is_offered_once_and_finds_every_kind_under_it(city):
    labels = [str(label) for _value, label in status_choices()]
    assert len(labels) == len(set(labels)) and labels.count("市局审核中") == 1
    shared = dict((str(label), value) for value, label in status_choices())["市局审核中"]
    assert set(shared.split(",")) == {"city_review", "checking"}

    sample, case = submitted_item(city, title="甲"), submitted_item(city, title="乙")
    Item.objects.filter(pk=sample.pk).update(status="city_review")
    Item.objects.filter(pk=case.pk).update(kind="sample_case", status="checking")
    page = client_for(city.city).get(reverse("workflows:items"), {"status": shared}).content.decode()
    assert sample.ref_no in page and case.ref_no in page
    assert page.count(">市局审核中</option>") == 1


def test_kind_filter_offers_only_kinds_with_items(city):
    assert kind_choices() == [("", "全部类别")]
    submitted_item(city)
    assert [code for code, _label in kind_choices()] == ["", "sample"]
    page = client_for(city.city).get(reverse("workflows:items")).content.decode()
    assert "示例申报" in page and "示例督导计划" not in page
