"""Reading the State Council's annual holiday notice (国务院办公厅关于20XX年部分节假日安排的通知).

The notice is pasted as text. Each numbered item names a holiday and says, in sentences, which
days are off ("1月1日至3日放假调休，共3天。") and which weekend days are worked instead
("1月4日（周日）上班。"). Everything else in the notice (the preamble, the closing paragraph, the
signature and date) carries no days and is passed over. A line that is an item but cannot be read
fully is refused with its line number: a calendar half-read would move deadlines silently.

Pure functions, no models: the service and the page both use them.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

_TITLE = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排的通知")
_ITEM = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]\s*([^：:]{1,20})[：:](.*)$")
# A date as the notice writes it: "1月4日", "4日" (month as before), "2022年12月31日", each
# optionally followed by a parenthesis ("（周日）", "（农历除夕、周二）").
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:[（(]([^）)]*)[）)])?")
_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_DAY_COUNT = re.compile(r"(?:共|放假)(\d{1,2})天")


class NoticeError(ValueError):
    """The notice cannot be read; `line` is the 1-based line number (None: the whole text)."""

    def __init__(self, message: str, line: int | None = None, text: str = ""):
        self.line, self.text = line, text
        if line is not None:
            message = _("第 %(line)d 行“%(text)s”：%(message)s") % {"line": line, "text": text, "message": message}
        super().__init__(message)


@dataclass
class HolidayNotice:
    """What a notice says: the year, each day off and each make-up working day, with the holiday's name."""

    year: int
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)

    def days_of_year(self):
        """Yield (date, is_working, note) for every day of the notice's year, as CalendarDay stores them."""
        day = date(self.year, 1, 1)
        while day.year == self.year:
            yield (day, *self.day_status(day))
            day += timedelta(days=1)

    def day_status(self, day: date) -> tuple[bool, str]:
        if day in self.holidays:
            return False, self.holidays[day]
        if day in self.workdays:
            return True, _("调休上班（%(name)s）") % {"name": self.workdays[day]}
        return day.weekday() < 5, ""

    def outside_year(self) -> list[date]:
        """Days the notice names in a neighbouring year (元旦 may begin on 31 December)."""
        return sorted(d for d in (*self.holidays, *self.workdays) if d.year != self.year)


def parse_notice(text: str, *, year: int | None = None) -> HolidayNotice:
    """Read a pasted notice. The year is the title's; `year` is used when the title is not pasted."""
    lines = text.splitlines()
    titled = next((int(m.group(1)) for m in map(_TITLE.search, lines) if m), None)
    if titled is not None and year is not None and titled != year:
        raise NoticeError(_("通知标题中的年度是 %(titled)d 年，与所选的 %(year)d 年不一致。") % {"titled": titled, "year": year})
    year = titled or year
    if year is None:
        raise NoticeError(_("未找到年度：请粘贴含标题“国务院办公厅关于××××年部分节假日安排的通知”的全文，或选择年度。"))
    notice = HolidayNotice(year=year)
    items = 0
    for number, line in enumerate(lines, start=1):
        match = _ITEM.match(line)
        if not match:
            continue
        items += 1
        name = match.group(2).strip()
        try:
            _read_item(notice, name, match.group(3))
        except NoticeError as exc:
            raise NoticeError(str(exc), line=number, text=line.strip()) from None
    if not items:
        raise NoticeError(_("未找到放假安排条目（如“一、元旦：1月1日放假，共1天。”）。"))
    return notice


def _read_item(notice: HolidayNotice, name: str, body: str) -> None:
    off_days = 0
    for sentence in filter(None, (s.strip() for s in re.split(r"[。；;]", body))):
        off, on = "放假" in sentence, "上班" in sentence
        if off and on:
            raise NoticeError(_("一句中同时写有放假和上班，无法区分：请分成两句。"))
        if not (off or on):
            # "鼓励各单位……安排职工在除夕（2月9日）休息" and the like: advice, not the calendar.
            continue
        days = _dates_of(sentence, notice.year)
        if not days:
            raise NoticeError(_("写有“%(word)s”，但没有可识别的日期。") % {"word": "放假" if off else "上班"})
        target, other = (notice.holidays, notice.workdays) if off else (notice.workdays, notice.holidays)
        for day in days:
            if day in target or day in other:
                raise NoticeError(_("%(date)s 在通知中出现了两次。") % {"date": _date_text(day)})
            if on and day.weekday() < 5:
                raise NoticeError(_("调休上班日 %(date)s 不是周末。") % {"date": _date_text(day)})
            target[day] = name
        if off:
            off_days += len(days)
            count = _DAY_COUNT.search(sentence)
            if count and int(count.group(1)) != len(days):
                raise NoticeError(
                    _("写的是共 %(said)s 天，日期范围却是 %(counted)d 天。") % {"said": count.group(1), "counted": len(days)}
                )
    if not off_days:
        raise NoticeError(_("这一条没有写放假日期。"))


def _dates_of(sentence: str, year: int) -> list[date]:
    """Every day a sentence names: single dates, "、"-lists and "至" ranges (the end's month and
    year default to the start's)."""
    days: list[date] = []
    month = None
    previous_end = None
    range_open = False
    for match in _DATE.finditer(sentence):
        between = sentence[previous_end:match.start()] if previous_end is not None else ""
        written_year, written_month, written_day, paren = match.groups()
        if written_year:
            year = int(written_year)
        if written_month:
            month = int(written_month)
        if month is None:
            raise NoticeError(_("“%(text)s”没有写月份。") % {"text": match.group(0)})
        try:
            day = date(year, month, int(written_day))
        except ValueError:
            raise NoticeError(_("“%(text)s”不是有效的日期。") % {"text": match.group(0)}) from None
        _check_weekday(day, paren, match.group(0))
        range_open = previous_end is not None and between.strip() in {"至", "到", "—", "-", "～", "~"}
        if range_open:
            start = days[-1]
            if day < start:
                raise NoticeError(_("日期范围 %(start)s 至 %(end)s 的结束早于开始。") % {"start": _date_text(start), "end": _date_text(day)})
            while start < day:
                start += timedelta(days=1)
                days.append(start)
        else:
            days.append(day)
        previous_end = match.end()
    return days


def _check_weekday(day: date, paren: str | None, text: str) -> None:
    """The notice says each worked weekend day's weekday: a mismatch means a mistyped date."""
    weekday = _WEEKDAY.search(paren or "")
    if weekday and _WEEKDAYS[weekday.group(1)] != day.weekday():
        raise NoticeError(_("“%(text)s”与星期不符：%(date)s 不是%(weekday)s。") % {
            "text": text, "date": _date_text(day), "weekday": "周" + weekday.group(1)})


def _date_text(day: date) -> str:
    return _("%(year)d年%(month)d月%(day)d日") % {"year": day.year, "month": day.month, "day": day.day}
