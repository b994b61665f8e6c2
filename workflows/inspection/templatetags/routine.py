"""Template filters of 常态督导's pages."""

from django import template

register = template.Library()


@register.filter
def overdue(notice, now) -> bool:
    return notice.is_overdue(now)


@register.filter
def month_count(row, month) -> int:
    """A monthly table row's visits in `month` (1–12)."""
    return row.counts[int(month) - 1]
