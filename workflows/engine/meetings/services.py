"""The meeting's changes, one service per change, each one transaction audited on the item.
Bad input (a time in the past or past the step's deadline, no participants, minutes before the
meeting, closing without attendance) is a Chinese ValidationError and nothing is written; who
may is rules.py (404 to anyone who may not see the meeting, 403 to one who sees but may not)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from workflows.engine import access
from workflows.engine.deadlines.models import TaskDeadline
from workflows.engine.envelope import org_ref, pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.files.attachments import check_upload, save_upload
from workflows.engine.locking import lock_row, lock_waiting
from workflows.engine.meetings import messages, rules
from workflows.engine.meetings.models import (
    Attendance,
    Meeting,
    MeetingParticipant,
    MeetingReschedule,
    MeetingState,
    MinutesFile,
)
from workflows.engine.meetings.step import live_meetings, meeting_task
from workflows.engine.models import Item

MAX_PLACE = 200
MAX_REASON = 500


def _audit(meeting, action, by, *, comment="", **data):
    record_event(action=f"meeting_{action}", target=meeting.item, actor=by,
                 organisation=org_ref(meeting.item.owner_department_id), comment=comment,
                 data={"meeting": meeting.pk, "step": meeting.step, **data})


def _visible_item(item_ref, by) -> Item:
    item = Item.objects.select_related("organisation", "owner_department").filter(pk=pk_of(item_ref)).first()
    if item is None or not access.visible(by, item):
        raise NotFound(_("未找到该事项，或您无权查看。"))
    return item


def _clean_time(starts_at, task) -> datetime.datetime:
    if not isinstance(starts_at, datetime.datetime):
        raise ValidationError({"starts_at": _("请填写会议时间。")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("会议时间不能早于现在。")})
    due = TaskDeadline.objects.filter(task_id=task.pk).values_list("due_at", flat=True).first()
    if due is not None and starts_at > due:
        raise ValidationError({"starts_at": _("会议时间不能晚于本环节的办理期限（%(due)s）；如需推迟，请先申请延期。")
                               % {"due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M")}})
    return starts_at


def _clean_place(place) -> str:
    place = (place or "").strip()
    if not place:
        raise ValidationError({"place": _("请填写会议地点。")})
    if len(place) > MAX_PLACE:
        raise ValidationError({"place": _("会议地点不能超过%(n)s个字。") % {"n": MAX_PLACE}})
    return place


def _clean_participants(item, participants) -> list:
    """[(user, role)] from [{"user": user or id, "role": role}]; every refusal at once."""
    rows = list(participants or [])
    if not rows:
        raise ValidationError({"participants": _("请至少选择一名参会人。")})
    ids = []
    for row in rows:
        ref = row.get("user") if isinstance(row, dict) else None
        ref = getattr(ref, "pk", ref)
        if not str(ref).isdigit():
            raise ValidationError({"participants": _("参会人填写有误。")})
        ids.append(int(ref))
    if len(set(ids)) != len(ids):
        raise ValidationError({"participants": _("同一人不能重复列为参会人。")})
    users = get_user_model().objects.in_bulk(ids)
    errors, clean = [], []
    for pk, row in zip(ids, rows):
        user = users.get(pk)
        if user is None:
            errors.append(_("未找到编号为%(pk)s的用户。") % {"pk": pk})
            continue
        refusal = rules.participant_refusal(item, user, str(row.get("role") or ""))
        if refusal:
            errors.append(refusal)
        clean.append((user, row.get("role")))
    if errors:
        raise ValidationError({"participants": errors})
    return clean


def _at_step(item_ref, by):
    """The item (locked, waiting a few seconds) and its open meeting task; 404/403 by the rules."""
    item = _visible_item(item_ref, by)
    task = meeting_task(item)
    if task is None:
        raise InvalidState(_("该事项当前不在会议环节。"))
    rules.check_manager(by, item, task)
    lock_waiting(Item.objects.filter(pk=item.pk), timeout="5s")
    return item, task


def _managed(meeting_ref, by) -> Meeting:
    """The meeting (locked), once `by` may see and manage it; a closed one is 409."""
    seen = rules.visible_meeting(by, meeting_ref)
    task = seen.task
    rules.check_manager(by, seen.item, task)
    meeting = lock_row(Meeting, seen.pk)
    if meeting.state == MeetingState.CANCELLED:
        raise InvalidState(_("会议已取消，不能再修改。"))
    if meeting.state != MeetingState.SCHEDULED:
        raise InvalidState(_("会议已结束，不能再修改。"))
    open_task = meeting_task(meeting.item_id)
    if open_task is None or open_task.pk != meeting.task_id:
        raise InvalidState(_("该事项已离开此会议所在的环节。"))
    return meeting


@service
def schedule_meeting(*, item, by, starts_at, place, participants, agenda: str = "") -> Meeting:
    """Schedule the meeting of the item's meeting step and tell every participant."""
    item, task = _at_step(item, by)
    if live_meetings(task).exists():
        raise InvalidState(_("本环节已安排会议；如需调整时间或地点，请改期。"))
    starts_at, place = _clean_time(starts_at, task), _clean_place(place)
    people = _clean_participants(item, participants)
    step = task.flow_task
    meeting = Meeting.objects.create(item=item, task=task, step=step.name, title=str(step.meeting_title),
                                     starts_at=starts_at, place=place, agenda=(agenda or "").strip(),
                                     remind_days=list(step.remind_before), scheduled_by=by)
    MeetingParticipant.objects.bulk_create([MeetingParticipant(meeting=meeting, user=user, role=role)
                                            for user, role in people])
    _audit(meeting, "scheduled", by, starts_at=starts_at.isoformat(), place=place,
           participants=[{"user": user.pk, "role": role} for user, role in people])
    messages.tell_scheduled(meeting)
    return meeting


