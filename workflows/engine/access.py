"""Who may see an item and who may act on its open tasks: the one place of these rules.

Services call the raising forms (`check_actor`, `refuse`, `withdraw_refusal`), pages and the
API the asking forms (`offered`, `may_withdraw`), which are the same functions underneath, so
what a page offers is what the service accepts (tests/workflows/engine/test_offered_acts.py
walks every act of the sample flows for every role to hold them to it).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from viewflow.workflow.status import PROCESS

from core.orgs.models import ParticipationReason
from core.orgs.scoping import scope
from workflows.engine import assignment
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.handover.delegation import AS_DELEGATE, AS_HANDLER, delegation_of
from workflows.engine.models import OPEN, BaseStatus, Decision, Item, Outcome
from workflows.engine.nodes import acts_of
from workflows.engine.proxies import rules as proxies

# A draft (never submitted, or withdrawn and reopened for editing) is the school's own: only its
# own organisation's people and its submitter see it, until it is submitted.
PRIVATE_ITEMS = Q(status=BaseStatus.DRAFT)
PRIVATE_TO = (ParticipationReason.SUBMITTER,)


def scoped_items(user, queryset=None):
    """Items `user` may see: scope(), plus what their principals' open tasks need while they are
    someone's proxy (委托); drafts only at their own organisation and to their submitter."""
    queryset = Item.objects.all() if queryset is None else queryset
    # False only when read with the request's user (core.accounts.backends): nobody's proxy
    # today, so the proxy branch, costly for the planner, is left out.
    is_proxy = getattr(user, "acts_as_proxy", None) is not False
    also = proxies.proxied_items_q(user) if user and user.is_authenticated and is_proxy else None
    return scope(user, queryset, org_field="organisation", owner_field="owner_department", also=also,
                 private=PRIVATE_ITEMS, private_reasons=PRIVATE_TO)


def visible(user, item) -> bool:
    return scoped_items(user, Item.objects.filter(pk=item.pk)).exists()


def refuse(user, item, message):
    """403 with `message` to someone who can see the item; 404 to anyone else."""
    if visible(user, item):
        raise NotAllowed(message)
    raise NotFound()


