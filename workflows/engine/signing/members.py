"""Who the members of a multi-person step are, chosen when the step opens.

    RoleAt(Role.EXPERT, OWNING_DEPARTMENT)         every holder of the role there (a RoleAt as is)
    Named(lambda item: [...], label=_("评审组"))   named people, found from the item
    Drawn(pool, count=3, label=_("专家抽取"))      `count` people drawn from `pool(item)`

Each source also says who may be added later (加签): its pool. The submitter is never a member
and never in a pool: nobody decides on their own submission. A drawn panel is never added to by
anyone's choice of a person: its members are replaced by a new draw (`draw_one`).
"""

import random
from dataclasses import dataclass, field
from typing import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.orgs.models import RoleGrant, User
from workflows.engine.assignment import RoleAt, holders_of, organisation_at


@dataclass(frozen=True)
class Named:
    """People found from the item: `find(item) -> users`, in the order they act (依次). `pool(item)`
    says who else may be added (default: only those found)."""

    find: Callable
    label: str
    pool: Callable | None = None

    def __str__(self):
        return str(self.label)


@dataclass(frozen=True)
class Drawn:
    """`count` people drawn at random from `pool(item)` (a rule, e.g. experts not from the item's
    district: see `holders_outside_district`). The rest of the pool is drawn from when the step's
    owner replaces a member. `random`: the source of the draws, anything with `sample()` (a
    `random.Random`); tests give a seeded one, the default is the operating system's."""

    pool: Callable
    count: int
    label: str
    random: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.count < 1:
            raise ValueError("Drawn(count=...) draws at least one person")

    def draw(self, candidates: list, count: int) -> list:
        return (self.random or random.SystemRandom()).sample(candidates, count)

    def __str__(self):
        return str(self.label)


def holders_outside_district(role: str) -> Callable:
    """A pool rule: every active holder of `role` anywhere except in the item's district (回避)."""

    def pool(item) -> list:
        district = item.organisation.district()
        grants = RoleGrant.objects.active().filter(role=role).select_related("user", "organisation")
        users = {grant.user_id: grant.user for grant in grants
                 if district is None or not _within(grant.organisation, district)}
        return sorted(users.values(), key=lambda user: user.pk)

    return pool


def _within(organisation, ancestor) -> bool:
    return organisation.pk == ancestor.pk or organisation.path.startswith(ancestor.path)


def _without_submitter(users, item) -> list:
    return [user for user in users if user.pk != item.submitter_id and user.is_active]


def pool_of(source, item) -> list:
    """Everyone who may be a member of the step on this item."""
    if isinstance(source, RoleAt):
        organisation = organisation_at(source.level, item)
        users = holders_of(source.role, organisation.pk) if organisation is not None else []
    elif isinstance(source, Named):
        users = list((source.pool or source.find)(item))
    elif isinstance(source, Drawn):
        users = list(source.pool(item))
    else:
        raise TypeError(f"not a member source: {source!r}")
    return _without_submitter(users, item)


class TooFewMembers(ValidationError):
    """Fewer people can take part than the step's minimum: the act that would open it is refused.
    `found`, `need`: how many could, how many must. The step (signing.step) adds what to report."""

    def __init__(self, source, *, found: int, need: int):
        super().__init__(_("“%(source)s”只有%(found)d人可参加，此步骤至少需要%(need)d人。")
                         % {"source": source, "found": found, "need": need}, code="too_few_members")
        self.source, self.found, self.need = source, found, need


def choose(source, item, *, need: int = 1) -> list:
    """The members when the step opens, in their order; at least `need` of them, else
    TooFewMembers (the step is never opened short; a Drawn step's minimum is its count unless
    the flow says otherwise)."""
    if isinstance(source, Drawn):
        pool = pool_of(source, item)
        members = source.draw(pool, min(source.count, len(pool)))
    elif isinstance(source, Named):
        members = _without_submitter(source.find(item), item)
    else:
        members = pool_of(source, item)
    members = list({user.pk: user for user in members}.values())
    if len(members) < max(need, 1):
        raise TooFewMembers(source, found=len(members), need=max(need, 1))
    return members


def draw_one(source: "Drawn", item, *, excluded) -> User | None:
    """One person drawn from the pool under the same rules (回避, never the submitter), none of
    `excluded` (user ids: everyone who was ever in the step, so a removed member is not drawn
    again); None when nobody is left."""
    candidates = [user for user in pool_of(source, item) if user.pk not in excluded]
    return source.draw(candidates, 1)[0] if candidates else None


def eligible(source, item, user: User) -> bool:
    return any(candidate.pk == user.pk for candidate in pool_of(source, item))
