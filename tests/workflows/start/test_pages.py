"""发起申报's pages: start, save a draft, come back, files, submit; and who is refused."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.sample_files import pdf
from tests.sampleapp.models import SampleDetails
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.start.conftest import open_campaign
from tests.workflows.web.conftest import client_for
from workflows.engine import services
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.models import Attachment, Item


def new_url(campaign, organisation):
    return reverse("workflows:start-new", args=["sample", campaign.pk, organisation.pk])


def draft_url(item):
    return reverse("workflows:draft", args=[item.pk])


FIELDS = {"title": "和平一校新优质学校申报", "f-summary": "自评良好", "f-pupils": "860"}


def start_draft(city, campaign, client=None):
    client = client or client_for(city.head)
    response = client.post(new_url(campaign, city.school_a), FIELDS)
    assert response.status_code == 302, response.content.decode()
    return Item.objects.get(title=FIELDS["title"]).as_kind(), client


def test_the_start_page_lists_the_campaign_and_the_nav_offers_it(city, campaign):
    page = client_for(city.head).get(reverse("workflows:start")).content.decode()
    assert "发起申报" in page and "新优质均衡(示范)学校 · 2021年度" in page and new_url(campaign, city.school_a) in page
    assert "没有未提交的草稿" in page
    reviewer_page = client_for(city.reviewer).get(reverse("workflows:todo")).content.decode()
    assert reverse("workflows:start") not in reviewer_page


def test_a_head_saves_a_draft_comes_back_edits_adds_a_file_and_submits(city, campaign):
    item, client = start_draft(city, campaign)
    assert item.status == "draft"
    page = client.get(reverse("workflows:start")).content.decode()
    assert draft_url(item) in page  # 我的草稿 leads back to it
    page = client.get(draft_url(item)).content.decode()
    assert "自评良好" in page and 'value="860"' in page

    response = client.post(draft_url(item), {**FIELDS, "f-pupils": "900", "version": item.version})
    assert response.status_code == 302
    assert SampleDetails.objects.get(item=item).pupils == 900

    upload = SimpleUploadedFile("自评报告.pdf", pdf())
    assert client.post(reverse("workflows:draft-file-add", args=[item.pk]),
                       {"slot": "report", "file": upload}).status_code == 302
    attachment = Attachment.objects.get(item=item)
    assert "自评报告.pdf" in client.get(draft_url(item)).content.decode()
    assert client.post(reverse("workflows:draft-file-remove", args=[item.pk, attachment.pk])).status_code == 302
    assert Attachment.objects.get(pk=attachment.pk).removed_at is not None

    response = client.post(reverse("workflows:draft-submit", args=[item.pk]))
    assert response.status_code == 302 and response.url == reverse("workflows:item", args=[item.pk])
    assert reload(item).status == "district_review"


def test_bad_input_is_refused_in_chinese_and_changes_nothing(city, campaign):
    client = client_for(city.head)
    response = client.post(new_url(campaign, city.school_a), {"title": "", "f-pupils": "-3"})
    assert response.status_code == 400 and not Item.objects.exists()
    page = response.content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    item, client = start_draft(city, campaign, client)
    response = client.post(draft_url(item), {**FIELDS, "f-pupils": "很多"})
    assert response.status_code == 400 and SampleDetails.objects.get(item=item).pupils == 860
    response = client.post(draft_url(item), {**FIELDS, "version": item.version + 5})
    assert response.status_code == 400 and "请刷新后再改" in response.content.decode()
    bad = SimpleUploadedFile("报告.pdf", b"MZ" + b"\x00" * 300)
    response = client.post(reverse("workflows:draft-file-add", args=[item.pk]), {"slot": "report", "file": bad})
    assert response.status_code == 400 and not Attachment.objects.exists()


def test_submitting_after_the_campaign_closed_is_refused_on_the_draft_page(city, campaign):
    item, client = start_draft(city, campaign)
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    response = client.post(reverse("workflows:draft-submit", args=[item.pk]))
    assert response.status_code == 400
    assert "截止申报" in response.content.decode()
    assert reload(item).status == "draft"


def test_a_closed_campaign_or_an_ineligible_start_is_said_on_the_page(city, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(opens_at=timezone.now() + timedelta(days=2))
    response = client_for(city.head).post(new_url(campaign, city.school_a), FIELDS)
    assert response.status_code == 400 and "尚未开始申报" in response.content.decode()
    assert not Item.objects.exists()


def test_others_cannot_start_or_open_the_draft(city, campaign, client):
    item, _client = start_draft(city, campaign)
    assert client_for(city.head_b).get(new_url(campaign, city.school_a)).status_code == 403
    assert client_for(city.reviewer).post(new_url(campaign, city.school_a), FIELDS).status_code == 403
    for user in (city.head_b, city.reviewer, city.city):  # a draft is the school's own: not even seen
        other = client_for(user)
        assert other.get(draft_url(item)).status_code == 404
        assert other.post(draft_url(item), {**FIELDS, "title": "改了"}).status_code == 404
        assert other.post(reverse("workflows:draft-submit", args=[item.pk])).status_code == 404
    assert client.get(draft_url(item)).status_code == 302  # anonymous: to the sign-in page
    assert client.post(new_url(campaign, city.school_a), FIELDS).status_code == 302
    assert reload(item).title == FIELDS["title"] and Item.objects.count() == 1


def test_a_colleague_at_the_same_school_does_not_see_the_draft(city, campaign):
    item, _client = start_draft(city, campaign)
    colleague = client_for(city.teacher)
    assert colleague.get(draft_url(item)).status_code == 404
    assert colleague.post(reverse("workflows:draft-file-add", args=[item.pk]),
                          {"slot": "report", "file": SimpleUploadedFile("a.pdf", pdf())}).status_code == 404
    assert not Attachment.objects.exists()


def test_a_withdrawn_item_reopened_lands_on_its_draft_page(city, campaign):
    item, client = start_draft(city, campaign)
    client.post(reverse("workflows:draft-submit", args=[item.pk]))
    services.withdraw_item(item=item.pk, by=city.head, comment="材料有误")
    response = client.post(reverse("workflows:reopen", args=[item.pk]))
    assert response.status_code == 302 and response.url == draft_url(item)
    assert "编辑草稿" in client.get(reverse("workflows:item", args=[item.pk])).content.decode()
    client.post(reverse("workflows:draft-submit", args=[item.pk]))
    assert open_task(reload(item)).flow_task.name == "district_review"


def test_a_submitted_item_is_no_longer_edited_on_the_draft_page(city, campaign):
    item, client = start_draft(city, campaign)
    client.post(reverse("workflows:draft-submit", args=[item.pk]))
    response = client.post(draft_url(item), {**FIELDS, "title": "改了"})
    assert response.status_code == 302 and reload(item).title == FIELDS["title"]


def test_the_start_page_costs_the_same_for_one_or_many(city, campaign):
    client = client_for(city.head)
    start_draft(city, campaign, client)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("workflows:start")).status_code == 200
        return len(captured)

    one = count()
    for n in range(4):
        open_campaign(city, name=f"第{n}批")
        client.post(new_url(campaign, city.school_a), {**FIELDS, "title": f"草稿{n}"})
    assert count() == one
