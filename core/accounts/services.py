"""Password state changes: one function each, each checks permission and writes an audit event.

Many teachers have no email, so a forgotten password is reset by a person: a system administrator
for anyone, or a school head for the staff of their own school. The reset shows a temporary
password once to whoever reset it and forces a change at the next sign-in.
"""

import secrets

from axes.utils import reset as reset_lockout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import Organisation, RoleGrant, User
from core.orgs.roles import OrgKind, Role

# Audit actions written by this module.
SIGNED_IN = "accounts.signed_in"
SIGNED_OUT = "accounts.signed_out"
SIGN_IN_FAILED = "accounts.sign_in_failed"
PASSWORD_RESET = "accounts.password_reset"
PASSWORD_CHANGED = "accounts.password_changed"

# No 0/O/o, 1/l/I: the temporary password is read out over the phone or copied from a screen.
_TEMP_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_TEMP_GROUPS, _TEMP_GROUP_LEN = 3, 4  # e.g. "Xa7k-mP3q-9dRt": about 70 bits


def generate_temporary_password() -> str:
    return "-".join(
        "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(_TEMP_GROUP_LEN)) for _ in range(_TEMP_GROUPS)
    )


def is_system_admin(user) -> bool:
    return bool(user.is_superuser or user.has_role(Role.ADMIN))


def headed_schools(user):
    """The schools where `user` currently holds the school head role."""
    return Organisation.objects.filter(
        kind=OrgKind.SCHOOL,
        pk__in=RoleGrant.objects.active().filter(user=user, role=Role.SCHOOL_HEAD).values("organisation"),
    )


def school_staff(*, head):
    """People holding a current role at a school `head` heads (the head included), for listing."""
    return (
        User.objects.filter(pk__in=RoleGrant.objects.active().filter(organisation__in=headed_schools(head)).values("user"))
        .order_by("full_name", "username")
    )


def resettable_by_head(*, head):
    """The people a school head may reset: every current role they hold is held at one of the
    head's schools, and none of those roles is school head or admin; never staff or superusers.

    Someone who also holds a role elsewhere (a district reviewer, an expert at another school) is
    left to the system administrator: a reset hands the head that person's sign-in, and with it
    every role they hold.
    """
    schools = headed_schools(head)
    grants = RoleGrant.objects.active()
    outside = grants.exclude(organisation__in=schools).values("user")
    senior = grants.filter(role__in=[Role.SCHOOL_HEAD, Role.ADMIN]).values("user")
    return (
        school_staff(head=head)
        .filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(pk__in=outside)
        .exclude(pk__in=senior)
        .exclude(pk=head.pk)
    )


def _reset_organisation(*, user, by):
    """The organisation a reset acts for: None for a system administrator, else the head's school
    that the user belongs to. PermissionDenied when `by` may not reset `user`'s password."""
    if user.pk == by.pk:
        raise PermissionDenied(_("不能重置自己的密码，请使用“修改密码”。"))
    if by.is_superuser:
        return None
    if by.has_role(Role.ADMIN):
        # A reset reveals a working password; only a superuser may take over a superuser.
        if user.is_superuser:
            raise PermissionDenied(_("只有超级管理员可以重置超级管理员的密码。"))
        return None
    if resettable_by_head(head=by).filter(pk=user.pk).exists():
        return (
            headed_schools(by)
            .filter(pk__in=RoleGrant.objects.active().filter(user=user).values("organisation"))
            .first()
        )
    raise PermissionDenied(_("您无权重置该用户的密码。"))


@transaction.atomic
def reset_password(*, user: User, by: User) -> str:
    """Give `user` a new temporary password, force a change at their next sign-in and return the
    temporary password (shown once to `by`, stored nowhere in clear).

    `by` must be a superuser, a system administrator (not for a superuser) or the head of the
    school where `user` holds all their roles; otherwise PermissionDenied and nothing is written.
    Existing sessions of `user` end (their session hash no longer matches), and a lockout from
    failed sign-ins is lifted, since the person was probably locked out by the forgotten password.
    """
    organisation = _reset_organisation(user=user, by=by)
    temporary = generate_temporary_password()
    user.set_password(temporary)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    reset_lockout(username=user.get_username())
    record_event(action=PASSWORD_RESET, target=user, actor=by, organisation=organisation)
    return temporary


@transaction.atomic
def change_own_password(*, user: User, new_password: str) -> None:
    """Set the password a signed-in user chose (already checked by the password validators) and
    lift the forced change."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record_event(action=PASSWORD_CHANGED, target=user, actor=user)
