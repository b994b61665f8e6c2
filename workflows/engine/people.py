"""Choosing a person (委托, 转办, 委派, 抄送, 加签, 参会人): the shape every feature's candidates take,
their label and the search over them.

A feature's `rules` says who its candidates are (handover.rules.candidates, carbon_copy.rules,
signing.services.addable, meetings.rules.candidates, core.orgs.proxy_models.eligible_proxies);
this module only labels them by name, organisation and post ("王芳 · 和平区 · 区县审核员", never a
bare login name) and narrows them by what the reader typed. A search therefore never reaches
beyond the feature's own rule: whoever is not a candidate is not found, however well the words
match them. The services check the chosen person against the same rule again.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.orgs.models import RoleGrant
from core.orgs.roles import Role

# Longest search text taken (a name, an organisation's name): anything longer matches nobody anyway.
MAX_QUERY = 50


@dataclass(frozen=True)
class Candidate:
    """Someone who may be chosen, labelled with the organisation and post that make them eligible.
    `value`: what a form posts for them (their id, or a feature's own key such as "expert:12")."""

    user: object
    label: str
    value: str = ""

    @property
    def key(self) -> str:
        return self.value or str(self.user.pk)


def name_of(user) -> str:
    """A person's name as pages show it: the full name, the login name only when there is none."""
    return user.full_name or user.username


def label(user, organisation=None, post="") -> str:
    """"王芳 · 和平区 · 区县审核员": name, organisation, post (a role's or a feature's label)."""
    parts = [name_of(user), str(organisation) if organisation else "", str(post)]
    return _(" · ").join(part for part in parts if part)


def people_of(grants, *, post=None) -> list[Candidate]:
    """One Candidate per user of these grants (user and organisation selected), labelled by the
    first of their grants. `post`: a feature's label instead of the role's (a meeting's 专家)."""
    found = {}
    for grant in grants:
        found.setdefault(grant.user_id, Candidate(
            user=grant.user, label=label(grant.user, grant.organisation, post or Role(grant.role).label)))
    return list(found.values())


def labelled(users, *, post=None, roles=None, value=None) -> list[Candidate]:
    """Candidates for these users (in their order, each once), each labelled by one of their
    active role grants (of `roles` when given, else any): one query however many.
    `value(user)`: the form's key of each, when not the id."""
    users = list({user.pk: user for user in users}.values())
    grants = RoleGrant.objects.active().filter(user_id__in=[user.pk for user in users]).select_related("organisation")
    if roles:
        grants = grants.filter(role__in=roles)
    held = {}
    for grant in grants.order_by("organisation__path", "role", "pk"):
        held.setdefault(grant.user_id, grant)
    rows = []
    for user in users:
        grant = held.get(user.pk)
        post_here = post or (Role(grant.role).label if grant is not None else "")
        rows.append(Candidate(user=user, label=label(user, grant.organisation if grant else None, post_here),
                              value=value(user) if value else ""))
    return rows


def clean_query(q) -> str:
    """The search text: trimmed, at most MAX_QUERY characters, compared without case."""
    return " ".join(str(q or "").split())[:MAX_QUERY].casefold()


def matches(candidate: Candidate, q: str) -> bool:
    """Whether every word of `q` (clean_query's) is in the person's name, login name or label
    (organisation, post): "王" finds 王芳, "和平 审核" finds a 和平区 reviewer."""
    text = " ".join((candidate.user.full_name or "", candidate.user.username, candidate.label)).casefold()
    return all(word in text for word in q.split())


def search(candidates, q) -> list[Candidate]:
    """The candidates matching `q` (all of them for an empty one), in their order."""
    q = clean_query(q)
    return [candidate for candidate in candidates if not q or matches(candidate, q)]
