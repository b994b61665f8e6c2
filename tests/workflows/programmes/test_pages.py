"""The department's pages in Chinese: list, create (errors on the form, nothing written), edit,
复制为下一年度, a new campaign and its page with who has started; the lists' queries fixed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.sampleapp.services import sample_create
from tests.workflows.programmes.conftest import programme_fields, window
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.campaigns import open_campaign
from workflows.programmes.models import Programme
from workflows.programmes.services import create_programme


def signed_in(client, user):
    client.force_login(user)
    return client


def form_data(town, **fields) -> dict:
    city = town.city
    data = {"name": "劳动教育特色学校", "code": "labour-education", "year": "2021", "kind": "accreditation",
            "school_types": ["primary", "junior"], "ownerships": ["public", "private"], "outcome": "pass_fail",
            "total_quota": "", "notice_days": "5", "validity_years": "3", "remind_days": "3",
            f"quota_{city.district_a.pk}": "3", f"quota_{city.district_b.pk}": "",
            "slots-TOTAL_FORMS": "2", "slots-INITIAL_FORMS": "0",
            "slots-0-code": "report", "slots-0-name": "自评报告", "slots-0-required": "on", "slots-0-accepted": ["pdf"],
            "slots-1-code": "", "slots-1-name": ""}
    data.update(fields)
    return data


def text(response) -> str:
    return response.content.decode()


def when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_department_creates_a_programme_on_its_page(client, town):
    city = town.city
    signed_in(client, city.city)
    page = text(client.get(reverse("workflows:programme-new")))
    assert "新建基础教育处的申报项目" in page and "可申报的学校类型" in page and "各区县默认名额" in page
    response = client.post(reverse("workflows:programme-new"), form_data(town))
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workflows:programme", args=[programme.pk])
    assert (programme.owner_department, programme.kind, programme.total_quota) == (city.department, "accreditation",
                                                                                   None)
    assert [(s.code, s.accepted) for s in programme.slots.all()] == [("report", ["pdf"])]
    assert [(q.district, q.quota) for q in programme.district_quotas.all()] == [(city.district_a, 3)]
    detail = text(client.get(response["Location"]))
    assert "劳动教育特色学校（2021年度）" in detail and "小学、初中（公办、民办）" in detail and "复制为2022年度" in detail


@pytest.mark.parametrize("fields, words", [
    ({"school_types": []}, "这个字段是必填项"),
    ({"notice_days": "0"}, "确保该值大于或等于1"),
    ({"slots-0-code": ""}, "请填写材料代码"),
])
def test_a_bad_form_is_answered_in_chinese_and_writes_nothing(client, town, fields, words):
    signed_in(client, town.city.city)
    response = client.post(reverse("workflows:programme-new"), form_data(town, **fields))
    assert response.status_code == 400 and words in text(response) and "请按提示修改后再保存" in text(response)
    assert not Programme.objects.exists()


def test_a_service_refusal_lands_on_the_field(client, town, programme):
    signed_in(client, town.city.city)
    response = client.post(reverse("workflows:programme-new"), form_data(town, code="new-quality"))
    assert response.status_code == 400 and "2021年度已有代码为“new-quality”的申报项目" in text(response)
    assert Programme.objects.count() == 1


def test_edit_and_copy_on_the_pages(client, town, programme):
    city = town.city
    signed_in(client, city.city_head)
    edit = reverse("workflows:programme-edit", args=[programme.pk])
    assert "修改“新优质均衡(示范)学校（2021年度）”" in text(client.get(edit))
    data = form_data(town, name=programme.name, code=programme.code, kind="sample", total_quota="90",
                     school_types=["primary"], ownerships=["public"])
    assert client.post(edit, data).status_code == 302
    programme.refresh_from_db()
    assert (programme.total_quota, programme.school_types) == (90, ["primary"])
    response = client.post(reverse("workflows:programme-copy", args=[programme.pk]))
    copy = Programme.objects.get(year=2022)
    assert response["Location"] == reverse("workflows:programme-edit", args=[copy.pk])
    again = client.post(reverse("workflows:programme-copy", args=[programme.pk]), follow=True)
    assert "2022年度已有代码" in text(again) and Programme.objects.count() == 2


def test_a_campaign_is_opened_and_followed_on_its_page(client, town, programme):
    city = town.city
    signed_in(client, city.city)
    new = reverse("workflows:campaign-new", args=[programme.pk])
    page = text(client.get(new))
    assert "新建“新优质均衡(示范)学校”的申报批次" in page and 'value="6"' in page  # 和平区's default seats
    times = window(opens=-1, closes=20)
    bad = client.post(new, {"name": "2021年度", "opens_at": when(times["closes_at"]), "closes_at": when(times["opens_at"]),
                            "total_quota": "100"})
    assert bad.status_code == 400 and "申报截止时间必须晚于开始时间" in text(bad) and not Campaign.objects.exists()
    response = client.post(new, {"name": "2021年度", "opens_at": when(times["opens_at"]),
                                 "closes_at": when(times["closes_at"]), "total_quota": "100",
                                 f"quota_{city.district_a.pk}": "6"})
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("workflows:campaign", args=[campaign.pk])
    sample_create(organisation=city.school_a, owner_department=city.department, by=city.head, title="申报",
                  campaign=campaign)
    page = text(client.get(response["Location"]))
    assert "申报情况" in page and "已发起未提交 <strong>1</strong>" in page and "未发起 <strong>1</strong>" in page
    assert "和平一校" in page and "沈河一校" in page
    edited = client.post(reverse("workflows:campaign-edit", args=[campaign.pk]), {
        "name": "2021年度", "opens_at": when(times["opens_at"]), "closes_at": when(times["opens_at"] - timedelta(hours=1)),
        "total_quota": "100"})
    assert edited.status_code == 400 and "申报截止时间必须晚于开始时间" in text(edited)


def test_the_navigation_offers_programmes_to_the_departments_people_only(client, town):
    assert "申报项目" in text(signed_in(client, town.city.city).get(reverse("workflows:todo")))
    assert "申报项目" not in text(signed_in(client, town.city.head).get(reverse("workflows:todo")))


def test_the_lists_cost_the_same_however_long(client, town, programme, django_assert_max_num_queries):
    city = town.city
    signed_in(client, city.city)
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **window())

    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)
    pages = (reverse("workflows:programmes"), reverse("workflows:campaign", args=[campaign.pk]),
             reverse("workflows:programme", args=[programme.pk]))
    before = [count(url) for url in pages]
    for n in range(5):
        create_programme(department=city.department, by=city.city, **programme_fields(code=f"p{n}", name=f"项目{n}"))
        open_campaign(programme=programme, by=city.city, name=f"第{n}批", **window())
    from tests.factories import OrganisationFactory
    for n in range(6):
        OrganisationFactory.school(parent=city.district_b, name=f"沈河{n}校", code=f"21010300{n + 10}")
    assert [count(url) for url in pages] == before


def test_pages_that_offer_campaigns_name_them_without_a_query_each(client, town, programme):
    """A campaign is named by its programme: 事项查询's filter reads both at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = town.city
    signed_in(client, city.city)
    open_campaign(programme=programme, by=city.city, name="第一批", **window())

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and "新优质均衡(示范)学校 · 第一批" in text(response), url
        return len(queries)
    before = count(reverse("workflows:items"))
    for n in range(4):
        open_campaign(programme=programme, by=city.city, name=f"第{n + 2}批", **window())
    assert count(reverse("workflows:items")) == before
