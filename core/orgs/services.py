"""State changes of the organisation tree, role grants and participation: one function each.

Bad input raises ValidationError with a Chinese message and writes nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import VALID_RANGE_ERROR, Organisation, Participation, ParticipationReason, RoleGrant
from core.orgs.roles import ROLE_ORG_KINDS


@transaction.atomic
def grant_role(
    *, user, role: str, organisation: Organisation, valid_from=None, valid_until=None, by=None
) -> RoleGrant:
    """Give `user` the `role` at `organisation`, optionally for a date range. Unknown roles, roles
    at the wrong kind of organisation and duplicate grants are refused."""
    if role not in ROLE_ORG_KINDS:
        raise ValidationError(_("未知角色：%(role)s") % {"role": role})
    grant = RoleGrant(user=user, role=role, organisation=organisation, valid_from=valid_from, valid_until=valid_until)
    return save_role_grant(grant=grant, by=by)


@transaction.atomic
def save_role_grant(*, grant: RoleGrant, by=None) -> RoleGrant:
    """Validate and save a new or edited grant (the admin's forms come here), with its audit event."""
    created = grant._state.adding
    grant.full_clean()
    grant.save()
    record_event(
        action="orgs.role_granted" if created else "orgs.role_grant_changed",
        target=grant,
        actor=by,
        organisation=grant.organisation,
        data=_grant_data(grant),
    )
    return grant


@transaction.atomic
def delete_role_grant(*, grant: RoleGrant, by=None) -> None:
    """Remove a grant made by mistake (end_role is the way to end one that was real)."""
    record_event(
        action="orgs.role_grant_deleted", target=grant, actor=by, organisation=grant.organisation, data=_grant_data(grant)
    )
    grant.delete()


def _grant_data(grant: RoleGrant) -> dict:
    return {
        "user": grant.user.username,
        "role": grant.role,
        "valid_from": grant.valid_from,
        "valid_until": grant.valid_until,
    }


@transaction.atomic
def save_organisation(*, organisation: Organisation, by=None) -> Organisation:
    """Validate and save a new or edited organisation (moves included), with its audit event."""
    created = organisation._state.adding
    organisation.full_clean()
    organisation.save()
    record_event(
        action="orgs.organisation_created" if created else "orgs.organisation_changed",
        target=organisation,
        actor=by,
        organisation=organisation,
        data={"name": organisation.name, "kind": organisation.kind, "code": organisation.code,
              "parent": organisation.parent_id, "head": organisation.head_id},
    )
    return organisation


@transaction.atomic
def end_role(*, grant: RoleGrant, by=None, at=None) -> RoleGrant:
    """End a grant at `at` (default: now). The row stays, so the history of who held what stays."""
    at = at or timezone.now()
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.valid_until is not None and grant.valid_until <= at:
        raise ValidationError(_("该角色授权已经失效。"))
    if grant.valid_from is not None and grant.valid_from >= at:
        raise ValidationError(_("该角色授权尚未生效，请直接修改其生效时间。"))
    grant.valid_until = at
    grant.save(update_fields=["valid_until"])
    record_event(
        action="orgs.role_ended",
        target=grant,
        actor=by,
        organisation=grant.organisation,
        data=_grant_data(grant),
    )
    return grant


@transaction.atomic
def move_organisation(*, organisation: Organisation, parent: Organisation, by=None) -> Organisation:
    """Put `organisation` (and its whole subtree) under `parent`."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    old_parent = organisation.parent
    organisation.parent = parent
    organisation.full_clean()
    organisation.save()
    record_event(
        action="orgs.organisation_moved",
        target=organisation,
        actor=by,
        organisation=organisation,
        data={"from_parent": old_parent.pk if old_parent else None, "to_parent": parent.pk},
    )
    return organisation


@transaction.atomic
def record_participation(*, user, target, reason: str, valid_from=None, valid_until=None) -> Participation:
    """Record that `user` takes part in `target` (any saved model instance) for `reason`, which
    lets them see it through the scoping function. Recording it again updates the validity range."""
    if reason not in ParticipationReason.values:
        raise ValidationError(_("未知的参与原因：%(reason)s") % {"reason": reason})
    if target.pk is None:
        raise ValidationError(_("参与的对象必须是已保存的记录。"))
    if valid_from and valid_until and valid_until <= valid_from:
        raise ValidationError(VALID_RANGE_ERROR)
    participation, _created = Participation.objects.update_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        reason=reason,
        defaults={"valid_from": valid_from, "valid_until": valid_until},
    )
    return participation


@transaction.atomic
def end_participation(*, user, target, reason: str, at=None) -> int:
    """End `user`'s participation in `target` for `reason` at `at` (default: now); returns how many
    open participations were ended (0 or 1)."""
    at = at or timezone.now()
    return (
        Participation.objects.active(at)
        .filter(user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk, reason=reason)
        .update(valid_until=at)
    )
