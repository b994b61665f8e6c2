"""Races on 公示 against the real PostgreSQL, in real threads: two handlers deciding one objection
at once (one wins, the other is told it was handled: 409; the item moves once), the close and an
uphold at once (the item ends in exactly one place), and lodgings from one phone at once (the
allowance holds exactly)."""

import pytest

from core.audit.models import AuditEvent
from tests.sampleapp.notice_models import SampleHonour
from tests.threads import run_together
from tests.workflows.engine.conftest import reload
from tests.workflows.engine.notice_helpers import (
    AFTER_END,
    city,  # noqa: F401
    decided,
    honour_campaign,
    objection_to,
    on_publication_day,  # noqa: F401
    published,
)
from workflows.engine.exceptions import Conflict
from workflows.engine.lists.campaigns import seats_taken
from workflows.engine.notices.closing import close_notice
from workflows.engine.notices.handling import dismiss_objection, uphold_objection
from workflows.engine.notices.models import EntryOutcome, NoticeEntry, Objection
from workflows.engine.notices.rules import TooManyObjections

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
S = SampleHonour.Status



def test_two_handlers_at_once_one_wins(on_postgres, city):  # noqa: F811
    campaign = honour_campaign(city)
    (item,) = decided(city, campaign, 1)
    objection = objection_to(published(city, [item]).entries.get())
    acts = [lambda: uphold_objection(objection=objection.pk, by=city.city_head, reason="成立。"),
            lambda: dismiss_objection(objection=objection.pk, by=city.city, reason="不成立。")]
    results, errors = run_together(lambda i: acts[i](), 2)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict), errors
    handled = Objection.objects.get()
    assert handled.state == results[0].state
    assert AuditEvent.objects.filter(action__in=["notice_uphold", "notice_dismiss"]).count() == 1
    if handled.state == "upheld":
        assert reload(item).status == S.CITY_DECISION and seats_taken(campaign=campaign) == 0
    else:
        assert reload(item).status == S.NOTICE and seats_taken(campaign=campaign) == 1


def test_the_close_and_an_uphold_at_once_move_the_item_once(on_postgres, city, on_publication_day):  # noqa: F811
    (item,) = decided(city, honour_campaign(city), 1)
    notice = published(city, [item])
    objection = objection_to(notice.entries.get())
    on_publication_day.move_to(AFTER_END)
    acts = [lambda: close_notice(notice=notice.pk),
            lambda: uphold_objection(objection=objection.pk, by=city.city_head, reason="成立。")]
    results, errors = run_together(lambda i: acts[i](), 2)
    assert all(isinstance(error, Conflict) for error in errors), errors
    entry = NoticeEntry.objects.get()
    # The open objection keeps the item at the notice through the close; the uphold sends it back.
    if Objection.objects.get().state == "upheld":
        assert (entry.outcome, reload(item).status) == (EntryOutcome.SENT_BACK, S.CITY_DECISION)
    else:
        assert (entry.outcome, reload(item).status) == (EntryOutcome.WAITING, S.NOTICE)
    assert AuditEvent.objects.filter(action="notice_sent_back").count() <= 1
    assert not AuditEvent.objects.filter(action="notice_passed").exists()


def test_lodgings_from_one_phone_at_once_keep_the_allowance(on_postgres, city, settings):  # noqa: F811
    settings.NOTICES_OBJECTIONS_PER_PHONE = 2
    (item,) = decided(city, honour_campaign(city), 1)
    entry = published(city, [item]).entries.get()
    results, errors = run_together(lambda i: objection_to(entry), 5)
    assert len(results) == 2 and len(errors) == 3
    assert all(isinstance(error, TooManyObjections) for error in errors), errors
    assert Objection.objects.count() == 2
