"""The accreditation kind's own check: one live application per school per campaign (the
database's constraint behind it, and its refusal, are in models). Who may apply and when is the
engine's start rule (workflows.engine.start.rules.start_refusal: the programme's school types and
公办/民办, the window)."""

from workflows.accreditation.models import Accreditation, AccreditationDetails


def live_application(campaign, school, *, exclude=None):
    """The school's live application in `campaign` (not withdrawn, rejected or lapsed), if any."""
    rows = AccreditationDetails.objects.filter(campaign=campaign, organisation=school, renewal_of__isnull=True) \
        .exclude(item_status__in=Accreditation.ENDED_STATUSES)
    if exclude is not None:
        rows = rows.exclude(item_id=exclude)
    return rows.select_related("item").first()
