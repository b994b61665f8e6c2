"""Starting an application (发起申报): the draft, written by the kind's own create service after
the one rule (rules.start_refusal) allowed it."""

from django.db import transaction

from workflows.engine.services.items import set_title
from workflows.engine.start.rules import start_refusal


@transaction.atomic
def start_item(*, kind, campaign, organisation, by, title: str, fields: dict | None = None):
    """A new draft of `kind` for `organisation` in `campaign` (its department owns the item)."""
    refusal = start_refusal(by, kind, campaign, organisation)
    if refusal is not None:
        raise refusal
    return kind.create(organisation=organisation, owner_department=campaign.owner_department, by=by, title=title,
                       campaign=campaign, **(fields or {}))


def revision(kind, *, title=None, fields=None):
    """The `apply_changes(item)` of a resubmission (resubmit_item): the title and the kind's own
    fields, written under the decision's lock before the new submission's snapshot."""
    apply_fields = kind.changes(**(fields or {}))

    def apply_changes(item):
        changed = []
        if title is not None and set_title(item, title):
            item.save(update_fields=["title"])
            changed.append("title")
        return changed + list(apply_fields(item) or [])

    return apply_changes
