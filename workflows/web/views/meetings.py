"""The meeting pages: schedule an item's meeting, one meeting (its details; for the handler and
the department the forms to record attendance and minutes, close and reschedule), 我的会议 and
a minutes file. Each act is one service call of workflows.engine.meetings; who may see and act
is meetings.rules (anyone who may not see: 404; who sees but may not act: 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine import access
from workflows.engine.deadlines.models import TaskDeadline
from workflows.engine.exceptions import Conflict, NotAllowed, NotFound, http_status
from workflows.engine.files.uploads import attachment_response
from workflows.engine.meetings import rules, services
from workflows.engine.meetings.models import MinutesFile
from workflows.web.meeting_forms import AttendanceForm, CancelForm, MinutesForm, MoveForm, ScheduleForm
from workflows.web.views.item import add_service_error


def _attempt(request, call, form, again, success):
    """Run `call(form)` once the form is valid; its errors go on the form or the page."""
    if not form.is_valid():
        return again(status=400)
    try:
        result = call(form)
    except NotAllowed as exc:
        return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
    except Conflict as exc:
        return again(error=exc.message, status=http_status(exc))
    except ValidationError as exc:
        add_service_error(form, exc)
        return again(status=400)
    messages.success(request, success)
    return redirect("workflows:meeting", pk=result.pk)


@login_required
def schedule(request, pk):
    item, task = rules.meeting_to_schedule(request.user, pk)
    form = ScheduleForm(request.POST or None, candidates=rules.candidates(item))

    def again(error="", status=200):
        due = TaskDeadline.objects.filter(task_id=task.pk).values_list("due_at", flat=True).first()
        return render(request, "workflows/meetings/schedule.html", {
            "item": item, "step": task.flow_task, "form": form, "error": error, "due": due,
            "reminders": _("、").join(str(days) for days in task.flow_task.remind_before)}, status=status)

    if request.method != "POST":
        return again()
    return _attempt(request, lambda f: services.schedule_meeting(
        item=item.pk, by=request.user, starts_at=f.cleaned_data["starts_at"], place=f.cleaned_data["place"],
        agenda=f.cleaned_data["agenda"], participants=f.seats()), form, again,
        _("已安排会议并通知参会人。"))


def _forms(meeting, data=None, files=None, act=""):
    """The page's three forms; the one named `act` bound to what was posted."""
    def given(name):
        return data if name == act else None

    return {"attendance": AttendanceForm(given("attendance"), participants=meeting.participants.all(),
                                         prefix="attendance"),
            "minutes": MinutesForm(given("minutes"), files if act == "minutes" else None, prefix="minutes",
                                   initial={"text": meeting.minutes}),
            "reschedule": MoveForm(given("reschedule"), prefix="reschedule")}


@login_required
def meeting_page(request, pk, forms=None, error="", status=200):
    meeting = rules.meeting_page(request.user, pk)
    manages = meeting.state == "scheduled" and rules.may_manage(request.user, meeting.item, meeting.task)
    return render(request, "workflows/meetings/meeting.html", {
        "meeting": meeting, "manages": manages, "forms": forms or _forms(meeting), "error": error,
        "sees_item": access.visible(request.user, meeting.item), "page_name": "meetings"}, status=status)


ACTS = {
    "attendance": (lambda m, by, f: services.record_attendance(meeting=m, by=by, attendance=f.attendance()),
                   lambda: _("已保存出席情况。")),
    "minutes": (lambda m, by, f: services.record_minutes(meeting=m, by=by, text=f.cleaned_data["text"],
                                                         files=f.cleaned_data["files"]), lambda: _("已保存会议纪要。")),
    "reschedule": (lambda m, by, f: services.reschedule_meeting(
        meeting=m, by=by, starts_at=f.cleaned_data["starts_at"], place=f.cleaned_data["place"],
        reason=f.cleaned_data["reason"]), lambda: _("已改期并通知参会人。")),
}


@require_POST
@login_required
def act(request, pk, act):
    meeting = rules.meeting_page(request.user, pk)  # 404 before reading the form
    if act == "close":
        try:
            services.close_meeting(meeting=meeting.pk, by=request.user)
        except NotAllowed as exc:
            return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
        except Conflict as exc:
            return meeting_page(request, pk, error=exc.message, status=http_status(exc))
        except ValidationError as exc:
            return meeting_page(request, pk, error=" ".join(exc.messages), status=400)
        messages.success(request, _("会议已结束，本环节现在可以作出决定。"))
        return redirect("workflows:item", pk=meeting.item_id)
    if act not in ACTS:
        raise NotFound()
    call, said = ACTS[act]
    forms = _forms(meeting, request.POST, request.FILES, act)
    return _attempt(request, lambda f: call(meeting.pk, request.user, f), forms[act],
                    lambda **kw: meeting_page(request, pk, forms=forms, **kw), said())


@login_required
def cancel(request, pk):
    """取消会议, confirmed first: the page says what cancelling does (everyone told, no reminders,
    the step waits for a new meeting or a decision) and asks for the reason; the POST cancels."""
    meeting = rules.meeting_page(request.user, pk)  # 404 before anything else
    rules.check_manager(request.user, meeting.item, meeting.task)
    form = CancelForm(request.POST or None)

    def again(error="", status=200):
        return render(request, "workflows/meetings/cancel.html", {
            "meeting": meeting, "form": form, "error": error, "page_name": "meetings"}, status=status)

    if request.method != "POST":
        return again()
    return _attempt(request, lambda f: services.cancel_meeting(meeting=meeting.pk, by=request.user,
                                                               reason=f.cleaned_data["reason"]),
                    form, again, _("会议已取消，已通知参会人。"))


@login_required
def my_meetings(request):
    return render(request, "workflows/meetings/mine.html", {"seats": rules.my_seats(request.user)[:200],
                                                             "page_name": "meetings"})


@login_required
def minutes_file(request, pk):
    found = MinutesFile.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
    if found is None:
        raise NotFound()
    rules.visible_meeting(request.user, found)
    return attachment_response(MinutesFile.objects.get(pk=pk))
