"""修改后重新提交 of a startable kind: the submitter edits the draft's fields again on the item page
(and over the API), files sent with it become 申报材料 with their versions, the reviewer sees
the diff; bad input and other people change nothing."""

from django.urls import reverse

from tests.sample_files import pdf, upload
from tests.sampleapp.models import SampleDetails
from tests.workflows.api.helpers import client_for as api_client
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.web.conftest import client_for, item_url, returned_item
from workflows.engine import services
from workflows.engine.models import Attachment


def decide_url(item):
    return reverse("workflows:decide", args=[open_task(item).pk])


def resubmit(client, item, **fields):
    body = {"title": item.title, "f-summary": "初稿", "f-pupils": "800", "comment": "已按意见修改。", **fields}
    return client.post(decide_url(item), body)


def test_the_returned_item_offers_its_fields_and_resubmits_them(city):
    item = returned_item(city, summary="初稿", pupils=800)
    head = client_for(city.head)
    page = head.get(item_url(item)).content.decode()
    assert "修改申报内容" in page and 'name="f-pupils"' in page and 'value="800"' in page and 'name="slot"' in page
    response = resubmit(head, item, **{"f-pupils": "950", "title": "和平一校新优质学校申报（修订）", "slot": "report",
                                       "attachments": [upload("自评报告.pdf")]})
    assert response.status_code == 302
    item = reload(item)
    assert item.status == "district_review" and item.title == "和平一校新优质学校申报（修订）"
    assert SampleDetails.objects.get(item=item).pupils == 950
    (evidence,) = Attachment.objects.filter(item=item)
    assert (evidence.slot, evidence.decision_id) == ("report", None)

    page = client_for(city.reviewer).get(item_url(item)).content.decode()
    changes = page[page.index("本次重新提交的修改"):page.index("申报内容")]
    assert "800" in changes and "950" in changes and "自评报告.pdf" in changes
    files = page[page.index("申报材料"):page.index("时间线")]
    assert "自评报告.pdf" in files and "自评报告 · 第1版" in files and "没有材料" not in files


def test_a_file_of_the_same_name_is_its_next_version(city):
    item = returned_item(city)
    head = client_for(city.head)
    resubmit(head, item, slot="report", attachments=[upload("自评报告.pdf")])
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="再改。")
    resubmit(head, reload(item), slot="report", attachments=[upload("自评报告.pdf", pdf("second"))])
    current = Attachment.objects.filter(item=item, removed_at__isnull=True)
    assert current.count() == 1 and Attachment.objects.filter(item=item).count() == 2
    files = client_for(city.reviewer).get(item_url(item)).content.decode()
    assert "第2版" in files[files.index("申报材料"):files.index("时间线")]


def test_bad_fields_refuse_the_resubmission_and_change_nothing(city):
    item = returned_item(city, pupils=800)
    response = resubmit(client_for(city.head), item, **{"f-pupils": "-5", "title": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="-5"' in page  # the form comes back as typed, with its errors
    assert reload(item).status == "returned" and SampleDetails.objects.get(item=item).pupils == 800


def test_nobody_else_resubmits_or_edits(city):
    item = returned_item(city, pupils=800)
    for user in (city.head_b, city.reviewer, city.teacher):
        response = resubmit(client_for(user), item, **{"f-pupils": "1"})
        assert response.status_code in (403, 404)
    assert reload(item).status == "returned" and SampleDetails.objects.get(item=item).pupils == 800


def test_the_api_resubmits_with_fields_and_files(city):
    item = returned_item(city, summary="初稿", pupils=800)
    task = open_task(item)
    response = api_client(city.head).post(f"/api/v1/tasks/{task.pk}/resubmit/",
                                          {"comment": "已修改。", "fields": {"pupils": 990}}, format="json")
    assert response.status_code == 200, response.json()
    assert SampleDetails.objects.get(item=item).pupils == 990 and reload(item).status == "district_review"


def test_the_api_refuses_bad_fields(city):
    item = returned_item(city, pupils=800)
    task = open_task(item)
    response = api_client(city.head).post(f"/api/v1/tasks/{task.pk}/resubmit/", {"fields": {"pupils": "many"}},
                                          format="json")
    assert response.status_code == 400 and "pupils" in response.json()["fields"]
    response = api_client(city.head_b).post(f"/api/v1/tasks/{task.pk}/resubmit/", {"fields": {"pupils": 1}},
                                            format="json")
    assert response.status_code == 404
    assert reload(item).status == "returned" and SampleDetails.objects.get(item=item).pupils == 800
