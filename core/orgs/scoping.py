"""The one scoping function: what a person may see.

Every queryset that reaches a user goes through `scope()`. Visibility is the union of
- the subtree of each organisation where the user holds a school or district role,
- for city department roles, everything their department owns (or the whole city, for objects
  that have no owning department, such as the organisation tree itself),
- everything the user takes part in (core.orgs.Participation: submitter, assignee, panel member,
  CC, proxy …), which is how applicants, experts and inspectors see anything at all,
- everything, for the system administrator role and superusers,
except what the caller marks private (an item's draft): that is seen only at its own organisation
and by whom the caller names (its submitter), not by the district above it, the owning department
or the administrator (superusers, the technical accounts, still see it).
Out of scope means 404 (see `get_scoped_or_404`), never 403: we do not confirm that it exists.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from core.orgs.models import Participation, RoleGrant
from core.orgs.roles import DEPARTMENT_ROLES, SEE_ALL_ROLES, SUBTREE_ROLES

SELF = "self"  # org_field for querysets of organisations themselves


def scope(
    user, queryset: QuerySet, *, org_field: str = "organisation", owner_field: str | None = None, at=None,
    also: Q | None = None, private: Q | None = None, private_reasons=(),
) -> QuerySet:
    """The part of `queryset` that `user` may see, at `at` (default: now).

    `org_field` names the organisation an object belongs to (SELF for organisations); `owner_field`
    names the owning city department, where the model has one. Costs one query for the user's
    role grants, whatever their number; participation is a subquery of the returned queryset.
    `also`: a condition under which the caller knows the user may see an object too (the engine's
    proxies see their principals' tasks' items); it is OR-ed in and costs no query here.
    `private`: a condition marking objects that are still their own organisation's alone (an
    item's draft, not yet submitted). Of those, the user sees only the ones belonging to an
    organisation where they hold a role themselves (not its district above it, not the owning
    department, not the administrator) and those they take part in for one of `private_reasons`
    (the submitter); `also` does not reach them. It is part of the same query.
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    grants = RoleGrant.objects.active(at).filter(user=user).values_list("role", "organisation_id", "organisation__path")

    path_lookup = "path__startswith" if org_field == SELF else f"{org_field}__path__startswith"
    sees_all = False
    wide = Q(pk__in=[])
    own_organisations = set()  # where the user holds a role that sees the tree or a department
    for role, organisation_id, path in grants:
        if role in SEE_ALL_ROLES:
            sees_all = True
        elif role in SUBTREE_ROLES:
            wide |= Q(**{path_lookup: path})
            own_organisations.add(organisation_id)
        elif role in DEPARTMENT_ROLES:
            if owner_field is None:
                sees_all = True  # nothing here is owned by one department: the city sees it all
            else:
                wide |= Q(**{owner_field: organisation_id})
            own_organisations.add(organisation_id)
        # Participation-only roles (applicant, expert, inspector) add nothing here.
    if sees_all and private is None:
        return queryset
    content_type = ContentType.objects.get_for_model(queryset.model)
    taking_part = Participation.objects.active(at).filter(user=user, content_type=content_type)
    if sees_all:
        public = ~private
    else:
        public = wide | Q(pk__in=taking_part.values("object_id"))
        if also is not None:
            public |= also
        if private is None:
            return queryset.filter(public)
        public &= ~private
    own_lookup = "pk__in" if org_field == SELF else f"{org_field}__in"
    own = Q(**{own_lookup: sorted(own_organisations)}) | Q(
        pk__in=taking_part.filter(reason__in=list(private_reasons)).values("object_id")
    )
    return queryset.filter(public | (private & own))


def can_see(user, obj, **kwargs) -> bool:
    return scope(user, type(obj)._default_manager.filter(pk=obj.pk), **kwargs).exists()


def get_scoped_or_404(user, queryset: QuerySet, *, pk, **kwargs):
    """The object with this pk if the user may see it; 404 otherwise, whether or not it exists."""
    try:
        return scope(user, queryset, **kwargs).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