@service
def reschedule_meeting(*, meeting, by, starts_at, place: str = "", reason: str) -> Meeting:
    """Move the meeting to a new time (and place), with the reason; every participant is told."""
    meeting = _managed(meeting, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写改期理由。")})
    starts_at = _clean_time(starts_at, meeting.task)
    place = _clean_place(place) if (place or "").strip() else meeting.place
    if starts_at == meeting.starts_at and place == meeting.place:
        raise ValidationError({"starts_at": _("新的会议时间和地点与原安排相同。")})
    change = MeetingReschedule.objects.create(meeting=meeting, old_starts_at=meeting.starts_at,
                                              old_place=meeting.place, new_starts_at=starts_at, new_place=place,
                                              reason=reason, by=by)
    meeting.starts_at, meeting.place, meeting.revision = starts_at, place, meeting.revision + 1
    meeting.save(update_fields=["starts_at", "place", "revision"])
    _audit(meeting, "rescheduled", by, comment=reason, old_starts_at=change.old_starts_at.isoformat(),
           old_place=change.old_place, starts_at=starts_at.isoformat(), place=place)
    messages.tell_rescheduled(meeting, change)
    return meeting


def _check_held(meeting, what: str) -> None:
    if meeting.starts_at > timezone.now():
        raise ValidationError({what: _("会议尚未召开（%(when)s），不能记录。")
                               % {"when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")}})


