from django import template
from django.urls import reverse
from django.utils import timezone

from core.calendar.selectors import years_needing_entry

register = template.Library()


@register.inclusion_tag("workcalendar/admin_year_warning.html", takes_context=True)
def calendar_year_warning(context):
    """Warns on the admin home when this year, or from 1 December next year, has no calendar."""
    request = context.get("request")
    can_enter = request is not None and request.user.has_perm("workcalendar.add_calendaryear")
    return {
        "missing_years": years_needing_entry(today=timezone.localdate()),
        "enter_url": reverse("admin:workcalendar_calendaryear_add") if can_enter else "",
        "notice_url": reverse("workcalendar:notice"),
    }


@register.filter
def enters_calendar(user) -> bool:
    """Whether to link the 工作日历 page: the same rule the page itself enforces."""
    from core.calendar.permissions import can_enter_calendar

    return can_enter_calendar(user)
