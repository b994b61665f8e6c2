"""The draw itself, without the database: who is excluded from reviewing which items and why
(回避), and who is drawn, by load then by a seeded random order. experts.draw.draw_panel reads the
pool into these shapes and records them, so that `replay` gives the same panel again.

Exclusions (each a Reason, all of them recorded):
    own_organisation  the expert's home organisation is the item's (本单位)
    district          the expert's home organisation is in the item's district (同区县)
    conflict          the expert declared the item's organisation, or one above it (申报回避)
    submitter         the expert submitted the item (nobody reviews their own submission)

Load balancing: the experts with the fewest seats in this campaign's panels are drawn first;
among equal loads, the order is a random permutation from the recorded seed.
"""

import random
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OWN_ORGANISATION, DISTRICT, CONFLICT, SUBMITTER = "own_organisation", "district", "conflict", "submitter"
REASON_LABELS = {OWN_ORGANISATION: _("本单位"), DISTRICT: _("同区县"), CONFLICT: _("申报回避"), SUBMITTER: _("申报人本人")}


@dataclass(frozen=True)
class Candidate:
    """An active expert whose fields match: `home_path` is their home organisation's path;
    `conflicts` the (path, label) of each organisation they declared."""

    expert_id: int
    user_id: int
    home_id: int
    home_path: str
    conflicts: tuple = ()


@dataclass(frozen=True)
class Target:
    """An item to review: its organisation's id and path, its district's path (None outside any
    district), its submitter."""

    item_id: int
    organisation_id: int
    organisation_path: str
    district_path: str | None
    submitter_id: int | None


@dataclass(frozen=True)
class Reason:
    code: str
    item_id: int
    detail: str = ""


def exclusions(candidate: Candidate, targets) -> list[Reason]:
    """Every reason why `candidate` may not review any of `targets` (empty: they may)."""
    reasons = []
    for target in targets:
        if candidate.home_id == target.organisation_id:
            reasons.append(Reason(OWN_ORGANISATION, target.item_id))
        elif target.district_path and candidate.home_path.startswith(target.district_path):
            reasons.append(Reason(DISTRICT, target.item_id))
        for path, label in candidate.conflicts:
            if target.organisation_path.startswith(path):
                reasons.append(Reason(CONFLICT, target.item_id, label))
        if candidate.user_id == target.submitter_id:
            reasons.append(Reason(SUBMITTER, target.item_id))
    return reasons


def order(expert_ids, loads: dict, seed: int) -> list[int]:
    """The draw order: fewest load first, ties in a random order fixed by `seed`. Deterministic:
    the same ids, loads and seed give the same order, whatever order the ids come in."""
    ids = sorted(set(expert_ids))
    random.Random(seed).shuffle(ids)
    return sorted(ids, key=lambda expert_id: loads.get(expert_id, 0))


def replay(*, candidates, loads: dict, seed: int, size: int, reserves: int) -> tuple[list[int], list[int]]:
    """(members, reserves) of a draw among eligible `candidates` (expert ids) with these loads
    and seed: what draw_panel drew, from what its audit event recorded."""
    drawn = order(candidates, loads, seed)
    return drawn[:size], drawn[size:size + reserves]
