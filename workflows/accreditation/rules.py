"""The accreditation kind's own refusal: one live application per school per campaign (the
database's constraint behind it). Who may apply and when is the engine's start rule
(workflows.engine.start.rules.start_refusal: the programme's school types and 公办/民办, the window)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIVE_CONSTRAINT = "accreditation_one_live_per_school_campaign"


def second_application(school, existing=None) -> ValidationError:
    """The refusal of a second live application (`existing`: the one the school has, when known)."""
    held = _("（%(ref)s，%(status)s）") % {"ref": existing.ref_no, "status": existing.status_label} if existing else ""
    return ValidationError(_("%(school)s在本批次已有一份申报%(held)s，同一批次每校只能有一份有效申报；"
                             "如需重新申报，请先撤回原申报。") % {"school": school, "held": held}, code="duplicate")


def live_application(campaign, school, *, exclude=None):
    """The school's live application in `campaign` (not withdrawn, rejected or lapsed), if any."""
    from workflows.accreditation.models import Accreditation, AccreditationDetails

    rows = AccreditationDetails.objects.filter(campaign=campaign, organisation=school, renewal_of__isnull=True) \
        .exclude(item_status__in=Accreditation.ENDED_STATUSES)
    if exclude is not None:
        rows = rows.exclude(item_id=exclude)
    return rows.select_related("item").first()

