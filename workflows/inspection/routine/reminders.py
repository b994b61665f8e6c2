"""The monthly visit reminder: the daily beat (`inspection.routine_daily`, beat.py) tells each
责任督学, from settings.ROUTINE_VISIT_REMIND_DAY of the month on, of every school of their zone
that has had no visit this month. It writes outbox messages only (messages.remind_unvisited),
whose key names the school, the month and the 督学: running it every day, or twice, sends each
once; a school visited since is not named."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.inspection.routine import messages
from workflows.inspection.routine.models import Visit, ZoneSchool


def month_of(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def unvisited(on: datetime.date):
    """The zone rows (school, zone, its 督学) whose school has had no visit from the 1st to `on`,
    for 督学 who hold the role: one query."""
    visited = Visit.objects.filter(visited_on__gte=on.replace(day=1), visited_on__lte=on).values("school_id")
    inspectors = RoleGrant.objects.active().filter(role=Role.INSPECTOR).values("user_id")
    return (ZoneSchool.objects.exclude(school_id__in=visited)
            .filter(zone__inspector__is_active=True, zone__inspector_id__in=inspectors, school__is_active=True)
            .select_related("school", "zone__inspector").order_by("zone_id", "school__path"))


def remind_unvisited(*, on: datetime.date | None = None) -> int:
    """Remind the 督学 of their schools not visited this month, once each. Returns how many
    messages were new (0 before the reminder day)."""
    on = on or timezone.localdate()
    if on.day < settings.ROUTINE_VISIT_REMIND_DAY:
        return 0
    sent = 0
    with transaction.atomic():
        for row in unvisited(on):
            sent += messages.remind_unvisited(inspector=row.zone.inspector, school=row.school, month=month_of(on))
    return sent
