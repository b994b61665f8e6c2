"""The item page with a multi-person step: the members and their decisions, 加签/减签 only for the
handler of an open member task where members may change the step (依次, 或签) and the owner's
acts for the owning department, the buttons' acts, and a query count that does not grow with the
number of members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.orgs.roles import Role
from tests.sampleapp.panels import CountersignFlow, QuorumFlow, SequenceFlow
from tests.workflows.engine.multi_helpers import build_panel, group_of, member_tasks, person, states, submitted
from tests.workflows.engine.proxy_helpers import colleagues
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine import services


@pytest.fixture
def panel(db):
    return build_panel()


def page(user, item):
    response = client_for(user).get(item_url(item))
    assert response.status_code == 200
    return response.content.decode()


def test_members_and_decisions_are_shown_to_everyone_who_sees_the_item(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    services.approve_task(task=member_tasks(item)["reviewer2"], by=city.reviewer2, comment="材料齐全，同意")
    for reader in (city.head, city.city, city.reviewer):
        html = page(reader, item)
        assert "区县会签 · 会签" in html
        assert "reviewer3" in html and "材料齐全，同意" in html and "待办理" in html


def test_add_and_remove_buttons_only_for_a_handler_of_an_open_member_task(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)  # the pool has the city reviewers to add
    task = member_tasks(item)["reviewer"]
    add_url = reverse("workflows:add-signer", args=[task.pk])
    html = page(city.reviewer, item)
    assert add_url in html
    assert '<option value="%d">city · 基础教育处 · 市局处室审核员</option>' % city.city.pk in html  # one of the pool
    # Nothing of their own to withdraw yet; the other members are the owner's to remove.
    assert reverse("workflows:remove-signer", args=[task.pk]) not in html
    for reader in (city.head, city.reviewer2):  # reviewer2 waits for their turn
        assert "/add-signer/" not in page(reader, item)
    services.approve_task(task=task, by=city.reviewer)
    assert "/tasks/" not in page(city.reviewer, item).split('class="card signers"')[1]  # acted
    assert reverse("workflows:add-signer", args=[member_tasks(item)["reviewer2"].pk]) in page(city.reviewer2, item)


def test_the_buttons_add_and_remove_through_the_services(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    client = client_for(city.reviewer)
    response = client.post(reverse("workflows:add-signer", args=[task.pk]), {"user": city.city.pk, "position": "after"})
    assert response.status_code == 302
    assert [name for name, _ in states(item)][:2] == ["reviewer", "city"]
    html = page(city.reviewer, item)
    assert reverse("workflows:remove-signer", args=[task.pk]) in html  # their own 加签, to withdraw
    assert '<option value="%d">city</option>' % city.city.pk in html.split("remove-signer")[1]
    response = client.post(reverse("workflows:remove-signer", args=[task.pk]), {"user": city.city.pk})
    assert response.status_code == 302
    assert dict(states(item))["city"] == "removed"
    # Bad input comes back on the item page with the reason, nothing written.
    response = client.post(reverse("workflows:add-signer", args=[task.pk]), {"user": city.head.pk})
    assert response.status_code == 400 and "不能加签申报人本人。" in response.content.decode()
    # A peer who is not their own 加签, and someone else's task: 403 page; out of scope: 404.
    response = client.post(reverse("workflows:remove-signer", args=[task.pk]), {"user": panel.reviewer3.pk})
    assert response.status_code == 403 and "只能减签本人加签的人员" in response.content.decode()
    response = client_for(city.reviewer2).post(reverse("workflows:remove-signer", args=[task.pk]),
                                               {"user": panel.reviewer3.pk})
    assert response.status_code == 403
    response = client_for(city.reviewer_b).post(reverse("workflows:add-signer", args=[task.pk]),
                                                {"user": city.city.pk})
    assert response.status_code == 404


def test_in_a_countersign_only_the_owner_gets_the_buttons(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)  # min_size=2 of the three reviewers
    task = member_tasks(item)["reviewer"]
    html = page(city.reviewer, item)
    assert "-signer/" not in html  # a member: no 加签/减签 at all
    response = client_for(city.reviewer).post(reverse("workflows:remove-signer", args=[task.pk]),
                                              {"user": city.reviewer2.pk})
    assert response.status_code == 403 and dict(states(item))["reviewer2"] == "open"
    group = group_of(item)
    html = page(city.city, item)
    assert "您所在处室主管此事项" in html and reverse("workflows:step-remove-signer", args=[group.pk]) in html
    assert reverse("workflows:step-add-signer", args=[group.pk]) not in html  # every reviewer is in already
    assert reverse("workflows:step-redraw-signer", args=[group.pk]) not in html  # not a drawn panel
    response = client_for(city.city).post(reverse("workflows:step-remove-signer", args=[group.pk]),
                                          {"user": panel.reviewer3.pk})
    assert response.status_code == 302
    html = page(city.city, item)
    # Two left, the minimum: nobody more to remove; reviewer3 may be added back.
    assert reverse("workflows:step-remove-signer", args=[group.pk]) not in html
    assert reverse("workflows:step-add-signer", args=[group.pk]) in html
    response = client_for(city.city).post(reverse("workflows:step-remove-signer", args=[group.pk]),
                                          {"user": city.reviewer2.pk})
    assert response.status_code == 400 and "此步骤至少需要2人，不能再减签。" in response.content.decode()


def test_a_drawn_panel_offers_the_owner_a_new_draw_only(panel):
    city = panel.city
    pool = {user.username for user in [*panel.experts_b, person("expert_b3", Role.EXPERT, city.district_b)]}
    item = submitted(panel, QuorumFlow)  # 3 of the 4
    group = group_of(item)
    html = page(city.city, item)
    assert reverse("workflows:step-redraw-signer", args=[group.pk]) in html
    assert reverse("workflows:step-add-signer", args=[group.pk]) not in html
    assert reverse("workflows:step-remove-signer", args=[group.pk]) not in html  # 3 is the minimum
    tasks = member_tasks(item)
    (left_out,) = pool - set(tasks)
    expert = tasks[sorted(tasks)[0]].owner
    assert "-signer/" not in page(expert, item)
    response = client_for(city.city).post(reverse("workflows:step-redraw-signer", args=[group.pk]),
                                          {"user": expert.pk}, follow=True)
    assert "已重新抽取：%s加入本步骤。" % left_out in response.content.decode()
    assert "重新抽取%s，替换%s" % (left_out, expert.username) in response.content.decode()
    response = client_for(city.reviewer_b).post(reverse("workflows:step-redraw-signer", args=[group.pk]),
                                                {"user": expert.pk})
    assert response.status_code == 404


def queries(user, item) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(user, item)
    return len(captured.captured_queries)


def test_the_item_page_costs_the_same_for_three_members_as_for_ten(panel):
    city = panel.city
    few = submitted(panel, CountersignFlow)
    services.approve_task(task=member_tasks(few)["reviewer2"], by=city.reviewer2, comment="同意")
    for n in range(7):
        person(f"more{n}", Role.DISTRICT_REVIEWER, city.district_a)
    many = submitted(panel, CountersignFlow)
    assert len(member_tasks(many)) == 10
    person("joined_later", Role.DISTRICT_REVIEWER, city.district_a)  # so that both pages offer someone to add
    services.approve_task(task=member_tasks(many)["reviewer2"], by=city.reviewer2, comment="同意")
    # A handler (with the pool to add from), a department reader and the submitter (催办 on every member)
    for reader in (city.reviewer, city.city, city.head):
        page(reader, few)  # warm the per-process caches (content types) first
        assert queries(reader, many) == queries(reader, few)


def test_a_proxy_gets_the_buttons_of_their_principals_member_task(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    deputy = person("deputy", Role.EXPERT, city.bureau)
    colleagues(city.reviewer, deputy)  # a proxy must share one of the principal's roles
    today = timezone.localdate()
    services.create_proxy(principal=city.reviewer, proxy=deputy, starts_on=today, ends_on=today, reason="出差",
                          by=city.reviewer)
    task = member_tasks(item)["reviewer"]
    assert reverse("workflows:add-signer", args=[task.pk]) in page(deputy, item)
