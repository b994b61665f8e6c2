"""The demo city's pieces and its "try this first" list (先试试这些).

Every piece of the product that has something to show in `make run` seeds it in a module of its
own: a function `seed() -> list[Try]` that writes its demo state (idempotent: a second run writes
nothing and still returns its tries) and says, for a newcomer, whom to sign in as and what to do.
Add the piece's "module:function" to PIECES; the seed_sample_items command runs them in order and
prints the list.
"""

from dataclasses import dataclass
from importlib import import_module

from core.orgs.models import User


@dataclass(frozen=True)
class Try:
    username: str  # the demo login to sign in with
    what: str  # what to do there, in Chinese, naming the page


PIECES = [
    "tests.sampleapp.demo:seed_applications",
    "tests.sampleapp.demo_batch:seed",
    "tests.sampleapp.demo_paperwork:seed_printing",
    "tests.sampleapp.demo_documents:seed",
    "tests.sampleapp.demo_lists:seed",
    "tests.sampleapp.demo_start:seed_campaign",
    "tests.sampleapp.demo_programmes:seed",
    "tests.sampleapp.demo_paperwork:seed_exports",
    "tests.sampleapp.demo_paperwork:seed_background_export",
    "tests.sampleapp.demo_certificates:seed_certificates",
    "tests.sampleapp.demo_meetings:seed_meetings",
    "tests.sampleapp.demo_scoring:seed",
    "tests.sampleapp.demo_rubrics:seed",
    "tests.sampleapp.tenure_demo:seed",
    "tests.sampleapp.demo_picking:seed",
    "tests.sampleapp.demo_routine:seed",
    "tests.sampleapp.demo_admin:seed",
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
