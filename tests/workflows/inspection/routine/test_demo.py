"""`make run`'s 常态督导 piece: on the demo city every demo 督学 gets a zone of five schools outside
their home district, the first has two visits this month and a 整改通知书 out; seeding twice adds
nothing; its "try" lines name real logins."""

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from core.docnumbers.defaults import seed_document_types
from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from workflows.demo import routine as demo_routine
from workflows.inspection.routine.models import RectificationNotice, Visit, Zone, ZoneSchool

pytestmark = pytest.mark.django_db


def test_the_demo_divides_zones_visits_and_issues_a_notice_once():
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    seed_document_types()
    seed_demo_city(password="Demo@2026-test")
    tries = demo_routine.seed()
    assert Zone.objects.count() == 8 and ZoneSchool.objects.count() == 40
    for zone in Zone.objects.select_related("inspector"):
        home = zone.inspector.role_grants.get().organisation
        assert not zone.members.filter(school__parent=home).exists(), zone.name
    assert Visit.objects.filter(visited_on=today).count() == 2
    notice = RectificationNotice.objects.get()
    assert notice.visit.school == notice.school
    assert len(tries) == 3 and all(User.objects.filter(username=t.username).exists() for t in tries)
    assert tries[0].username == "inspector_01" and "记录督导" in tries[0].what
    assert demo_routine.seed() == tries
    assert (Zone.objects.count(), Visit.objects.count(), RectificationNotice.objects.count()) == (8, 2, 1)
