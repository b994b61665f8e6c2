"""数据采集's Chinese pages: the 督导室 starts a collection and reads every district's results (tables
and the chart's data from the same rows); a school files its figures (a Chinese message on the
failing field, nothing saved); a district checks and imports its workbook; attacks are 404/403."""

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.workflows.inspection.figures.conftest import GOOD, target
from tests.workflows.inspection.figures.test_api import _file_district_a
from tests.workflows.inspection.figures.test_import import filled, template
from workflows.inspection.figures.models import FigureCollection, FigureReturn, FigureSet


def signed_in(client, user):
    client.force_login(user)
    return client


def chart(html: str) -> dict:
    found = re.search(r'<script id="figures-chart-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_office_starts_a_collection(town, client):
    city = town.city
    signed_in(client, town.inspector_office)
    page = client.get("/work/figures/")
    assert "发起数据采集" in page.content.decode() and "2021年义务教育优质均衡资源配置" in page.content.decode()
    figure_set = FigureSet.objects.get(code="preschool-universal")
    bad = client.post("/work/figures/", {"figure_set": figure_set.pk, "name": "", "year": 2022})
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()
    made = client.post("/work/figures/", {"figure_set": figure_set.pk, "name": "2022年学前", "year": 2022,
                                          "districts": [city.district_b.pk]})
    collection = FigureCollection.objects.get(name="2022年学前")
    assert made.status_code == 302 and made["Location"] == f"/work/figures/{collection.pk}/"
    assert [t.organisation for t in collection.targets.all()] == [city.district_b]
    signed_in(client, city.city)  # 基础教育处: no form, and a forged post is 404
    assert 'id="new-h"' not in client.get("/work/figures/").content.decode()
    assert client.post("/work/figures/", {"figure_set": figure_set.pk, "name": "x", "year": 2022}).status_code == 404


def test_the_results_page_shows_tables_and_the_chart_of_the_same_numbers(town, client):
    city = town.city
    _file_district_a(town)
    page = signed_in(client, town.inspector_office).get(f"/work/figures/{town.balanced.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "校际差异系数（按学生数加权）" in html and "未达到义务教育优质均衡资源配置标准。" in html
    assert "初中“生均体育运动场馆面积”的差异系数0.500，高于0.45。" in html
    assert "echarts.min.js" in html and "js/figures_charts.js" in html
    drawn = chart(html)
    junior = next(s for s in drawn["sections"] if s["title"] == "初中各指标差异系数")
    sports = junior["names"].index("生均体育运动场馆面积")
    assert junior["series"][0]["data"][sports] == "0.5000" and junior["series"][1]["data"][sports] == "0.45"
    assert f'href="?district={city.district_b.pk}"' in html  # the office may look at every district
    other = client.get(f"/work/figures/{town.balanced.pk}/?district={city.district_b.pk}")
    assert "还没有学校填报。" in other.content.decode()


def test_a_district_sees_its_own_results_and_a_school_none(town, client):
    city = town.city
    _file_district_a(town)
    html = signed_in(client, town.staff_a).get(f"/work/figures/{town.balanced.pk}/").content.decode()
    assert "计算结果" in html and "沈河一校" not in html and "导入和平区学校数据" in html
    assert client.get(f"/work/figures/{town.balanced.pk}/?district={city.district_b.pk}").status_code == 404
    html = signed_in(client, city.head).get(f"/work/figures/{town.balanced.pk}/").content.decode()
    assert "计算结果" not in html and "和平第一初中" not in html and "和平一校" in html
    assert client.get(f"/work/figures/{town.balanced.pk}/?district={city.district_a.pk}").status_code == 404
    assert signed_in(client, city.head_b).get(
        f"/work/figures/targets/{target(town.balanced, city.school_a).pk}/").status_code == 404


def test_a_school_files_on_its_page_and_sees_the_message_on_the_field(town, client):
    city = town.city
    own = target(town.balanced, city.school_a)
    signed_in(client, city.head)
    url = f"/work/figures/targets/{own.pk}/"
    assert "在校学生数" in client.get(url).content.decode()
    form = {"section": "primary", **{f"primary-{k}": v for k, v in GOOD.items()}}
    bad = client.post(url, {**form, "primary-backbone_teachers": "81"})
    assert bad.status_code == 400 and "县级及以上骨干教师数不能多于专任教师数。" in bad.content.decode()
    assert not FigureReturn.objects.exists()
    done = client.post(url, form)
    assert done.status_code == 302 and FigureReturn.objects.get().values["students"] == "1000"
    assert "已保存和平一校（小学）的数据。" in client.get(url).content.decode()
    # The district reviewer sees it but may not file; another school's head does not even see it.
    signed_in(client, city.reviewer)
    seen = client.get(url).content.decode()
    assert "县级及以上骨干教师数" in seen and 'name="section"' not in seen  # the figures, read only
    assert client.post(url, form).status_code == 403
    assert signed_in(client, city.head_b).post(url, form).status_code == 404


def test_a_district_checks_then_imports_its_workbook(town, client):
    city = town.city
    signed_in(client, town.staff_a)
    base = f"/work/figures/{town.balanced.pk}/districts/{city.district_a.pk}"
    assert "填写说明" in client.get(f"{base}/import/").content.decode()
    download = client.get(f"{base}/template/")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = filled(template(town)[0], {5: {"A": "2101039999"}})
    checked = client.post(f"{base}/import/", {"file": SimpleUploadedFile("a.xlsx", bad), "import": "1"})
    html = checked.content.decode()
    assert checked.status_code == 400 and "发现1处错误，未导入任何数据。" in html and "学校标识码“2101039999”没有对应的学校。" in html
    assert not FigureReturn.objects.exists()
    good = filled(template(town)[0])
    checked = client.post(f"{base}/import/", {"file": SimpleUploadedFile("a.xlsx", good), "check": "1"})
    assert "共4行，全部无误，可以导入。" in checked.content.decode() and not FigureReturn.objects.exists()
    done = client.post(f"{base}/import/", {"file": SimpleUploadedFile("a.xlsx", good), "import": "1"})
    assert done.status_code == 302 and FigureReturn.objects.count() == 4
    assert signed_in(client, town.staff_b).get(f"{base}/import/").status_code == 404
    assert signed_in(client, city.reviewer).get(f"{base}/template/").status_code == 403
