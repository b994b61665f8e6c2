"""申报批次总览 and the applications export, on the sample RecommendationFlow: per district and
per status the counts and the late ones (an open task past its TaskDeadline), the seats used
against the district's quota and the total, the schools' progress; the department sees every
district, a district its own row; the statements do not grow with the items. The 申报情况 file
holds the page's items, at once or (beyond the threshold) as a 导出任务."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.recommendation import RecommendationFlow, sample_recommend
from tests.sampleapp.services import sample_create
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.batch_helpers import waiting_for_list
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import city, open_task  # noqa: F401
from tests.workflows.exports.conftest import rows_in, rows_of
from workflows.engine import services
from workflows.engine.deadlines.models import DeadlineSource, TaskDeadline
from workflows.engine.exports.models import ExportJob, ExportState
from workflows.engine.models import Item
from workflows.programmes.campaigns import campaign_items
from workflows.programmes.overview import campaign_overview
from workflows.web.exports import background

pytestmark = pytest.mark.django_db
S = SampleApplication.Status


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def late(item, hours=2):
    """The item's open task is past its deadline by `hours`."""
    task = open_task(item)
    TaskDeadline.objects.update_or_create(task=task, defaults={
        "source": DeadlineSource.WORKING_DAYS, "counted_from": task.created, "working_days": 5,
        "due_at": timezone.now() - datetime.timedelta(hours=hours)})


def in_b(city, campaign, title):  # noqa: F811
    item = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b, title=title,
                         campaign=campaign)
    services.submit_item(item=item, by=city.head_b, flow_class=RecommendationFlow)
    return Item.objects.get(pk=item.pk).as_kind()


def running(city):  # noqa: F811
    """和平区: one recommended (at the city review), one waiting for the list and late, one a draft;
    沈河区: two at the district review, one of them late."""
    campaign = make_campaign(owner_department=city.department, total_quota=10,
                             district_quotas={city.district_a: 3, city.district_b: 2})
    recommended, waiting = waiting_for_list(city, campaign, 2)
    sample_recommend(items=[recommended], by=city.district_head)
    late(waiting)
    sample_create(organisation=city.school_a, owner_department=city.department, by=city.head, title="草稿",
                  campaign=campaign)
    late(in_b(city, campaign, "沈河一校申报1"))
    in_b(city, campaign, "沈河一校申报2")
    return campaign


def expected(campaign, district):
    """What the overview must say, counted from the items and their deadlines one by one."""
    counts, lates = {}, {}
    for item in campaign_items(campaign).filter(organisation__parent=district):
        counts[item.status] = counts.get(item.status, 0) + 1
        overdue = TaskDeadline.objects.filter(task__process__artifact_object_id=item.pk, task__status__in=["NEW", "ASSIGNED"],
                                              due_at__lt=timezone.now()).exists()
        lates[item.status] = lates.get(item.status, 0) + overdue
    return counts, lates


def test_the_department_sees_every_district_by_stage_with_lateness_and_seats(city):  # noqa: F811
    campaign = running(city)
    overview = campaign_overview(campaign)
    codes = [code for code, _label in overview.statuses]
    assert codes == list(S.values)  # the kind's statuses, in its declared (process) order
    assert [row.district for row in overview.rows] == [city.district_a, city.district_b]
    for row in overview.rows:
        counts, lates = expected(campaign, row.district)
        assert dict(zip(codes, row.counts)) == {code: counts.get(code, 0) for code in codes}
        assert dict(zip(codes, row.late)) == {code: lates.get(code, 0) for code in codes}
    a, b = overview.rows
    assert (a.counts[codes.index(S.CITY_REVIEW)], a.counts[codes.index(S.DISTRICT_RECOMMEND)],
            a.counts[codes.index(S.DRAFT)]) == (1, 1, 1)
    assert (a.late_total, b.late_total, b.counts[codes.index(S.DISTRICT_REVIEW)]) == (1, 1, 2)
    assert (a.quota.reserved, a.quota.quota, b.quota.reserved, b.quota.quota) == (1, 3, 0, 2)
    assert a.progress["submitted"] == 1 and b.progress["submitted"] == 1
    assert overview.total == 5 and overview.late_total == 2

    page = signed_in(city.city).get(reverse("workflows:campaign-overview", args=[campaign.pk])).content.decode()
    assert "申报批次总览" in page and "和平区" in page and "沈河区" in page and "（逾期1）" in page
    assert "区县推荐名额：已占1个，共5个" in page
    assert reverse("workflows:campaign-overview", args=[campaign.pk]) in signed_in(city.city).get(
        reverse("workflows:campaign", args=[campaign.pk])).content.decode()
    body = client_for(city.city).get(reverse("api:campaign-overview", args=[campaign.pk])).json()
    assert body["whole_city"] is True and [row["district_name"] for row in body["rows"]] == ["和平区", "沈河区"]
    assert body["rows"][0]["counts"] == a.counts and body["rows"][1]["late"] == b.late
    assert (body["rows"][0]["quota"], body["rows"][0]["seats_used"]) == (3, 1)


