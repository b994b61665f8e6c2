"""异议 lodged by the public: an event from outside the task list.

Nobody is signed in and no task is opened, so this service does not go through open_task; its
own rules (workflows.engine.notices.rules) decide: a notice whose publication has begun and which
has not closed, a line of that notice, a real name, unit and phone with facts, an allowed file,
and the address's and phone's allowance in the window. Locks: the phone's and then the address's
transaction-scoped advisory lock (so that two lodgings cannot both pass the count), then the
notice's row (a close waits for a lodging in flight and the other way round). Nothing waits on a
process lock here, so this cannot deadlock with the department's acts.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from notifications import api

from core.audit.services import record_event
from workflows.engine import message_kinds as kinds
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.files.uploads import check_upload, stored_name
from workflows.engine.locking import lock_waiting
from workflows.engine.notices import rules
from workflows.engine.notices.models import Notice, NoticeEntry, Objection


class NoticeClosed(InvalidState):
    """The notice has ended: objections are no longer taken (409)."""


@service
def lodge_objection(*, notice, entry, real_name: str, unit: str, phone: str, facts: str, ip: str,
                    email: str = "", upload=None) -> Objection:
    """Lodge an objection to line `entry` of `notice`, from address `ip`, with an optional file."""
    fields = rules.check_objection(real_name=real_name, unit=unit, phone=phone, facts=facts, email=email)
    if upload is not None:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    now = timezone.now()
    _lock_key(f"notices:phone:{fields['phone']}")
    _lock_key(f"notices:ip:{ip}")
    notice = _running_notice(notice, now)
    try:
        line = NoticeEntry.objects.get(pk=pk_of(entry), notice=notice)
    except (NoticeEntry.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"entry": ValidationError(_("请选择异议针对的公示对象。"), code="entry")}) from None
    rules.check_rate(ip=ip, phone=fields["phone"], now=now)

    objection = Objection(entry=line, ip=ip, lodged_at=now, **fields)
    if upload is not None:
        objection.file_name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255]
        objection.file.save(stored_name(objection.file_name), File(upload), save=False)
    objection.save()
    # The objector's identity stays out of the audit trail: the objection row is its record.
    record_event(action="notice_objection", target=notice, organisation=notice.owner_department,
                 data={"objection": objection.pk, "entry": line.pk, "item": line.item_id, "file": bool(upload)})
    link = reverse("workflows:objection", args=[objection.pk])
    api.notify_many(
        recipients={f"objection:{objection.pk}:lodged:{user.pk}": user
                    for user in rules.handlers_of(notice.owner_department_id)},
        kind=kinds.OBJECTION_LODGED, target=notice, link=link,
        params={"title": notice.title, "name": line.name, "notice": notice.pk, "objection": objection.pk},
    )
    return objection


def _lock_key(key: str) -> None:
    """A lock held until the transaction ends, on a name rather than a row (PostgreSQL; SQLite
    serialises writers anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _running_notice(notice_ref, now) -> Notice:
    """The notice, its row locked, if the public may see it (else 404) and it still takes
    objections (else 409)."""
    try:
        pk = pk_of(notice_ref)
    except (ValueError, TypeError):
        raise NotFound() from None
    queryset = Notice.objects.public(now).filter(pk=pk)
    if not queryset.exists():
        raise NotFound(_("未找到该公示。"))
    notice = lock_waiting(queryset, timeout="5s")
    if not notice.is_running(now):
        raise NoticeClosed(_("公示期已结束，不再受理异议。"))
    return notice
