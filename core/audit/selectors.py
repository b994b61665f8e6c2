"""Reading the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from core.audit.models import AuditEvent


def events_for(target) -> QuerySet:
    """One target's events, oldest first (its chain order)."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return (
        AuditEvent.objects.filter(content_type=content_type, object_id=str(target.pk))
        .select_related("actor", "acting_for", "organisation")
        .order_by("seq")
    )
