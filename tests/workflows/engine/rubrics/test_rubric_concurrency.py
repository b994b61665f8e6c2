"""Edits take the rubric's row lock, one NOWAIT attempt: a second edit while one runs is 409 at once
and writes nothing; racing clicks leave one coherent result (never an edit of a frozen version)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.audit.models import AuditEvent
from tests.city import build_city
from tests.conftest import need
from tests.threads import row_locked, run_together
from tests.workflows.engine.rubrics.helpers import school_rubric
from workflows.engine.exceptions import Busy
from workflows.engine.rubrics.indicator_edits import add_indicator, move_indicator
from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.services import RubricFrozen, use_rubric


@pytest.mark.django_db(transaction=True)
def test_an_edit_while_another_holds_the_rubric_is_busy_and_writes_nothing():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    city = build_city()
    rubric = school_rubric(city.department, city.city)
    events = AuditEvent.objects.count()
    with row_locked(Rubric, rubric.pk):
        with pytest.raises(Busy):
            add_indicator(rubric=rubric, by=city.city, code="C", name="特色", max_score=10)
        with pytest.raises(Busy):
            use_rubric(rubric=rubric, user="批次")
    assert not rubric.indicators.filter(code="C").exists()
    assert AuditEvent.objects.count() == events
    assert not Rubric.objects.get(pk=rubric.pk).frozen


@pytest.mark.django_db(transaction=True)
def test_freezing_and_editing_at_once_never_edit_a_frozen_version():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    city = build_city()
    for round_ in range(4):
        rubric = school_rubric(city.department, city.city, name=f"竞争{round_}")

        def work(i, rubric=rubric):
            if i == 0:
                return use_rubric(rubric=rubric, user="批次")
            return add_indicator(rubric=rubric, by=city.city, code=f"C{i}", name="特色", max_score=10)

        done, errors = run_together(work, 3)
        assert all(isinstance(error, (Busy, RubricFrozen, ValidationError)) for error in errors), errors
        rubric.refresh_from_db()
        added = set(rubric.indicators.filter(code__startswith="C").values_list("code", flat=True))
        adds = AuditEvent.objects.filter(object_id=str(rubric.pk), action="rubric_indicator_add",
                                         data__indicator__code__startswith="C").count()
        assert adds == len(added)  # every row written has its event, nothing else
        if rubric.frozen:
            # Whatever was added, was added before the freeze: no add event after it.
            freeze = AuditEvent.objects.get(object_id=str(rubric.pk), action="rubric_freeze")
            assert not AuditEvent.objects.filter(object_id=str(rubric.pk), action="rubric_indicator_add",
                                                 seq__gt=freeze.seq).exists()


@pytest.mark.django_db(transaction=True)
def test_racing_moves_leave_every_sibling_once_in_a_clean_order():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    city = build_city()
    rubric = school_rubric(city.department, city.city)
    top = list(rubric.indicators.filter(parent=None).values_list("pk", flat=True))  # A, B

    def work(i):
        return move_indicator(indicator=top[i % 2], by=city.city, direction="down" if i % 2 == 0 else "up")

    done, errors = run_together(work, 4)
    assert all(isinstance(error, (Busy, ValidationError)) for error in errors), errors
    orders = sorted(rubric.indicators.filter(parent=None).values_list("order", flat=True))
    assert orders == [0, 1]  # never two siblings in one place, never a gap
    moves = AuditEvent.objects.filter(object_id=str(rubric.pk), action="rubric_indicator_move").count()
    assert moves == len(done) >= 1
