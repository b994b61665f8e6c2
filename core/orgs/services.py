"""State changes of the organisation tree and role grants: one function each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import ROLE_ORG_KINDS


@transaction.atomic
def grant_role(*, user, role: str, organisation: Organisation, valid_from=None, valid_until=None) -> RoleGrant:
    """Give `user` the `role` at `organisation`. Unknown roles and roles at the wrong kind of
    organisation are refused with a ValidationError, and nothing is written."""
    if role not in ROLE_ORG_KINDS:
        raise ValidationError(_("未知角色：%(role)s") % {"role": role})
    grant = RoleGrant(user=user, role=role, organisation=organisation, valid_from=valid_from, valid_until=valid_until)
    grant.full_clean()
    grant.save()
    return grant
