"""Changes to the calendar: entering a year and correcting days. Each announces the change."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.calendar import official
from core.calendar.models import CalendarDay, CalendarSource, CalendarYear
from core.calendar.notice import HolidayNotice
from core.calendar.signals import calendar_changed

logger = logging.getLogger(__name__)

# Years an admin may enter: wide enough for any real use, narrow enough to catch a typo (20226).
FIRST_YEAR, LAST_YEAR = 2000, 2100


@transaction.atomic
def enter_year(*, year: int, by=None, source: str = CalendarSource.ADMIN) -> CalendarYear:
    """Cover a new year: every day, weekends off, or the package's official days.

    With source=admin (or test) the admin then marks that year's holidays and 调休上班 days by
    correcting days; with source=chinesecalendar the year must be one the package covers.
    """
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("年度须在 %(first)d 至 %(last)d 之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="year_range"
        )
    if source not in CalendarSource.values:
        raise ValidationError(_("未知的日历来源：%(source)s") % {"source": source}, code="source")
    if source == CalendarSource.CHINESECALENDAR:
        if year not in official.covered_years():
            raise ValidationError(
                _("chinesecalendar 软件包没有 %(year)d 年的数据，请选择按周末休息生成后逐日标注。") % {"year": year},
                code="no_official_data",
            )
        days = list(official.official_days_of_year(year))
    else:
        days = list(official.days_of_year(year))
    try:
        with transaction.atomic():
            calendar_year = CalendarYear.objects.create(year=year, source=source, entered_by=by)
    except IntegrityError:
        raise ValidationError(
            _("%(year)d 年的工作日历已录入；如需调整，请逐日更正。") % {"year": year}, code="exists"
        ) from None
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, year=calendar_year, is_working=is_working, note=note) for day, is_working, note in days
    )
    record_event(
        action="calendar.year_entered",
        target=calendar_year,
        actor=by,
        data={"source": source, "working_days": sum(1 for _day, working, _note in days if working)},
    )
    _announce([year])
    return calendar_year


@transaction.atomic
def correct_days(*, dates: list[date], is_working: bool, by, note: str | None = None) -> list[CalendarDay]:
    """Set whether the given days are working days, and their note (None keeps each note).

    Every day must lie in a covered year. Returns the days that actually changed, and announces
    their years.
    """
    dates = sorted(set(dates))
    if not dates:
        raise ValidationError(_("请至少选择一天。"), code="empty")
    if note is not None:
        note = note.strip()
        if len(note) > CalendarDay._meta.get_field("note").max_length:
            raise ValidationError(_("说明最多 50 个字。"), code="note_length")
    days = list(CalendarDay.objects.select_for_update().filter(date__in=dates).order_by("date"))
    if len(days) != len(dates):
        found = {day.date for day in days}
        missing = sorted({d.year for d in dates if d not in found})
        raise ValidationError(
            # Translators: "、" separates the items of a list (English: ", ").
            _("%(years)s 年的工作日历尚未录入，请先录入该年度。") % {"years": _("、").join(map(str, missing))},
            code="year_missing",
        )
    changed = [day for day in days if day.is_working != is_working or (note is not None and day.note != note)]
    now = timezone.now()
    for day in changed:
        day.is_working = is_working
        day.note = day.note if note is None else note
        day.updated_by = by
        day.updated_at = now
    CalendarDay.objects.bulk_update(changed, ["is_working", "note", "updated_by", "updated_at"])
    # Deadlines move when a day changes, so who changed which day is part of the record.
    for calendar_year in CalendarYear.objects.filter(year__in={day.date.year for day in changed}):
        record_event(
            action="calendar.days_corrected",
            target=calendar_year,
            actor=by,
            comment=note or "",
            data={
                "dates": [day.date.isoformat() for day in changed if day.date.year == calendar_year.year],
                "is_working": is_working,
            },
        )
    _announce(sorted({day.date.year for day in changed}))
    return changed


@transaction.atomic
def apply_holiday_notice(*, notice: HolidayNotice, by) -> list[date]:
    """Make a year's calendar what the State Council's notice says (see core.calendar.notice).

    A year not yet covered is entered whole; a covered year (weekends only, or the package's days)
    has every day that differs corrected, so pasting the same notice twice changes nothing. Days
    the notice names in a neighbouring year (元旦 from 31 December) are corrected there, which must
    be covered. Returns the dates that changed; one audit event on the year, one announcement.
    """
    year = notice.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("年度须在 %(first)d 至 %(last)d 之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="year_range"
        )
    wanted = {day: (is_working, note) for day, is_working, note in notice.days_of_year()}
    for day in notice.outside_year():
        wanted[day] = notice.day_status(day)
    calendar_year, created = CalendarYear.objects.select_for_update().get_or_create(
        year=year, defaults={"source": CalendarSource.NOTICE, "entered_by": by}
    )
    stored = {day.date: day for day in CalendarDay.objects.select_for_update().filter(date__in=wanted)}
    missing_years = sorted({day.year for day in wanted if day not in stored and day.year != year})
    if missing_years:
        raise ValidationError(
            _("通知中有 %(years)s 年的日期，该年度的工作日历尚未录入，请先录入该年度。")
            % {"years": _("、").join(map(str, missing_years))},
            code="year_missing",
        )
    now = timezone.now()
    new_days, changed = [], []
    for day, (is_working, note) in sorted(wanted.items()):
        row = stored.get(day)
        if row is None:
            new_days.append(CalendarDay(date=day, year=calendar_year, is_working=is_working, note=note))
        elif (row.is_working, row.note) != (is_working, note):
            row.is_working, row.note, row.updated_by, row.updated_at = is_working, note, by, now
            changed.append(row)
    CalendarDay.objects.bulk_create(new_days)
    CalendarDay.objects.bulk_update(changed, ["is_working", "note", "updated_by", "updated_at"])
    if created or changed:
        record_event(
            action="calendar.notice_applied",
            target=calendar_year,
            actor=by,
            data={
                "entered": created,
                "holidays": [day.isoformat() for day in sorted(notice.holidays)],
                "workdays": [day.isoformat() for day in sorted(notice.workdays)],
                "corrected": [row.date.isoformat() for row in changed],
            },
        )
        _announce(sorted({year, *(row.date.year for row in changed)}))
    return sorted([day.date for day in new_days] + [row.date for row in changed])


def _announce(years: list[int]) -> None:
    if not years:
        return

    def send():
        for receiver, result in calendar_changed.send_robust(sender=CalendarYear, years=years):
            if isinstance(result, Exception):
                logger.error("calendar_changed receiver %r failed", receiver, exc_info=result)

    transaction.on_commit(send)
