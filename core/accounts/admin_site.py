"""Who may enter the Django admin: superusers and system administrators, nobody else.

The admin is not scoped by organisation: whoever enters it sees every person, organisation and
role grant in the city. So is_staff alone is not enough; the person must also be a superuser or
hold the system administrator role (Role.ADMIN, at the bureau). School heads, district and
department staff use their own scoped pages (a school head resets the passwords of their staff
at accounts:staff), even when someone has ticked is_staff for them.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def may_use_admin(user) -> bool:
    """The one rule for the admin: the site's permission check and the navigation link use it."""
    from core.accounts.services import is_system_admin

    return bool(user.is_authenticated and user.is_active and user.is_staff and is_system_admin(user))


class BureauAdminSite(admin.AdminSite):
    # The admin is used by the bureau's own staff: its titles say whose system this is.
    site_header = _("沈阳市教育局 · 教育审批系统")
    site_title = _("教育审批系统管理")
    index_title = _("系统管理")
    # No menu of every model beside each page: at 1280 px it took a quarter of the width, and the
    # changelists' tables (the audit log's first) were cut off behind a sideways scroll. The
    # index lists the models, the breadcrumbs lead back to it.
    enable_nav_sidebar = False

    def has_permission(self, request):
        return may_use_admin(request.user)


def boolean_icon(field_val):
    """Django's yes/no icon with its alt text in words: Django writes the Python value ("True",
    "False", "None") there untranslated, and a screen reader reads it out in English."""
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    words = {True: _("是"), False: _("否"), None: _("未知")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), words)


class BureauAdminConfig(AdminConfig):
    """In INSTALLED_APPS in place of django.contrib.admin, so that admin.site is a BureauAdminSite."""

    default_site = "core.accounts.admin_site.BureauAdminSite"

    def ready(self):
        super().ready()
        # Django's list and detail views import the icon from here at each call.
        admin_list._boolean_icon = boolean_icon
