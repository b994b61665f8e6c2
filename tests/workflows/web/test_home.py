"""The home page fits the person: a reviewer's queues and searches, a teacher's own applications."""

import re

import pytest

from tests.workflows.web.conftest import client_for

pytestmark = pytest.mark.django_db


def cards(user) -> list[str]:
    page = client_for(user).get("/").content.decode()
    summary = page.split('class="work-summary"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<span>([^<]+)</span></a>", summary)


def test_a_reviewer_sees_the_queues_and_the_searches_without_a_spinner(city):
    assert cards(city.reviewer) == ["待办", "可领取", "待审批延期", "已办", "我的申请", "抄送我的", "事项查询", "统计"]
    page = client_for(city.reviewer).get("/").content.decode()
    assert "…" not in page.split('class="work-summary"', 1)[1].split("</nav>", 1)[0]


def test_a_teacher_sees_their_own_work_and_no_reviewers_counters(city):
    assert cards(city.teacher) == ["待办", "我的申请"]
    assert cards(city.head) == ["待办", "我的申请"]


def test_the_summary_costs_one_query_per_card(city, django_assert_max_num_queries):
    client = client_for(city.teacher)
    with django_assert_max_num_queries(15):
        assert client.get("/").status_code == 200
