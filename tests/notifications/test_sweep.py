"""The sweep in-process: what is due becomes notifications once; catch-up after downtime; cost
that follows what is due; republishing of what was left unsent."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.orgs.roles import Role
from notifications import kinds
from notifications import conf
from notifications.api import cancel, schedule
from notifications.models import (
    Delivery,
    DeliveryState,
    Notification,
    ScheduledReminder,
    ScheduleKind,
    ScheduleState,
)
from notifications.planning import schedule_deadline
from notifications.sweep import notification_key, republish_stale, sweep
from notifications.webhooks import configure_webhook
from tests.factories import UserFactory, grant
from tests.notifications.helpers import local

pytestmark = pytest.mark.django_db

DEADLINE = local(2021, 10, 8, 17, 30)  # plan: 9-28, 9-30, 10-08 09:00; escalations 10-09, 10-12 09:00


@pytest.fixture
def published(published_capture):
    return published_capture


@pytest.fixture
def heads(school, department):
    school.head = UserFactory(full_name="校长", email="head@example.cn")
    school.save()
    department.head = UserFactory(full_name="处长", email="chief@example.cn")
    department.save()
    return school.head, department.head


@pytest.fixture
def handler(db):
    return UserFactory(full_name="经办人", email="handler@example.cn")


def plan_task(policy, handler, school, department, prefix="task:7:"):
    return schedule_deadline(
        key_prefix=prefix, deadline=DEADLINE, policy=policy, target=school, recipient=handler,
        handler_organisation=school, owner_department=department, params={"title": "特色学校评估"},
        link="/tasks/7/", now=local(2021, 9, 1, 12),
    )


def states():
    return dict(ScheduledReminder.objects.values_list("key", "state"))


def test_nothing_is_due_before_its_time(policy, handler, school, department, heads, published):
    plan_task(policy, handler, school, department)
    result = sweep(now=local(2021, 9, 28, 8, 59, 59))
    assert result.due == 0 and not Notification.objects.exists() and published == []


def test_a_due_reminder_becomes_one_notification_with_its_delivery(
    policy, handler, school, department, heads, published, django_capture_on_commit_callbacks
):
    plan_task(policy, handler, school, department)
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(now=local(2021, 9, 28, 9, 0))
    assert (result.due, result.sent, result.skipped, result.notifications) == (1, 1, 0, 1)
    n = Notification.objects.get()
    assert n.key == f"task:7:reminder:3:u{handler.pk}" and n.recipient == handler
    assert n.kind == kinds.REMINDER and n.link == "/tasks/7/" and n.target == school
    assert n.params["title"] == "特色学校评估" and datetime.datetime.fromisoformat(n.params["deadline"]) == DEADLINE
    assert states()["task:7:reminder:3"] == ScheduleState.SENT
    delivery = Delivery.objects.get()
    assert published == [([delivery.pk], None)]
    delivery.refresh_from_db()
    assert delivery.published_at is not None

    again = sweep(now=local(2021, 9, 28, 9, 5))
    assert again.due == 0 and Notification.objects.count() == 1


def test_on_the_due_day_and_after_it(policy, handler, school, department, heads, published):
    plan_task(policy, handler, school, department)
    for moment in [local(2021, 9, 28, 9), local(2021, 9, 30, 9), local(2021, 10, 8, 9), local(2021, 10, 9, 9),
                   local(2021, 10, 12, 9)]:
        sweep(now=moment)
    kinds = list(Notification.objects.order_by("created_at", "id").values_list("kind", "recipient__full_name"))
    assert kinds == [
        ("reminder", "经办人"), ("reminder", "经办人"), ("due_today", "经办人"), ("escalation", "校长"),
        ("escalation", "处长"),
    ]
    assert set(states().values()) == {ScheduleState.SENT}


def test_after_downtime_only_the_latest_stage_per_audience_goes_out(policy, handler, school, department, heads,
                                                                     published):
    plan_task(policy, handler, school, department)
    # Down from before the first reminder until after the first escalation.
    result = sweep(now=local(2021, 10, 9, 10, 0))
    assert (result.due, result.sent, result.skipped) == (4, 2, 2)
    assert states() == {
        "task:7:reminder:3": ScheduleState.SKIPPED,
        "task:7:reminder:1": ScheduleState.SKIPPED,
        "task:7:reminder:0": ScheduleState.SENT,  # the handler hears it is due (the text says overdue)
        "task:7:escalation:1": ScheduleState.SENT,
        "task:7:escalation:3": ScheduleState.PENDING,
    }
    assert set(Notification.objects.values_list("kind", flat=True)) == {"due_today", "escalation"}


def test_catch_up_across_batches_and_sweeps_skips_a_stage_even_when_the_later_one_went_first(
    policy, handler, school, department, heads, published
):
    plan_task(policy, handler, school, department)
    # The later stage was sent by another sweep first; the earlier one, found afterwards, is stale.
    ScheduledReminder.objects.filter(key="task:7:reminder:1").update(state=ScheduleState.SENT)
    sweep(now=local(2021, 9, 30, 12), batch_size=1)
    assert states()["task:7:reminder:3"] == ScheduleState.SKIPPED
    assert not Notification.objects.exists()


def test_series_keep_parallel_tasks_apart(policy, handler, school, department, heads, published):
    plan_task(policy, handler, school, department, prefix="task:7:")
    schedule(key="task:8:reminder:0", due_at=local(2021, 9, 28, 8), recipient=handler, policy=policy, target=school)
    sweep(now=local(2021, 9, 28, 9, 30))
    assert states()["task:7:reminder:3"] == states()["task:8:reminder:0"] == ScheduleState.SENT


def test_a_queue_reminds_every_active_holder_and_its_robot_once(policy, district, published):
    holders = [UserFactory(email=f"r{i}@example.cn") for i in range(3)]
    for user in holders:
        grant(user, Role.DISTRICT_REVIEWER, district)
    retired = UserFactory(email="old@example.cn", is_active=False)
    grant(retired, Role.DISTRICT_REVIEWER, district)
    expired = UserFactory(email="gone@example.cn")
    grant(expired, Role.DISTRICT_REVIEWER, district, valid_until=local(2021, 1, 1))
    robot = configure_webhook(organisation=district, url="https://example.cn/hook")
    schedule(key="task:3:reminder:1", due_at=local(2021, 9, 28, 9), role=Role.DISTRICT_REVIEWER,
             organisation=district, policy=policy, target=district)
    result = sweep(now=local(2021, 9, 28, 9, 1))
    assert result.notifications == 3
    assert set(Notification.objects.values_list("recipient", flat=True)) == {u.pk for u in holders}
    robots = Delivery.objects.filter(channel="webhook")
    assert [d.key for d in robots] == [f"task:3:reminder:1:webhook:{robot.pk}"]
    assert Delivery.objects.filter(channel="email").count() == 3


def test_the_shared_robot_post_of_a_queue_is_published_once(policy, district, published,
                                                            django_capture_on_commit_callbacks):
    for i in range(3):
        grant(UserFactory(email=f"r{i}@example.cn"), Role.DISTRICT_REVIEWER, district)
    configure_webhook(organisation=district, url="https://example.cn/hook")
    schedule(key="task:3:reminder:1", due_at=local(2021, 9, 28, 9), role=Role.DISTRICT_REVIEWER,
             organisation=district, policy=policy, target=district)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=local(2021, 9, 28, 9, 1))
    ids = [pk for chunk, _reclaim in published for pk in chunk]
    assert sorted(ids) == sorted(Delivery.objects.values_list("pk", flat=True)) and len(ids) == 4


def test_a_queue_nobody_holds_is_recorded_and_sends_nothing(policy, district, published):
    schedule(key="task:3:reminder:1", due_at=local(2021, 9, 28, 9), role=Role.DISTRICT_REVIEWER,
             organisation=district, policy=policy, target=district)
    assert sweep(now=local(2021, 9, 28, 9, 1)).sent == 1
    assert not Notification.objects.exists() and states()["task:3:reminder:1"] == ScheduleState.SENT


def test_cancelled_and_inactive_recipients(policy, handler, school, department, heads, published):
    plan_task(policy, handler, school, department)
    cancel(prefix="task:7:")
    assert sweep(now=local(2021, 10, 20, 9)).due == 0
    gone = UserFactory(is_active=False)
    schedule(key="task:9:reminder:0", due_at=local(2021, 9, 28, 9), recipient=gone, policy=policy, target=school)
    assert sweep(now=local(2021, 10, 20, 9)).notifications == 0


def test_escalation_and_due_today_kinds():
    row = ScheduledReminder(kind=ScheduleKind.ESCALATION, offset_days=1)
    from notifications.sweep import message_kind

    assert message_kind(row) == kinds.ESCALATION
    assert message_kind(ScheduledReminder(kind=ScheduleKind.REMINDER, offset_days=0)) == kinds.DUE_TODAY
    assert message_kind(ScheduledReminder(kind=ScheduleKind.REMINDER, offset_days=-3)) == kinds.REMINDER


def test_a_long_key_gets_a_notification_key_that_fits():
    key = "campaign:" + "x" * 190 + ":reminder:1"
    assert len(notification_key(key, 123456)) == 200
    assert notification_key(key, 1) != notification_key(key + "0", 1)
    assert notification_key("task:1:reminder:3", 5) == "task:1:reminder:3:u5"


def test_batches(policy, handler, school, published):
    for n in range(5):
        schedule(key=f"task:{n}:reminder:0", due_at=local(2021, 9, 28, 9), recipient=handler, policy=policy,
                 target=school)
    result = sweep(now=local(2021, 9, 28, 9), batch_size=2)
    assert (result.batches, result.sent) == (3, 5)


def _queries_for_a_sweep(now):
    with CaptureQueriesContext(connection) as queries:
        sweep(now=now)
    return len(queries)


def test_the_sweeps_queries_do_not_grow_with_open_rows(policy, handler, school, published):
    def add(n, start, due):
        ScheduledReminder.objects.bulk_create(
            ScheduledReminder(key=f"t:{start + i}:reminder:1", series=f"t:{start + i}:", due_at=due,
                              recipient=handler, policy=policy)
            for i in range(n)
        )

    add(5, 0, local(2021, 9, 28, 9))
    add(20, 100, local(2022, 1, 1))
    few = _queries_for_a_sweep(local(2021, 9, 28, 9))
    add(5, 1000, local(2021, 9, 29, 9))
    add(2000, 2000, local(2022, 1, 1))
    many = _queries_for_a_sweep(local(2021, 9, 29, 9))
    assert few == many


def test_republish_stale_pending_and_abandoned_sending(handler, published):
    from notifications.api import notify

    now = timezone.now()
    stale = conf.get("STALE_AFTER")
    lease = conf.get("SENDING_LEASE")
    for key in ["fresh", "never", "long-ago", "sending-live", "sending-dead", "sent"]:
        notify(key=key, recipient=handler, kind=kinds.INFO)
    d = {x.notification.key: x for x in Delivery.objects.select_related("notification")}
    Delivery.objects.filter(pk=d["fresh"].pk).update(published_at=now)
    # Written longer ago than the staleness window and never picked up (the publish was lost).
    Delivery.objects.filter(pk=d["never"].pk).update(
        available_at=now - stale - datetime.timedelta(seconds=1), published_at=now - stale - datetime.timedelta(seconds=1)
    )
    Delivery.objects.filter(pk=d["long-ago"].pk).update(
        available_at=now - stale * 3, published_at=now - stale - datetime.timedelta(seconds=1)
    )
    Delivery.objects.filter(pk=d["sending-live"].pk).update(state=DeliveryState.SENDING, claimed_at=now)
    Delivery.objects.filter(pk=d["sending-dead"].pk).update(
        state=DeliveryState.SENDING, claimed_at=now - lease - datetime.timedelta(seconds=1),
        published_at=now - lease - datetime.timedelta(seconds=2),
    )
    Delivery.objects.filter(pk=d["sent"].pk).update(state=DeliveryState.SENT, available_at=now - stale * 3)
    published.clear()
    assert republish_stale(now=now) == 3
    assert published == [
        (sorted([d["never"].pk, d["long-ago"].pk], key=lambda pk: pk != d["long-ago"].pk), None),
        ([d["sending-dead"].pk], (now - lease).isoformat()),
    ]
    assert Notification.objects.get(key="never").state == "published"
    assert Delivery.objects.get(pk=d["never"].pk).published_at > now - stale  # its staleness clock restarted
    published.clear()
    assert republish_stale(now=now) == 0 and published == []  # not again within the staleness window


def test_a_broker_that_is_down_leaves_the_rows_for_the_next_sweep(handler, monkeypatch):
    from notifications.api import notify
    from notifications.tasks import deliver

    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(deliver, "apply_async", down)
    notify(key="k", recipient=handler, kind=kinds.INFO)
    later = timezone.now() + conf.get("STALE_AFTER") * 2
    assert republish_stale(now=later) == 0
    delivery = Delivery.objects.get()
    assert delivery.published_at < later and delivery.state == DeliveryState.PENDING  # stale, still pending


def test_the_series_query_uses_its_index(on_postgres, policy, handler):
    ScheduledReminder.objects.bulk_create(
        ScheduledReminder(key=f"t:{n}:reminder:1", series=f"t:{n}:", due_at=local(2021, 9, 1 + n % 28, 9),
                          recipient=handler, policy=policy)
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_scheduledreminder")
    query = ScheduledReminder.objects.filter(series__in=["t:1:", "t:2:"], due_at__lte=local(2021, 10, 1),
                                             state__in=["pending", "sent"])
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "schedule_series_due" in plan


def test_after_a_broker_failure_requests_stop_trying_but_the_sweep_does_not(handler, monkeypatch):
    from notifications.api import notify
    from notifications.publishing import breaker, publish
    from notifications.tasks import deliver

    attempts = []

    def down(*args, **kwargs):
        attempts.append(1)
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(deliver, "apply_async", down)
    notify(key="a", recipient=handler, kind=kinds.INFO)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert publish(ids) == 0 and len(attempts) == 1 and breaker.is_open()
    assert publish(ids) == 0 and len(attempts) == 1  # not even tried
    monkeypatch.setattr(deliver, "apply_async", lambda *args, **kwargs: None)
    assert publish(ids, sweeping=True) == 1 and not breaker.is_open()


def test_the_claim_uses_the_due_index_with_many_open_rows(on_postgres, policy, handler):
    from notifications.sweep import due

    ScheduledReminder.objects.bulk_create(
        ScheduledReminder(key=f"t:{n}:reminder:1", series=f"t:{n}:", recipient=handler, policy=policy,
                          due_at=local(2021, 9, 1, 9) + datetime.timedelta(minutes=n))
        for n in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_scheduledreminder")
    with transaction.atomic():
        query = due(local(2021, 9, 1, 10)).select_for_update(skip_locked=True, of=("self",))[:1000]
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "schedule_due_pending" in plan and "SKIP LOCKED" in sql
