from django import template

from core.accounts import admin_site
from core.accounts.services import headed_schools

register = template.Library()


@register.filter
def heads_a_school(user) -> bool:
    """For the navigation: whether to show the school head's staff page."""
    return bool(user and user.is_authenticated and headed_schools(user).exists())


@register.filter
def may_use_admin(user) -> bool:
    """For the navigation: whether to link the admin (the same rule the admin site applies)."""
    return bool(user) and admin_site.may_use_admin(user)