# --- Acting on a task --------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where `user` stands with an open, undelegated task: whether they may act and how (in their
    own right, or as proxy for `principal`, 委托), or why not (`refusal`, a function: the text may
    need the owner's name)."""

    may_act: bool
    principal: object = None
    refusal: object = None


def standing(user, task, item, *, queued: bool | None = None, principal=None) -> Standing:
    """The task's owner may act; anyone in its queue may, except the submitter; and a proxy of
    either. `queued`: whether `user` is in the task's queue, when the caller knows.
    `principal()`: whom `user` is proxy for on this task (default: proxies.principal_for)."""
    principal = principal or (lambda: proxies.principal_for(user, task, item))
    if task.owner_id is not None:
        if task.owner_id == user.pk:
            return Standing(True)
        return _as_proxy(principal(), lambda: _("此待办已由%(name)s认领或指定由其办理。") % {"name": task.owner})
    if user.pk == item.submitter_id and not getattr(task.flow_task, "files_own_item", False):
        return Standing(False, refusal=lambda: _("不能审批自己提交的事项。"))
    if assignment.in_queue(user, task) if queued is None else queued:
        return Standing(True)
    return _as_proxy(principal(), lambda: _("您不是此步骤的办理人。"))


def _as_proxy(principal, refusal) -> Standing:
    return Standing(True, principal=principal) if principal is not None else Standing(False, refusal=refusal)


def check_actor(by, task, item, *, queued: bool | None = None, delegation: str | None = None):
    """May `by` act on this open task (standing)? Returns the principal a proxy acts for, None
    for one's own right; else 403 if they can see the item, 404 if not. The own-right paths cost
    no statement. A delegated task (委派) is acted on only by whom `delegation` names:
    AS_DELEGATE (handing it back, also by the delegate's proxy, in whose 待办 it is) or
    AS_HANDLER (recalling it)."""
    delegated = delegation_of(task)
    if delegated is not None or delegation is not None:
        return _check_delegation(by, task, item, delegated, delegation)
    found = standing(by, task, item, queued=queued)
    if not found.may_act:
        refuse(by, item, found.refusal())
    return found.principal


@dataclass(frozen=True)
class Offer:
    """What the reader may do on one open task: claim it from its queue, put it back, and which
    of the node's decisions (workflows.engine.acts)."""

    claim: bool = False
    unclaim: bool = False
    decisions: tuple = ()


NOTHING = Offer()


def principals_on_page(user, item, open_tasks) -> set:
    """Whom `user` is proxy for on the item (user ids), read once for a page of its open tasks,
    and only when someone else owns one (a multi-person step has many): never on the submitter's
    item nor their own organisation's (proxies.principal_for's rule)."""
    if user.pk == item.submitter_id or all(task.owner_id in (None, user.pk) for task in open_tasks):
        return set()
    return set(proxies.principals_on(user, item).values_list("principal_id", flat=True))


def offered(user, task, item, *, principals=frozenset()) -> Offer:
    """The acts `user` may perform on the open task now, by the rules the services apply:
    `standing`, with `principals` (whom `user` is proxy for on the item, read once for the page)
    for a task someone owns. A delegated task's acts are 委派's (workflows.web.handover)."""
    if delegation_of(task) is not None or task.status not in OPEN:
        return NOTHING

    def principal():
        if task.owner_id is not None:
            return task.owner if task.owner_id in principals else None
        return proxies.principal_for(user, task, item)

    if not standing(user, task, item, principal=principal).may_act:
        return NOTHING
    queued = task.owner_id is None
    return Offer(claim=queued, unclaim=not queued and assignment.queue_of(task) is not None,
                 decisions=acts_of(task.flow_task))


# --- Withdrawing an item (撤回) -----------------------------------------------------------------


def withdraw_refusal(item, by, process, human_tasks):
    """Why `by` may not withdraw the item now, as the error to raise, or None: only its submitter,
    while it is in review (`process`, its running process, or None) at steps that may be
    withdrawn and before any decision on the current submission (a claim is not one)."""
    if item.submitter_id != by.pk:
        return NotAllowed(_("只有申报人可以撤回此事项。"))
    if process is None or process.status != PROCESS.NEW:
        return InvalidState(_("事项不在审批中，不能撤回。"))
    if not human_tasks or not all(process.flow_class.withdrawable(task.flow_task) for task in human_tasks):
        return InvalidState(_("事项已退回修改或已办结，不能撤回。"))
    decided = Decision.objects.filter(submission_id=item.last_submission_id).exclude(outcome=Outcome.RESUBMIT)
    if decided.exists():
        return InvalidState(_("审批人已作出决定，不能撤回。"))
    return None


def may_withdraw(item, user, process, open_tasks) -> bool:
    """withdraw_refusal as a question, for the page and the API (it reads the decisions only for
    the submitter)."""
    return withdraw_refusal(item, user, process, open_tasks) is None


def reopen_refusal(item, by):
    """Why `by` may not reopen the item (withdrawn → draft, to edit and submit again), or None:
    only its submitter, and only a withdrawn item."""
    if item.submitter_id != by.pk:
        return NotAllowed(_("只有申报人可以重新编辑此事项。"))
    if item.status != BaseStatus.WITHDRAWN:
        return InvalidState(_("只有已撤回的事项可以重新编辑。"))
    return None


def may_reopen(item, user) -> bool:
    return reopen_refusal(item, user) is None


# --- Editing a draft or a returned item ---------------------------------------------------------


def edit_refusal(item, by):
    """Why `by` may not change the item's fields and files now, or None: only its submitter, and
    only while it is a draft or returned for revision (the kind's EDITABLE_STATUSES)."""
    if item.submitter_id != by.pk:
        return NotAllowed(_("只有申报人可以修改此事项。"))
    if not item.is_editable:
        return InvalidState(_("事项当前状态为“%(status)s”，不能修改。") % {"status": item.status_label})
    return None


def may_edit(item, user) -> bool:
    return edit_refusal(item, user) is None


def _check_delegation(by, task, item, delegated, delegation):
    """While a task is delegated its delegate may only hand it back and its handler only recall
    it; every other act waits (a decision is the handler's, after the delegate's opinion).
    Returns the delegate when `by` hands it back as their proxy (委托), else None."""
    if delegated is None:
        # Those who took part (a delegate who already handed it back) hear that it changed
        # meanwhile (409); anyone else that it is not theirs.
        if by.pk == task.owner_id or assignment.takes_part(by, item, reason=assignment.ASSIGNEE):
            raise InvalidState(_("此待办当前没有委派。"))
        refuse(by, item, _("您不是此步骤的办理人。"))
    principal = None
    if by.pk not in (delegated["delegate"], delegated["handler"]):
        # The task is the delegate's (its owner): their proxy may answer for them.
        principal = proxies.principal_for(by, task, item)
    if (principal.pk if principal is not None else by.pk) == delegated["delegate"]:
        if delegation != AS_DELEGATE:
            refuse(by, item, _("此待办是委派给您的：您只能填写意见后交回，由原办理人决定。"))
    elif by.pk == delegated["handler"]:
        if delegation != AS_HANDLER:
            refuse(by, item, _("此待办已委派给%(name)s，须待其交回后再办理，或先收回委派。") % {"name": task.owner})
    else:
        refuse(by, item, _("此待办已由%(name)s认领或指定由其办理。") % {"name": task.owner})
    return principal
