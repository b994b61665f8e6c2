"""Password state changes: one function each, each checks permission and writes an audit event.

Many teachers have no email, so a forgotten password is reset by a person: a system administrator
for anyone, or a school head for the staff of their own school. The reset shows a temporary
password once to whoever reset it and forces a change at the next sign-in.
"""

import secrets

from axes.utils import reset as reset_lockout
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core.audit.services import record_event
from core.orgs.models import Organisation, Participation, Proxy, RoleGrant, User
from core.orgs.roles import SCHOOL_ROLES, OrgKind, Role

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
    """The people a school head may reset: their sign-in reaches no further than the head's school.

    A reset hands the head that person's sign-in and with it everything it reaches, so it must
    reach nothing outside the school: every current role is a school role (SCHOOL_ROLES, not an
    expert's or an inspector's, whose home organisation is only a home) held at one of the head's
    schools, none is school head or admin, they are nobody's proxy now or later (委托: a proxy acts
    in the principal's name), and they take part in nothing of another organisation (a copy, a
    task handed over). Never staff or superusers. Anyone else is the system administrator's.
    """
    schools = headed_schools(head)
    grants = RoleGrant.objects.active()
    outside = grants.exclude(organisation__in=schools, role__in=SCHOOL_ROLES).values("user")
    senior = grants.filter(role__in=[Role.SCHOOL_HEAD, Role.ADMIN]).values("user")
    proxies = Proxy.objects.current_or_future().values("proxy")
    staff = school_staff(head=head)
    return (
        staff
        .filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(pk__in=outside)
        .exclude(pk__in=senior)
        .exclude(pk__in=proxies)
        .exclude(pk__in=_taking_part_outside(staff, schools))
        .exclude(pk=head.pk)
    )


def _taking_part_outside(people, schools):
    """The ids of `people` with a participation (not ended) in something that is not one of
    `schools`' own, as a subquery. Participation is generic (core does not know the workflows): a
    target is the school's when its model has an `organisation` and that is one of the schools;
    a target with no organisation counts as outside."""
    rows = Participation.objects.filter(user__in=people).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now()))
    inside = Q(pk__in=[])
    for content_type in ContentType.objects.filter(pk__in=rows.values("content_type")):
        model = content_type.model_class()
        if model is not None and any(field.name == "organisation" for field in model._meta.concrete_fields):
            owned = model._base_manager.filter(organisation__in=schools).values("pk")
            inside |= Q(content_type=content_type, object_id__in=owned)
    return rows.exclude(inside).values("user")


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
    Existing sessions of `user` end (their session hash no longer matches), so does their API token,
    and a lockout from
    failed sign-ins is lifted, since the person was probably locked out by the forgotten password.
    """
    organisation = _reset_organisation(user=user, by=by)
    temporary = generate_temporary_password()
    _set_password(user, temporary, must_change=True)
    reset_lockout(username=user.get_username())
    record_event(action=PASSWORD_RESET, target=user, actor=by, organisation=organisation)
    return temporary


@transaction.atomic
def change_own_password(*, user: User, new_password: str) -> None:
    """Set the password a signed-in user chose (already checked by the password validators) and
    lift the forced change. Their API token ends, as their other sessions do."""
    _set_password(user, new_password, must_change=False)
    record_event(action=PASSWORD_CHANGED, target=user, actor=user)


def _set_password(user: User, raw_password: str, *, must_change: bool) -> None:
    """Every password set goes here. A new password ends every way in that the old one opened:
    sessions end by themselves (the session hash changes), an API token (DRF authtoken) does not,
    so it is deleted; an administrator issues a new one."""
    user.set_password(raw_password)
    user.must_change_password = must_change
    user.save(update_fields=["password", "must_change_password"])
    Token.objects.filter(user=user).delete()
