"""Two (or sixteen) people acting on one task at once: exactly one succeeds, the others get a
Conflict (409) at once, nothing is written twice, and no lock attempt is ever retried.

Racers are OS processes (fork), each with its own database connection, released together by a
barrier. No assertion on wall-clock time: the proof of "no waiting" is the lock attempt count.
"""

import multiprocessing
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from viewflow.workflow.models import Process, Task

from core.audit.models import AuditEvent
from core.orgs.models import User
from core.orgs.roles import Role
from core.orgs.services import grant_role
from tests.conftest import need
from tests.threads import row_locked
from tests.city import build_city
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from workflows.engine import services
from workflows.engine.exceptions import Busy, Conflict, NotFound, StaleState
from workflows.engine.locking import LockStats
from workflows.engine.models import Decision, Item

FORK = multiprocessing.get_context("fork")
RACERS = 16
CONFLICTS = {"Busy", "TaskClosed", "InvalidState", "StaleState"}


def _act(name, ref, user):
    if name == "approve":
        services.approve_task(task=ref, by=user)
    elif name == "withdraw":
        services.withdraw_item(item=ref, by=user, comment="材料有误")
    else:
        raise ValueError(name)


def _racer(name, ref, user_pk, barrier, results):
    LockStats.attempts = 0
    outcome = "not started"
    try:
        user = User.objects.get(pk=user_pk)
        barrier.wait(timeout=60)
        try:
            _act(name, ref, user)
            outcome = "ok"
        except Conflict as exc:
            outcome = type(exc).__name__
        except Exception as exc:  # reported to the parent, which fails the test with it
            outcome = f"error: {exc!r}"
    finally:
        results.put((name, outcome, LockStats.attempts))
        connections.close_all()


def race(acts):
    """Run [(act name, ref, user pk), ...] in separate processes at once; their results."""
    connections.close_all()  # children must not share the parent's connection
    barrier = FORK.Barrier(len(acts))
    results = FORK.Queue()
    processes = [FORK.Process(target=_racer, args=(*act, barrier, results)) for act in acts]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return outcomes


def racing_reviewers(city, n):
    users = []
    for i in range(n):
        user = User.objects.create_user(username=f"racer{i}")
        grant_role(user=user, role=Role.DISTRICT_REVIEWER, organisation=city.district_a)
        users.append(user)
    return users


def item_events(item, action):
    item_type = ContentType.objects.get_for_model(Item)
    return AuditEvent.objects.filter(content_type=item_type, object_id=str(item.pk), action=action)


def sixteen_approve_one_task():
    city = build_city()
    item = submitted_item(city)
    task = open_task(item)
    reviewers = racing_reviewers(city, RACERS)

    outcomes = race([("approve", task.pk, user.pk) for user in reviewers])

    assert not [o for o in outcomes if o[1].startswith("error") or o[1] == "not started"], outcomes
    assert sorted(o[1] == "ok" for o in outcomes).count(True) == 1, outcomes
    assert all(o[1] in CONFLICTS for o in outcomes if o[1] != "ok"), outcomes
    # One attempt at most per racer: nobody retried (a racer that saw the task already done
    # before locking made none).
    assert all(attempts <= 1 for _, _, attempts in outcomes), outcomes
    assert Decision.objects.filter(item=item).count() == 1
    assert item_events(item, "approve").count() == 1
    assert reload(item).status == "city_review"
    assert Task.objects.filter(process__item=item, flow_task_type="HUMAN").count() == 2
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_sixteen_processes_approve_one_task_on_postgresql():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    sixteen_approve_one_task()


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_sixteen_processes_approve_one_task_on_sqlite():
    need(connection.vendor == "sqlite", "runs on SQLite only")
    outcomes = sixteen_approve_one_task()
    # SQLite has no FOR UPDATE: IMMEDIATE transactions queue the writers, and each loser then
    # finds the task done.
    assert {o[1] for o in outcomes if o[1] != "ok"} == {"TaskClosed"}


def withdraw_races_approval(rounds):
    city = build_city()
    for _ in range(rounds):
        item = submitted_item(city)
        task = open_task(item)
        outcomes = race([("withdraw", item.pk, city.head.pk), ("approve", task.pk, city.reviewer.pk)])
        winners = [name for name, outcome, _ in outcomes if outcome == "ok"]
        assert len(winners) == 1, outcomes
        assert all(o[1] in CONFLICTS for o in outcomes if o[1] != "ok"), outcomes
        item = reload(item)
        if winners == ["withdraw"]:
            assert item.status == "withdrawn"
            assert not Decision.objects.filter(item=item).exists()
            assert Process.objects.get(item=item).status == "CANCELED"
        else:
            assert item.status == "city_review"
            assert not item_events(item, "withdraw").exists()


@pytest.mark.django_db(transaction=True)
def test_withdraw_racing_an_approval_on_postgresql():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    withdraw_races_approval(rounds=4)


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_withdraw_racing_an_approval_on_sqlite():
    need(connection.vendor == "sqlite", "runs on SQLite only")
    withdraw_races_approval(rounds=2)


@pytest.mark.django_db(transaction=True)
def test_a_held_lock_is_busy_at_once_with_one_attempt():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    city = build_city()
    item = submitted_item(city)
    task = open_task(item)
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Process.objects.select_for_update().get(pk=task.process_id)
            locked.set()
            release.wait(timeout=60)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=60)
        LockStats.attempts = 0
        with pytest.raises(Busy) as caught:
            services.approve_task(task=task, by=city.reviewer)
        assert LockStats.attempts == 1
        assert caught.value.status_code == 409
    finally:
        release.set()
        holder.join(timeout=60)
    assert Decision.objects.count() == 0
    services.approve_task(task=task, by=city.reviewer)  # free again
    assert reload(item).status == "city_review"


@pytest.mark.django_db(transaction=True)
def test_a_held_lock_is_no_answer_to_someone_who_may_not_see_the_task():
    """The lock and the read are one statement; when the lock is held, someone out of scope still
    gets 404 (checked after the failed attempt's rollback), not a 409 that says the task exists."""
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    city = build_city()
    task = open_task(submitted_item(city))
    with row_locked(Process, task.process_id):
        with pytest.raises(NotFound):
            services.approve_task(task=task, by=city.reviewer_b)  # another district's reviewer
        with pytest.raises(Busy):
            services.approve_task(task=task, by=city.reviewer)
    assert Decision.objects.count() == 0


def test_a_concurrent_status_change_is_a_conflict_and_writes_nothing(city, monkeypatch):
    """The FSM's compare-and-set: the item's status changed after we read it."""
    from workflows.engine import advance
    from workflows.engine.transitions import move_status

    item = submitted_item(city)
    task = open_task(item)

    def changed_meanwhile(item, target):
        Item.objects.filter(pk=item.pk).update(status="rejected")
        return move_status(item, target)

    monkeypatch.setattr(advance, "move_status", changed_meanwhile)
    with pytest.raises(StaleState):
        services.approve_task(task=task, by=city.reviewer)
    assert reload(item).status == "district_review"
    assert Decision.objects.count() == 0
    assert open_task(item).pk == task.pk
