"""The sample kind's services: its own fields around the engine's services, one transaction each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.models import SampleDetails
from workflows.engine import services as engine


def _check_pupils(pupils):
    if pupils is not None and (not isinstance(pupils, int) or pupils < 0):
        raise ValidationError({"pupils": ValidationError(_("在校生人数必须是非负整数。"), code="invalid")})


@transaction.atomic
def sample_create(*, organisation, owner_department, by, title: str, summary: str = "", pupils: int = 0,
                  campaign=None):
    _check_pupils(pupils)
    item = engine.create_item(
        flow_class=ApplicationFlow, organisation=organisation, owner_department=owner_department, by=by, title=title
    )
    SampleDetails.objects.create(item=item, summary=summary, pupils=pupils, campaign=campaign)
    return item


def sample_changes(*, summary=None, pupils=None):
    """The sample's own fields as an `apply_changes(item)` (edit_item, resubmit_item): the names changed."""
    _check_pupils(pupils)

    def apply_changes(item):
        details = SampleDetails.objects.get(item=item)
        changed = []
        for name, value in (("summary", summary), ("pupils", pupils)):
            if value is not None and getattr(details, name) != value:
                setattr(details, name, value)
                changed.append(name)
        if changed:
            details.save(update_fields=changed)
        return changed

    return apply_changes


def sample_update(*, item, by, title=None, summary=None, pupils=None, expected_version=None):
    return engine.edit_item(item=item, by=by, title=title, apply_changes=sample_changes(summary=summary, pupils=pupils),
                            expected_version=expected_version)


def sample_submit(*, item, by):
    """提交: into its campaign's open window, when it was started in one."""
    details = SampleDetails.objects.filter(item=item).select_related("campaign").first()
    return engine.submit_item(item=item, by=by, flow_class=ApplicationFlow,
                              campaign=details.campaign if details else None)
