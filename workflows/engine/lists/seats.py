"""Quota seats (名额) held by list memberships, and freeing them.

A member of a list with a quota (a ListStep's act_on_list) holds one seat of its campaign, the
district's or the total, for as long as its membership is live. The membership ends, and the
seat is free for another item, when the item goes back past the list's step:

    release_seats_on_move(item=..., step=..., destination=..., reason=..., by=...)
        a return, a reject or a timeout: the memberships at the ListSteps the item will pass
        again (the destination is at or before them), or all of them when the destination is a
        Finish other than an approval
    release_seats(item=..., reason=..., by=...)
        the item leaves the flow (withdrawn; an upheld 公示 objection): all of them

An approved item keeps its seats: the final decision list's seats are the result. A return to
the revision step (退回修改) frees nothing by itself: the resubmission goes back to the step that
returned it; if that step is after the list, the item is still on it. Withdrawing it or letting
the revision lapse then frees the seat.

Each freed seat recounts its counter from the live memberships under the campaign's lock
(campaigns.recount_seats), after the item's process lock: nothing waits on a process lock, so
this cannot deadlock with a list act (campaign first, then NOWAIT on processes). One audit event
on the item names the memberships ended. A flow without a ListStep costs no statement, and an
approval never calls this.
"""

from functools import cache

from django.utils import timezone

from core.audit.services import record_event
from workflows.engine.lists.campaigns import recount_seats
from workflows.engine.lists.models import ListMember, QuotaScope
from workflows.engine.nodes import Finish, Resubmit


def release_seats_on_move(*, item, step, destination, reason: str, by=None, acting_for=None) -> list[ListMember]:
    """The item moves from `step` to `destination` (a return, a reject, a timeout): end its
    memberships of the lists it will have to pass again, freeing their seats."""
    steps = list_steps_passed_again(step, destination)
    if not steps:
        return []
    return release_seats(item=item, reason=reason, by=by, acting_for=acting_for, steps=steps)


def release_seats(*, item, reason: str, by=None, acting_for=None, steps=None, flow_class=None) -> list[ListMember]:
    """End the item's live list memberships (those at the ListSteps named in `steps`; all when
    None) and free their seats. `reason`: a lists.models.MembershipEnd. Returns them.
    `flow_class`, when given: a flow without a ListStep has none, and costs no statement."""
    if flow_class is not None and not _list_steps(flow_class):
        return []
    live = ListMember.objects.live().filter(item_id=item.pk).select_related(
        "list_act__campaign", "list_act__organisation")
    if steps is not None:
        live = live.filter(list_act__step__in=sorted(steps))
    members = list(live)
    if not members:
        return []
    ListMember.objects.filter(pk__in=[member.pk for member in members]).update(
        ended_at=timezone.now(), end_reason=reason)
    ended = []
    for member in members:
        act = member.list_act
        seats_left = None
        if act.quota_scope and act.campaign_id:
            district = act.organisation if act.quota_scope == QuotaScope.DISTRICT else None
            seats_left = recount_seats(campaign=act.campaign, district=district)
        ended.append({"list": act.pk, "step": act.step, "rank": member.rank, "campaign": act.campaign_id,
                      "quota": act.quota_scope, "organisation": act.organisation_id, "seats_left": seats_left})
    record_event(action="seats_released", target=item, actor=by, acting_for=acting_for,
                 from_status=item.status, to_status=item.status, data={"reason": reason, "memberships": ended})
    return members


def list_steps_passed_again(step, destination) -> frozenset[str]:
    """Names of the ListSteps whose memberships a move from `step` to `destination` ends."""
    flow_class = step.flow_class
    all_lists = _list_steps(flow_class)
    if not all_lists:
        return frozenset()
    if isinstance(destination, Finish):
        return frozenset() if destination.name in _approval_ends(flow_class) else all_lists
    # The revision step sends the item back to the step that returned it: that is where it re-enters.
    node, passed, seen = (step if isinstance(destination, Resubmit) else destination), set(), set()
    while node is not None and node not in seen:
        seen.add(node)
        if _is_list_step(node):
            passed.add(node.name)
        node = getattr(node, "approves_to", None)
    return frozenset(passed)


def _is_list_step(node) -> bool:
    # batch.ListStep, by its mark (as services.tasks tells it): batch imports the services.
    return getattr(node, "approved_in_lists", False)


@cache
def _list_steps(flow_class) -> frozenset[str]:
    return frozenset(node.name for node in flow_class.instance.nodes() if _is_list_step(node))


@cache
def _approval_ends(flow_class) -> frozenset[str]:
    """The names of the Finish nodes some step approves to: reaching them is an approval."""
    return frozenset(
        node.approves_to.name for node in flow_class.instance.nodes()
        if isinstance(getattr(node, "approves_to", None), Finish)
    )
