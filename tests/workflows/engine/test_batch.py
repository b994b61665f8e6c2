"""List acts: a district head signs the district's recommendation list, which moves every member's
waiting step in one transaction, within the district's quota; a bad list writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from notifications.models import Notification
from tests.factories import user_with_role
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.recommendation import (
    RecommendationFlow,
    sample_decide,
    sample_recommend,
)
from tests.workflows.engine.batch_helpers import (
    recommendation_campaign,
    submitted,
    waiting_for_list,
)
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.deadline_helpers import deadline, pending_reminders
from workflows.engine import services
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.lists.campaign_models import DistrictQuota
from workflows.engine.lists.models import ListAct, ListMember
from workflows.engine.lists.step import MembersNotWaiting
from workflows.engine.models import Decision, Item

pytestmark = pytest.mark.django_db
S = SampleApplication.Status


def statuses(items):
    return [Item.objects.get(pk=item.pk).status for item in items]


def seats_taken(campaign, district):
    return DistrictQuota.objects.get(campaign=campaign, district=district).reserved


class Unchanged:
    """Counts what a refused list act must not have written."""

    def __init__(self, items):
        self.items = items
        self.before = self.counts()

    def counts(self):
        return (AuditEvent.objects.count(), Decision.objects.count(), ListAct.objects.count(),
                Notification.objects.count(), statuses(self.items),
                [open_task(item).pk for item in self.items if item.status == S.DISTRICT_RECOMMEND])

    def check(self):
        assert self.counts() == self.before


def test_a_recommendation_list_moves_every_member_on_in_rank_order(city):
    campaign = recommendation_campaign(city, seats=3)
    first, second, third = waiting_for_list(city, campaign, 3)
    tasks = [open_task(item) for item in (first, second, third)]
    assert {task.flow_task for task in tasks} == {RecommendationFlow.district_recommend}

    listed = sample_recommend(items=[third, first, second], by=city.district_head, comment="经区县教育局研究，同意推荐。")

    assert statuses([third, first, second]) == [S.CITY_REVIEW] * 3
    assert (listed.organisation, listed.campaign, listed.size, listed.actor) == (
        city.district_a, campaign, 3, city.district_head)
    members = list(ListMember.objects.filter(list_act=listed).select_related("decision"))
    assert [(m.rank, m.item_id) for m in members] == [(1, third.pk), (2, first.pk), (3, second.pk)]
    assert all(m.decision.outcome == "approve" and m.decision.comment == listed.comment for m in members)
    assert seats_taken(campaign, city.district_a) == 3
    # Each member's step is done by the head, and the city review waits in the department's queue.
    for task in tasks:
        task.refresh_from_db()
        assert (task.status, task.owner) == ("DONE", city.district_head)
    for item in (first, second, third):
        assert open_task(item).owner_permission == Role.CITY_REVIEWER
    # One audit event per member, with its rank, and one for the list.
    events = AuditEvent.objects.filter(action="approve", data__list=listed.pk)
    assert sorted((e.object_id, e.data["rank"]) for e in events) == sorted(
        [(str(third.pk), 1), (str(first.pk), 2), (str(second.pk), 3)])
    list_event = AuditEvent.objects.get(action="list_act")
    assert [m["item"] for m in list_event.data["members"]] == [third.pk, first.pk, second.pk]
    assert list_event.data["seats_left"] == 0
    # The city's reviewers hear of the new tasks, the schools of their place on the list.
    assert Notification.objects.filter(recipient=city.city, key__contains=":opened:").count() == 3
    assert Notification.objects.filter(recipient=city.head, key__contains=":list:").count() == 3
    # After the list, the city reviews each member on its own as usual.
    services.approve_task(task=open_task(first), by=city.city)
    assert Item.objects.get(pk=first.pk).status == S.CITY_DECISION


def test_a_list_step_has_its_deadline_and_the_list_act_ends_its_reminders(city):
    """A ListStep takes a Step's options: its limit gives each waiting member a deadline with
    reminders, and the list act that moves the member on cancels them."""
    campaign = recommendation_campaign(city, seats=1)
    (member,) = waiting_for_list(city, campaign, 1)
    task = open_task(member)
    assert deadline(task).due_at is not None
    assert pending_reminders(task)

    sample_recommend(items=[member], by=city.district_head, comment="同意推荐。")
    assert pending_reminders(task) == {}


def test_the_decision_list_counts_the_campaigns_total_quota(city):
    campaign = recommendation_campaign(city, seats=3, total=2)
    items = waiting_for_list(city, campaign, 3)
    sample_recommend(items=items, by=city.district_head)
    for item in items:
        services.approve_task(task=open_task(item), by=city.city)
    # The district head may see the applications but does not decide for the city.
    with pytest.raises(NotAllowed):
        sample_decide(items=items[:1], by=city.district_head)
    with pytest.raises(ValidationError, match="总名额不足：共2个，已占用0个，剩余2个，本次需要3个"):
        sample_decide(items=items, by=city.city_head)
    decided = sample_decide(items=items[1:], by=city.city_head, comment="经局长办公会研究决定。")
    assert (decided.organisation, decided.quota_scope) == (city.department, "total")
    assert statuses(items) == [S.CITY_DECISION, S.APPROVED, S.APPROVED]
    campaign.refresh_from_db()
    assert campaign.total_reserved == 2
    # The schools hear the final outcome as for a single approval.
    assert Notification.objects.filter(recipient=city.head, kind="approved").count() == 2


def test_a_list_over_the_districts_quota_is_refused_with_the_numbers_and_writes_nothing(city):
    campaign = recommendation_campaign(city, seats=2)
    items = waiting_for_list(city, campaign, 3)
    unchanged = Unchanged(items)
    with pytest.raises(ValidationError) as refused:
        sample_recommend(items=items, by=city.district_head)
    assert refused.value.code == "quota_exceeded"
    assert {key: refused.value.params[key] for key in ("quota", "reserved", "remaining", "count")} == {
        "quota": 2, "reserved": 0, "remaining": 2, "count": 3}
    assert "共2个，已占用0个，剩余2个，本次需要3个" in refused.value.messages[0]
    unchanged.check()
    assert seats_taken(campaign, city.district_a) == 0


def test_a_second_list_counts_the_seats_the_first_took(city):
    campaign = recommendation_campaign(city, seats=3)
    items = waiting_for_list(city, campaign, 4)
    sample_recommend(items=items[:2], by=city.district_head)
    with pytest.raises(ValidationError, match="已占用2个，剩余1个，本次需要2个"):
        sample_recommend(items=items[2:], by=city.district_head)
    sample_recommend(items=items[2:3], by=city.district_head)
    assert seats_taken(campaign, city.district_a) == 3
    assert statuses(items) == [S.CITY_REVIEW] * 3 + [S.DISTRICT_RECOMMEND]


def test_a_member_in_the_wrong_state_is_named_and_nothing_is_written(city):
    campaign = recommendation_campaign(city, seats=5)
    ready = waiting_for_list(city, campaign, 2)
    still_in_review = submitted(city, campaign, title="尚在区县审核")
    unchanged = Unchanged(ready)
    with pytest.raises(MembersNotWaiting) as refused:
        sample_recommend(items=[ready[0], still_in_review, ready[1]], by=city.district_head)
    assert refused.value.refs == [still_in_review.ref_no]
    assert still_in_review.ref_no in refused.value.message and "区县推荐" in refused.value.message
    assert refused.value.status_code == 409
    unchanged.check()
    assert seats_taken(campaign, city.district_a) == 0


def test_a_member_already_listed_cannot_be_listed_again(city):
    campaign = recommendation_campaign(city, seats=5)
    items = waiting_for_list(city, campaign, 2)
    sample_recommend(items=items[:1], by=city.district_head)
    with pytest.raises(MembersNotWaiting) as refused:
        sample_recommend(items=items, by=city.district_head)
    assert refused.value.refs == [items[0].ref_no]
    assert seats_taken(campaign, city.district_a) == 1


def test_someone_out_of_scope_gets_not_found_and_nothing_is_written(city):
    campaign = recommendation_campaign(city, seats=5)
    items = waiting_for_list(city, campaign, 2)
    other_head = user_with_role(Role.DISTRICT_HEAD, city.district_b)
    unchanged = Unchanged(items)
    with pytest.raises(NotFound):
        sample_recommend(items=items, by=other_head)
    unchanged.check()


def test_someone_in_scope_without_the_role_is_refused_naming_the_items(city):
    campaign = recommendation_campaign(city, seats=5)
    items = waiting_for_list(city, campaign, 2)
    unchanged = Unchanged(items)
    # The district reviewer sees the applications but does not sign the district's list.
    with pytest.raises(NotAllowed) as refused:
        sample_recommend(items=items, by=city.reviewer)
    assert all(item.ref_no in str(refused.value.message) for item in items)
    unchanged.check()


def test_a_listed_step_is_not_approved_one_item_at_a_time(city):
    campaign = recommendation_campaign(city, seats=5)
    item = waiting_for_list(city, campaign, 1)[0]
    with pytest.raises(InvalidState, match="须通过名单统一办理"):
        services.approve_task(task=open_task(item), by=city.district_head)
    # Returning one item to the district review stays a per-item decision.
    services.return_task(task=open_task(item), by=city.district_head, to="district_review", comment="请复核。")
    assert Item.objects.get(pk=item.pk).status == S.DISTRICT_REVIEW


@pytest.mark.parametrize("members, message", [
    (lambda items: [], "名单不能为空"),
    (lambda items: [items[0], items[1], items[0]], "名单中有重复的事项"),
])
def test_an_empty_or_repeating_list_is_refused(city, members, message):
    campaign = recommendation_campaign(city, seats=5)
    items = waiting_for_list(city, campaign, 2)
    unchanged = Unchanged(items)
    with pytest.raises(ValidationError, match=message):
        sample_recommend(items=members(items), by=city.district_head)
    unchanged.check()


def test_a_list_spanning_two_campaigns_is_refused(city):
    first = recommendation_campaign(city, seats=5)
    second = make_campaign(name="2021年度第二批", total_quota=None, district_quotas={city.district_a: 5},
                           owner_department=first.owner_department)
    items = waiting_for_list(city, first, 1) + waiting_for_list(city, second, 1)
    unchanged = Unchanged(items)
    with pytest.raises(ValidationError, match="同一申报批次"):
        sample_recommend(items=items, by=city.district_head)
    unchanged.check()


def list_act_statements(city, campaign, count):
    items = waiting_for_list(city, campaign, count)
    with CaptureQueriesContext(connection) as captured:
        sample_recommend(items=items, by=city.district_head)
    return len(captured)


def test_statements_grow_by_a_fixed_small_number_per_member(city, on_postgres):
    campaign = recommendation_campaign(city, seats=21)
    list_act_statements(city, campaign, 1)  # warms the per-process caches (content types...)
    one, three, six = (list_act_statements(city, campaign, n) for n in (1, 3, 6))
    per_member = (three - one) / 2
    assert six - three == 3 * per_member  # exactly linear
    # 8 in the engine (close the task, assign and open the next, previous link, item status, audit
    # event in 2, cancel the task's reminders) and what notifications.api writes per message (the
    # city reviewers' new task, the school's place on the list): 12 when this was written.
    assert per_member <= 16, per_member
    print(f"list act: {one} statements for 1 member, {per_member:g} more per member")
