"""State changes of incidents: one function each, one transaction each."""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.incidents.models import Incident, IncidentStatus
from core.incidents.registry import get_retry_handler

logger = logging.getLogger(__name__)

ERROR_TEXT_LIMIT = 4000


@transaction.atomic
def raise_incident(*, kind: str, key: str, title: str, detail: str = "", payload: dict | None = None) -> Incident:
    """Open an incident, or, if one with this kind and key is open, count one more occurrence.

    A repeat keeps the title and takes the newest detail and payload (what a retry should use).
    Safe when two processes raise the same incident at once: the partial unique constraint lets
    only one insert win; the loser counts its occurrence on the winner's row.
    """
    if not kind or not key or not title:
        raise ValidationError(_("异常事件必须有类型、标识和标题。"))
    existing = _open_for_update(kind, key)
    if existing is None:
        try:
            with transaction.atomic():
                incident = Incident.objects.create(
                    kind=kind, key=key, title=title, detail=detail, payload=payload or {}
                )
            logger.warning("Incident raised: [%s] %s (%s)", kind, title, key)
            return incident
        except IntegrityError:
            existing = _open_for_update(kind, key)
            if existing is None:  # resolved again in between: nothing left to count on
                raise
    existing.occurrences += 1
    existing.last_seen_at = timezone.now()
    fields = ["occurrences", "last_seen_at"]
    if detail:
        existing.detail = detail
        fields.append("detail")
    if payload is not None:
        existing.payload = payload
        fields.append("payload")
    existing.save(update_fields=fields)
    return existing


def _open_for_update(kind: str, key: str) -> Incident | None:
    return Incident.objects.select_for_update().filter(kind=kind, key=key, status=IncidentStatus.OPEN).first()


@transaction.atomic
def retry_incident(incident: Incident, *, by=None) -> Incident:
    """Call the retry handler registered for the incident's kind.

    Success resolves the incident; a failure (the handler raised) undoes the handler's writes and
    records the attempt and its error. Returns the incident as it now is: check `.is_open`.
    Refused with a ValidationError, writing nothing, when the incident is not open, no handler is
    registered for its kind, or someone else is retrying it right now.
    """
    incident = _lock_for_retry(incident)
    handler = get_retry_handler(incident.kind)
    if handler is None:
        raise ValidationError(
            _("类型“%(kind)s”没有登记重试处理程序，无法重试；请排除问题后手动标记为已解决。") % {"kind": incident.kind}
        )
    incident.attempts += 1
    try:
        with transaction.atomic():
            handler(incident)
    except Exception as exc:  # noqa: BLE001  any failure of the handler is the retry's result
        incident.last_error = f"{type(exc).__name__}: {exc}"[:ERROR_TEXT_LIMIT]
        incident.save(update_fields=["attempts", "last_error"])
        record_event(action="incident.retry_failed", target=incident, actor=by, comment=incident.last_error)
        logger.warning("Retry of incident %s failed: %s", incident.pk, incident.last_error)
        return incident
    _resolve(incident, by=by, action="incident.retried", extra_fields=["attempts"])
    return incident


@transaction.atomic
def resolve_incident(*, incident: Incident, by, comment: str = "") -> Incident:
    """A person says the problem is dealt with (fixed by hand, or no longer relevant)."""
    incident = _lock_open(incident)
    _resolve(incident, by=by, action="incident.resolved", comment=comment)
    return incident


def _lock_for_retry(incident: Incident) -> Incident:
    # A retry may call out to other systems and take a while: a second admin pressing "retry" at
    # the same time gets a clear message at once instead of waiting (one NOWAIT attempt).
    nowait = connection.features.has_select_for_update_nowait
    try:
        with transaction.atomic():
            locked = Incident.objects.select_for_update(nowait=nowait).get(pk=incident.pk)
    except DatabaseError:
        raise ValidationError(_("该异常事件正在由他人处理，请稍后再试。")) from None
    return _require_open(locked)


def _lock_open(incident: Incident) -> Incident:
    return _require_open(Incident.objects.select_for_update().get(pk=incident.pk))


def _require_open(incident: Incident) -> Incident:
    if not incident.is_open:
        raise ValidationError(_("该异常事件已解决，无需再处理。"))
    return incident


def _resolve(incident: Incident, *, by, action: str, comment: str = "", extra_fields=()) -> None:
    incident.status = IncidentStatus.RESOLVED
    incident.resolved_at = timezone.now()
    incident.resolved_by = by if by is not None and by.is_authenticated else None
    incident.save(update_fields=["status", "resolved_at", "resolved_by", *extra_fields])
    record_event(
        action=action,
        target=incident,
        actor=by,
        from_status=IncidentStatus.OPEN,
        to_status=IncidentStatus.RESOLVED,
        comment=comment,
    )