def test_a_district_reads_its_own_row_only_and_strangers_nothing(city):  # noqa: F811
    campaign = running(city)
    page = signed_in(city.reviewer_b).get(reverse("workflows:campaign-overview", args=[campaign.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "沈河区" in html and "和平区" not in html and "仅显示本区县" in html
    body = client_for(city.reviewer_b).get(reverse("api:campaign-overview", args=[campaign.pk])).json()
    assert body["whole_city"] is False and [row["district_name"] for row in body["rows"]] == ["沈河区"]
    other_department = person("other_dept", Role.CITY_REVIEWER, OrganisationFactory.department(name="职业教育处"))
    for user in (city.head, city.teacher, other_department):
        assert signed_in(user).get(reverse("workflows:campaign-overview", args=[campaign.pk])).status_code == 404
        assert client_for(user).get(reverse("api:campaign-overview", args=[campaign.pk])).status_code == 404
    assert client_for(None).get(reverse("api:campaign-overview", args=[campaign.pk])).status_code == 401


def test_the_overview_s_statements_do_not_grow_with_the_items(city):  # noqa: F811
    campaign = running(city)
    department = signed_in(city.city)
    url = reverse("workflows:campaign-overview", args=[campaign.pk])
    department.get(url)
    with CaptureQueriesContext(connection) as few:
        assert department.get(url).status_code == 200
    more = waiting_for_list(city, campaign, 3)
    late(more[0])
    for n in range(3):
        in_b(city, campaign, f"沈河一校补充{n}")
    with CaptureQueriesContext(connection) as many:
        assert department.get(url).status_code == 200
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as api_few:
        client_for(city.city).get(reverse("api:campaign-overview", args=[campaign.pk]))
    assert len(api_few) <= len(few) + 5


def test_the_applications_file_holds_the_overview_s_items(city):  # noqa: F811
    campaign = running(city)
    rows = rows_of(signed_in(city.city).get(reverse("workflows:campaign-export", args=[campaign.pk, "campaign_items"])))
    assert rows[1][:4] == ["编号", "学校", "区县", "状态"]
    body = rows[2:]
    items = list(campaign_items(campaign).order_by("organisation__path", "ref_no"))
    assert [row[0] for row in body] == [item.ref_no for item in items]
    by_ref = {row[0]: row for row in body}
    for item in items:
        row = by_ref[item.ref_no]
        assert row[1:4] == [item.organisation.name, item.organisation.parent.name, str(item.as_kind().status_label)]
    waiting = next(item for item in items if item.status == S.DISTRICT_RECOMMEND)
    assert by_ref[waiting.ref_no][5] == "区县推荐" and by_ref[waiting.ref_no][7] == "是"
    due = timezone.localtime(TaskDeadline.objects.get(task=open_task(waiting)).due_at)
    assert by_ref[waiting.ref_no][6] == due.strftime("%Y-%m-%d %H:%M")
    draft = next(item for item in items if item.status == S.DRAFT)
    assert by_ref[draft.ref_no][4] is None and by_ref[draft.ref_no][5] is None  # never submitted, no step
    assert AuditEvent.objects.filter(action="campaign_export", data__export="campaign_items").count() == 1

    # 沈河区 exports its own schools only; the department's scores and results are not theirs.
    theirs = rows_of(signed_in(city.reviewer_b).get(
        reverse("workflows:campaign-export", args=[campaign.pk, "campaign_items"])))[2:]
    assert {row[2] for row in theirs} == {"沈河区"} and len(theirs) == 2
    for name in ("campaign_scores", "campaign_results"):
        assert signed_in(city.reviewer_b).get(
            reverse("workflows:campaign-export", args=[campaign.pk, name])).status_code == 404
        assert client_for(city.reviewer_b).get(reverse("api:campaign-export", args=[campaign.pk, name])).status_code == 404
        assert signed_in(city.reviewer_b).post(
            reverse("workflows:campaign-export-background", args=[campaign.pk, name])).status_code == 404
    assert signed_in(city.head).get(reverse("workflows:campaign-export", args=[campaign.pk, "campaign_items"])
                                    ).status_code == 404
    assert signed_in(city.city).get(reverse("workflows:campaign-export", args=[campaign.pk, "nothing"])
                                    ).status_code == 404
    assert not ExportJob.objects.exists()
    assert AuditEvent.objects.filter(action="campaign_export").count() == 2


def test_a_large_campaign_goes_to_the_background_and_the_file_is_the_same(city, settings):  # noqa: F811
    campaign = running(city)
    direct = rows_of(client_for(city.city).get(reverse("api:campaign-export", args=[campaign.pk, "campaign_items"])))
    settings.EXPORTS_BACKGROUND_ABOVE = 3
    department = signed_in(city.city)
    said = department.get(reverse("workflows:campaign-export", args=[campaign.pk, "campaign_items"]), follow=True)
    assert "后台导出" in said.content.decode() and said.redirect_chain[-1][0].endswith(
        reverse("workflows:campaign-overview", args=[campaign.pk]))
    refused = client_for(city.city).get(reverse("api:campaign-export", args=[campaign.pk, "campaign_items"]))
    assert refused.status_code == 409 and "后台导出" in refused.json()["detail"]
    answer = department.post(reverse("workflows:campaign-export-background", args=[campaign.pk, "campaign_items"]))
    job = ExportJob.objects.get()
    assert answer.url == reverse("workflows:export-job", args=[job.pk])
    assert (job.list_name, job.filters, job.total) == ("campaign_items", {"campaign": campaign.pk}, 5)
    page = department.get(answer.url).content.decode()
    assert reverse("workflows:campaign-overview", args=[campaign.pk]) in page
    assert background.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.state == ExportState.DONE and job.written == 5
    assert rows_in(job.file.read()) == direct
    again = client_for(city.city).post(reverse("api:campaign-export", args=[campaign.pk, "campaign_items"]))
    assert again.status_code == 202  # the first is done: a new job