@service
def record_attendance(*, meeting, by, attendance: dict) -> Meeting:
    """Record who attended: {user id: "present" | "absent" | "excused"}, or with a note
    {user id: {"attendance": ..., "note": ...}}. Only after the meeting has begun."""
    meeting = _managed(meeting, by)
    _check_held(meeting, "attendance")
    seats = {seat.user_id: seat for seat in meeting.participants.select_related("user")}
    allowed = {value for value in Attendance.values if value}
    changed, errors = [], []
    for ref, value in (attendance or {}).items():
        value = value if isinstance(value, dict) else {"attendance": value}
        seat = seats.get(int(ref)) if str(ref).isdigit() else None
        if seat is None:
            errors.append(_("编号为%(pk)s的用户不是本次会议的参会人。") % {"pk": ref})
            continue
        if value.get("attendance") not in allowed:
            errors.append(_("请为“%(name)s”选择出席、缺席或请假。") % {"name": seat.user.full_name or seat.user.username})
            continue
        seat.attendance, seat.note = value["attendance"], str(value.get("note") or "").strip()[:200]
        changed.append(seat)
    if errors or not changed:
        raise ValidationError({"attendance": errors or [_("请记录参会人的出席情况。")]})
    MeetingParticipant.objects.bulk_update(changed, ["attendance", "note"])
    _audit(meeting, "attendance", by, attendance={str(seat.user_id): seat.attendance for seat in changed})
    return meeting


@service
def record_minutes(*, meeting, by, text: str, files=()) -> Meeting:
    """Record the minutes (text, and files checked as every upload). Only after the meeting has begun."""
    meeting = _managed(meeting, by)
    _check_held(meeting, "minutes")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"minutes": _("请填写会议纪要。")})
    files = list(files or ())
    for upload in files:
        check_upload(upload)
    stored = [save_upload(MinutesFile(meeting=meeting, uploaded_by=by), upload) for upload in files]
    meeting.minutes, meeting.minutes_by, meeting.minutes_at = text, by, timezone.now()
    meeting.save(update_fields=["minutes", "minutes_by", "minutes_at"])
    _audit(meeting, "minutes", by, files=[{"id": f.pk, "name": f.name, "sha256": f.sha256} for f in stored])
    return meeting


@service
def close_meeting(*, meeting, by) -> Meeting:
    """End the meeting: every participant's attendance and the minutes recorded. The step's
    decision (通过 …) is then open to its handler."""
    meeting = _managed(meeting, by)
    _check_held(meeting, "state")
    missing = [seat.user.full_name or seat.user.username
               for seat in meeting.participants.select_related("user") if not seat.attendance]
    if missing:
        raise ValidationError({"attendance": _("以下参会人的出席情况尚未记录：%(names)s。") % {"names": "、".join(missing)}})
    if not meeting.minutes:
        raise ValidationError({"minutes": _("请先记录会议纪要，再结束会议。")})
    meeting.state, meeting.closed_by, meeting.closed_at = MeetingState.CLOSED, by, timezone.now()
    meeting.save(update_fields=["state", "closed_by", "closed_at"])
    _audit(meeting, "closed", by, present=meeting.participants.filter(attendance=Attendance.PRESENT).count())
    return meeting


@service
def cancel_meeting(*, meeting, by, reason: str) -> Meeting:
    """取消会议: call off a scheduled meeting, with the reason; every participant is told (email
    too), no reminder follows, and the step waits as if none had been scheduled (its handler
    schedules another, or decides without one: MeetingStep.route). A held or closed meeting is
    past cancelling (409), as is a cancelled one."""
    meeting = _managed(meeting, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写取消会议的理由。")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("取消理由不能超过%(n)s个字。") % {"n": MAX_REASON}})
    if meeting.starts_at <= timezone.now():
        raise InvalidState(_("会议已开始（%(when)s），不能取消；请记录出席情况和会议纪要后结束会议。")
                           % {"when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")})
    meeting.state, meeting.cancelled_by, meeting.cancelled_at = MeetingState.CANCELLED, by, timezone.now()
    meeting.cancel_reason = reason
    meeting.save(update_fields=["state", "cancelled_by", "cancelled_at", "cancel_reason"])
    _audit(meeting, "cancelled", by, comment=reason, starts_at=meeting.starts_at.isoformat(), place=meeting.place)
    messages.tell_cancelled(meeting)
    return meeting
