"""The demo's pieces and its "try this first" list (先试试这些).

Every piece that has something to show seeds it in a module of this package: a function
`seed() -> list[Try]` that writes its demo state (idempotent: a second run writes nothing and still
returns its tries) and says, for a newcomer, whom to sign in as and what to do. PIECES lists them in
the order they run: later pieces may point at what earlier ones wrote.
"""

from dataclasses import dataclass
from importlib import import_module

from core.orgs.models import Organisation, RoleGrant, User
from core.orgs.roles import OrgKind


@dataclass(frozen=True)
class Try:
    username: str  # the demo login to sign in with
    what: str  # what to do there, in Chinese, naming the page


PIECES = [
    "workflows.demo.programmes:seed",
    "workflows.demo.accreditation:seed",
    "workflows.demo.rubrics:seed",
    "workflows.demo.paperwork:seed_printing",
    "workflows.demo.paperwork:seed_exports",
    "workflows.demo.paperwork:seed_picking",
    "workflows.demo.studio:seed",
    "workflows.demo.routine:seed",
    "workflows.demo.inspection:seed",
    "workflows.demo.admin:seed",
]


def seed_pieces() -> list[Try]:
    tries = []
    for dotted in PIECES:
        module, name = dotted.split(":")
        tries.extend(getattr(import_module(module), name)())
    return tries


def guide_rows(tries: list[Try]) -> list[list[str]]:
    names = dict(User.objects.filter(username__in=[t.username for t in tries]).values_list("username", "full_name"))
    return [[str(n), t.username, names.get(t.username, ""), t.what] for n, t in enumerate(tries, start=1)]


def holder(role: str, organisation):
    """The first active holder of `role` at `organisation` (by username), or None."""
    grant = (RoleGrant.objects.active().filter(role=role, organisation=organisation).select_related("user")
             .order_by("user__username").first())
    return grant.user if grant else None


def department(code: str):
    return Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code=code).first()


def districts():
    """The demo city's districts in tree order."""
    return list(Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path"))
