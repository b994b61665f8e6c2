"""年度总结 reminders: the daily beat (`workflows.tenure_daily`) reminds the holder of an active
tenure whose year's report is not filed, at the terms' offsets before the annual window closes
(`TermsPolicy.report_reminder_days`, data: [30, 7] for a studio), and at
`report_escalate_days` before it closes tells the head above the holder: the head of the
holder's organisation (a studio host's school head), or, when the holder is that head, the
district's head — up the organisation tree like a task's escalation, while there is still time
to file. Each stage is sent once (its key names the year and the stage); after downtime only the
latest stage reached goes out. Nothing is owed by a tenure that began after the window opened
(its first year) or ends before the window closes, nor by a revoked or expired one."""

import datetime

from django.utils import timezone

from core.calendar.working_days import workday_end
from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.engine.tenure import messages, rules
from workflows.engine.tenure.models import AnnualReport, Tenure, TenureState

HEAD_ROLES = (Role.SCHOOL_HEAD, Role.DISTRICT_HEAD)


def report_owed(tenure, on: datetime.date) -> datetime.date | None:
    """The last day of the window in which `tenure` owes `on`'s year's report, if `on` is in
    that window and the tenure spans it; else None (filing is checked by the caller)."""
    opens, closes = rules.report_window(tenure.terms, on.year)
    if not opens <= on <= closes or tenure.starts_on > opens or tenure.valid_until < closes:
        return None
    return closes


def head_above(item):
    """Who hears that the holder has not filed: the head of the item's organisation (its `head`,
    else a holder of its head role), unless the holder is that head; then the head of the
    organisation above (the district). None if neither has one."""
    organisation = item.organisation
    for org in (organisation, organisation.parent if organisation is not None else None):
        if org is None:
            continue
        if org.head is not None and org.head.pk != item.submitter_id:
            return org.head
        grant = RoleGrant.objects.active().filter(organisation=org, role__in=HEAD_ROLES) \
            .exclude(user=item.submitter_id).select_related("user").order_by("pk").first()
        if grant is not None:
            return grant.user
    return None


def remind_reports(*, on: datetime.date | None = None) -> int:
    """Send the report reminders and escalations due on `on` (default today). Returns how many
    messages were new."""
    on = on or rules.today()
    tenures = list(
        Tenure.objects.filter(state=TenureState.ACTIVE, starts_on__lte=on, valid_until__gte=on)
        .exclude(terms__report_reminder_days=[], terms__report_escalate_days__isnull=True)
        .select_related("terms", "item__submitter", "item__organisation__head", "item__organisation__parent__head")
        .order_by("pk")
    )
    filed = set(AnnualReport.objects.filter(year=on.year, tenure__in=[t.pk for t in tenures])
                .values_list("tenure_id", flat=True))
    sent = 0
    for tenure in tenures:
        closes = report_owed(tenure, on) if tenure.pk not in filed else None
        if closes is None:
            continue
        left, terms = (closes - on).days, tenure.terms
        deadline = datetime.datetime.combine(closes, workday_end(), tzinfo=timezone.get_default_timezone())
        reached = [days for days in terms.report_reminder_days if left <= days]
        if reached:
            sent += messages.remind_report(tenure, year=on.year, days=min(reached), deadline=deadline)
        head = head_above(tenure.item) if terms.report_escalate_days is not None and \
            left <= terms.report_escalate_days else None
        if head is not None:
            sent += messages.escalate_report(tenure, year=on.year, head=head, deadline=deadline)
    return sent
