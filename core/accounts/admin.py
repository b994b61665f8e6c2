"""The user admin (orgs.User), in Chinese, with the person's role grants inline.

Passwords are never set directly here: the admin's password page and the "reset password" action
both go through services.reset_password, which checks permission, writes the audit event and
shows a temporary password once.

Only superusers and system administrators get into the admin at all (admin_site.py). A system
administrator who is not a superuser cannot raise anyone's privileges (is_staff, is_superuser,
groups and permissions are read-only for them, and so are groups themselves) and cannot edit,
delete or reset a superuser: otherwise making oneself superuser is one form post away.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.accounts import services
from core.orgs.admin import _save_grants_formset
from core.orgs.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    fields = ("role", "organisation", "valid_from", "valid_until")
    autocomplete_fields = ["organisation"]  # a city has hundreds of schools
    extra = 0
    verbose_name = gettext_lazy("角色")
    verbose_name_plural = gettext_lazy("角色（在哪个组织担任，可设有效期）")


# What decides who may do what in the admin: only a superuser changes these.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


# Django stores each permission's name in English when it creates it ("Can add access log"); the
# four default ones are named here in words of the active language, other permissions keep theirs.
DEFAULT_PERMISSIONS = {"add": gettext_lazy("可以增加"), "change": gettext_lazy("可以修改"),
                       "delete": gettext_lazy("可以删除"), "view": gettext_lazy("可以查看")}


def permission_label(permission) -> str:
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in DEFAULT_PERMISSIONS and model is not None and model._meta.model_name == model_name:
        return f"{permission.content_type} | {DEFAULT_PERMISSIONS[action]}{model._meta.verbose_name}"
    # An app's own permission: its stored name is the app's msgid (viewflow's "Can manage Process").
    return f"{permission.content_type} | {_(permission.name)}"


class PermissionLabels:
    """For a ModelAdmin with a permissions list: each permission named by permission_label."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


def _superuser_only(request, obj) -> bool:
    """True when `obj` is a superuser's row and the one asking is not a superuser."""
    return obj is not None and obj.is_superuser and not request.user.is_superuser


@admin.register(User)
class UserAdmin(PermissionLabels, DjangoUserAdmin):
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("个人信息"), {"fields": ("full_name", "phone", "email")}),
        (gettext_lazy("登录与安全"), {"fields": ("is_active", "must_change_password", "last_login", "date_joined")}),
        (gettext_lazy("系统权限"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "phone", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "full_name", "phone", "is_active", "must_change_password", "is_staff", "last_login")
    list_filter = ("is_active", "must_change_password", "is_staff", "is_superuser", "role_grants__role")
    search_fields = ("username", "full_name", "phone", "email")
    ordering = ("username",)
    actions = ["reset_passwords"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *PRIVILEGE_FIELDS)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _superuser_only(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _superuser_only(request, obj)

    def save_formset(self, request, form, formset, change):
        _save_grants_formset(request, formset)  # grants go through core.orgs.services: audited

    def save_model(self, request, obj, form, change):
        # A password typed by an administrator is known to two people: the owner replaces it.
        if not change and obj.has_usable_password():
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("重置所选用户的密码（生成临时密码）"))
    def reset_passwords(self, request, queryset):
        if "confirm" not in request.POST:
            return self._reset_page(request, "accounts/admin/reset_confirm.html", {"people": queryset, "via_action": True})
        return self._reset_and_show(request, list(queryset))

    def user_change_password(self, request, id, form_url=""):
        """The admin's own "change password" page becomes a confirmed reset of this one user."""
        person = self.get_object(request, unquote(id))
        if person is None:
            raise Http404
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        if request.method == "POST":
            return self._reset_and_show(request, [person])
        return self._reset_page(request, "accounts/admin/reset_confirm.html", {"people": [person], "via_action": False})

    def _reset_and_show(self, request, people):
        results = []
        for person in people:
            try:
                results.append((person, services.reset_password(user=person, by=request.user)))
            except PermissionDenied as refused:
                self.message_user(request, _("%(username)s：%(error)s") % {"username": person.get_username(), "error": refused}, messages.ERROR)
        if not results:
            return None  # back to the list, which shows the messages
        # Shown once: admin_view marks every admin page never-cache, this one included.
        return self._reset_page(request, "accounts/admin/reset_done.html", {"results": results})

    def _reset_page(self, request, template, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("重置密码"),
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, context)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabels, DjangoGroupAdmin):
    """A group's permissions are its members' permissions: changing them is a superuser's job."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
