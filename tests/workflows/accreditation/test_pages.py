"""The accreditation kind on the engine's pages: 发起申报 offers the campaign, the new draft's form
asks for a score and a note per indicator of the programme's rubric, the draft page lists the
programme's evidence slots and refuses a file its slot does not accept, the item page shows the
application's own fields; another school's head and another district's reviewer see nothing (404)
and write nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.calendar import install_test_calendar
from tests.sample_files import jpeg, pdf
from tests.workflows.accreditation.helpers import S, at, build_acc_city
from tests.workflows.web.conftest import client_for
from workflows.accreditation.models import Accreditation, AccreditationDetails
from workflows.engine.models import Attachment, Item

pytestmark = pytest.mark.django_db

FIELDS = {"title": "和平一校新优质学校申报", "f-summary": "办学规范", "f-features": "书香校园",
          "f-score_A1": "18", "f-note_A1": "生均校舍面积达标", "f-score_A2": "17", "f-score_B1": "9", "f-score_B2": "36"}


@pytest.fixture
def acc(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    return build_acc_city()


def test_a_head_starts_fills_the_self_assessment_uploads_and_submits_on_the_pages(acc):
    head = client_for(acc.heads[0])
    new = reverse("workflows:start-new", args=["accreditation", acc.campaign.pk, acc.schools[0].pk])
    start = head.get(reverse("workflows:start")).content.decode()
    assert "新优质均衡(示范)学校 · 2021年度" in start and new in start
    form = head.get(new).content.decode()
    assert "A1 校舍：自评得分（满分20）" in form and "B2 学生发展：自评得分（满分40）" in form and "办学特色" in form
    over = head.post(new, {**FIELDS, "f-score_A1": "25"})
    assert over.status_code == 400 and not Item.objects.exists()
    assert head.post(new, FIELDS).status_code == 302
    item = Accreditation.objects.get()
    assert AccreditationDetails.objects.get(item=item).self_assessment["A1"] == {"score": "18", "note": "生均校舍面积达标"}

    draft = reverse("workflows:draft", args=[item.pk])
    page = head.get(draft).content.decode()
    assert "自评报告（必须上传）" in page and ".pdf" in page and "校园照片" in page and 'value="36' in page
    add = reverse("workflows:draft-file-add", args=[item.pk])
    refused = head.post(add, {"slot": "report", "file": SimpleUploadedFile("校园.jpg", jpeg(b"1"))})
    assert refused.status_code == 400 and "只接受以下类型的文件" in refused.content.decode()
    assert not Attachment.objects.exists()
    missing = head.post(reverse("workflows:draft-submit", args=[item.pk]))
    assert missing.status_code == 400 and "提交前请上传以下申报材料：自评报告" in missing.content.decode()
    assert head.post(add, {"slot": "report", "file": SimpleUploadedFile("自评报告.pdf", pdf())}).status_code == 302
    assert head.post(add, {"slot": "photos", "file": SimpleUploadedFile("校园.jpg", jpeg(b"1"))}).status_code == 302
    assert head.post(reverse("workflows:draft-submit", args=[item.pk])).status_code == 302
    assert Accreditation.objects.get().status == S.DISTRICT_REVIEW

    page = client_for(acc.reviewer).get(reverse("workflows:item", args=[item.pk])).content.decode()
    assert "A1 校舍：18（生均校舍面积达标）" in page and "书香校园" in page and "自评报告" in page


def test_another_school_and_another_district_see_nothing_and_write_nothing(acc):
    client_for(acc.heads[0]).post(reverse("workflows:start-new", args=["accreditation", acc.campaign.pk,
                                                                       acc.schools[0].pk]), FIELDS)
    item = Accreditation.objects.get()
    before = (Item.objects.count(), Attachment.objects.count(), item.version)
    stranger = client_for(acc.heads[3])  # 沈河一校's head
    assert stranger.get(reverse("workflows:draft", args=[item.pk])).status_code == 404
    assert stranger.post(reverse("workflows:draft", args=[item.pk]), FIELDS).status_code == 404
    assert stranger.post(reverse("workflows:draft-file-add", args=[item.pk]),
                         {"slot": "report", "file": SimpleUploadedFile("r.pdf", pdf())}).status_code == 404
    assert stranger.post(reverse("workflows:draft-submit", args=[item.pk])).status_code == 404
    # 沈河一校's head may not start for 和平一校.
    assert stranger.post(reverse("workflows:start-new", args=["accreditation", acc.campaign.pk, acc.schools[0].pk]),
                         FIELDS).status_code == 403
    other_reviewer = client_for(acc.reviewer_b)
    assert other_reviewer.get(reverse("workflows:item", args=[item.pk])).status_code == 404
    assert Client().get(reverse("workflows:draft", args=[item.pk])).status_code == 302  # to sign in
    assert (Item.objects.count(), Attachment.objects.count(), Accreditation.objects.get().version) == before
