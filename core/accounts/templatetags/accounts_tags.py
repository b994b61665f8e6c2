from django import template

from core.accounts.services import headed_schools

register = template.Library()


@register.filter
def heads_a_school(user) -> bool:
    """For the navigation: whether to show the school head's staff page."""
    return bool(user and user.is_authenticated and headed_schools(user).exists())
