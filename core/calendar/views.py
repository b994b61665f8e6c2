"""The administrators' page for next year's calendar: paste the State Council's notice, see the
year as it would be, confirm, save (core.calendar.services.apply_holiday_notice)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar.forms import HolidayNoticeForm
from core.calendar.models import CalendarDay, CalendarYear
from core.calendar.month_grid import year_grid
from core.calendar.notice import NoticeError, parse_notice
from core.calendar.permissions import can_enter_calendar
from core.calendar.services import apply_holiday_notice
from core.page_access import only_for


calendar_admin_required = only_for(can_enter_calendar, "workcalendar/forbidden.html")


def stored_days(year: int) -> dict | None:
    """{date: (is_working, note)} of a covered year; None when the year is not entered."""
    if not CalendarYear.objects.filter(year=year).exists():
        return None
    return {d: (w, n) for d, w, n in CalendarDay.objects.filter(year_id=year).values_list("date", "is_working", "note")}


@calendar_admin_required
def notice_page(request):
    """GET: the form, and the years already covered. POST: read the notice and show the year to
    confirm; POST with confirm: save it."""
    form = HolidayNoticeForm(request.POST or None)
    context = {"form": form, "years": CalendarYear.objects.order_by("-year")[:5]}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notice = parse_notice(form.cleaned_data["text"], year=form.cleaned_data["year"])
            except NoticeError as exc:
                form.add_error("text", str(exc))
            else:
                if "confirm" in request.POST:
                    try:
                        changed = apply_holiday_notice(notice=notice, by=request.user)
                    except ValidationError as exc:
                        form.add_error(None, exc)
                    else:
                        messages.success(
                            request,
                            _("已按通知保存 %(year)d 年工作日历，%(count)d 天有变动；待定的办理期限将重新计算。")
                            % {"year": notice.year, "count": len(changed)},
                        )
                        return redirect(reverse("workcalendar:year", args=[notice.year]))
                if form.is_valid():
                    stored = stored_days(notice.year)
                    context.update(
                        notice=notice,
                        months=year_grid(notice.year, notice.day_status, stored),
                        covered=stored is not None,
                        changes=_count_changes(notice, stored),
                    )
        if not form.is_valid():
            status = 400
    return render(request, "workcalendar/notice.html", context, status=status)


@calendar_admin_required
def year_page(request, year: int):
    stored = stored_days(year)
    if stored is None:
        messages.info(request, _("%(year)d 年的工作日历尚未录入。") % {"year": year})
        return redirect("workcalendar:notice")
    return render(request, "workcalendar/year.html", {
        "year": year, "months": year_grid(year, stored.__getitem__),
        "holidays": sum(1 for w, n in stored.values() if not w and n),
        "working": sum(1 for w, _n in stored.values() if w),
    })


def _count_changes(notice, stored) -> int | None:
    if stored is None:
        return None
    return sum(1 for day, is_working, note in notice.days_of_year() if stored.get(day) != (is_working, note))
