"""List acts (名单): one act that moves the waiting step of many items in one transaction.

A district head signs the district's recommendation list; the department head confirms the
decision list. In the flow, such a step is a ListStep: each item's process waits there like at any
step, but its approval is given only in a list, within a quota:

    district_recommend = (
        ListStep(RoleAt(Role.DISTRICT_HEAD, ITEM_DISTRICT), status=S.DISTRICT_RECOMMEND,
                 title=_("区县推荐"), quota=QuotaScope.DISTRICT, campaign_field="sample_details__campaign")
        .Approve(this.city_review)
        .ReturnTo(this.district_review)      # returning or rejecting one item stays a per-item act
    )

    act_on_list(step=Flow.district_recommend, items=[first, second, ...], by=head, comment="...")

In one transaction, and writing nothing if any check fails: every member visible to `by` (else
404), waiting at the step in the step's status (else 409 naming the items), each task `by`'s to act
on (else 403 naming them), all in one organisation's queue and one campaign; a district's list only until the campaign's
formal review closes (campaigns.check_district_list_window, 400 with the date); then the quota is taken
under the campaign's lock (waits at most a few seconds; over quota: 400 with the numbers), then
every member's process is locked in key order with one NOWAIT attempt (409 if one is busy), and the
members are read again under the locks. Locks are taken campaign first, then processes in key
order, and nothing waits on a process lock, so two list acts cannot deadlock.

Each member gets a decision (通过) with its rank, its step completed and the next one opened, its
FSM transition, one audit event; the list gets a ListAct row with its ranked members and one audit
event of its own. The next steps' holders are notified, and each member's submitter: of its place
on the list, or of the final outcome where the list ends the item (a decision list).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from core.audit.services import record_event
from core.orgs.models import Organisation, Participation, ParticipationReason, RoleGrant
from notifications import api
from notifications.kinds import INFO
from workflows.engine import acts, assignment, notify, opening
from workflows.engine.access import scoped_items
from workflows.engine.advance import advance
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.fanout import join as fanout_join
from workflows.engine.handover.rules import delegation_of
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.lists.campaigns import check_district_list_window, reserve_quota
from workflows.engine.lists.models import ListAct, ListMember, QuotaScope
from workflows.engine.locking import lock_processes
from workflows.engine.models import OPEN, Decision, Item, Outcome
from workflows.engine.nodes import Finish, Step
from workflows.engine.proxies import rules as proxies


class ListStep(Step):
    """A step approved only in lists (act_on_list), never one item at a time.

    `quota`: whose seats a list takes (QuotaScope.DISTRICT: the acting district's in the campaign;
    QuotaScope.TOTAL: the campaign's total; empty: none). `campaign_field`: the lookup from Item to
    its campaign (e.g. "accreditation__campaign"), required with a quota. `rank`: when the step
    fixes the list's order itself (a callable from the members' ids to the ids in rank order, e.g.
    by expert score), whatever order the signer's page or API sent, and `rank_note` says so on
    the page; without it the signer's order is the rank. A time limit, reminders, copies and the extension approver as for any Step.
    """

    approved_in_lists = True

    def __init__(self, actor, *, status: str, title="", quota: str = QuotaScope.NONE, campaign_field: str = "",
                 rank=None, rank_note="", **step_options):
        # step_options: what any Step takes (limit, reminders, cc, extension_approver).
        super().__init__(actor, status=status, title=title, **step_options)
        if quota and not campaign_field:
            raise ValueError("a ListStep with a quota needs the campaign_field of its items")
        self.quota = quota
        self.campaign_field = campaign_field
        self.rank = rank
        # The page's sign that the order is the step's (a template cannot test `rank`: it would call it).
        self.rank_note = rank_note or (_("名单顺序由本环节的规则确定，不能手动调整。") if rank else "")

    def acts(self) -> tuple:
        """退回 and 驳回 one item at a time; 通过 only in a list (act_on_list), where quotas count."""
        return tuple(act for act in super().acts() if act != acts.APPROVE)

    def refuse(self, act, to: str = ""):
        if act == acts.APPROVE:
            return InvalidState(_("“%(step)s”须通过名单统一办理。") % {"step": self.task_title})
        return super().refuse(act, to)


class MembersNotWaiting(InvalidState):
    """Some members are not waiting at the list's step (409). `refs`: their reference numbers."""

    def __init__(self, message, refs):
        super().__init__(message)
        self.refs = refs


@service
def act_on_list(*, step: ListStep, items, by, comment: str = "") -> ListAct:
    """Approve `items` at `step` as one ranked list signed by `by` (rank = position in `items`,
    unless the step ranks its lists itself: ListStep.rank)."""
    if not isinstance(step, ListStep):
        raise TypeError(f"{step!r} is not a ListStep")
    comment = (comment or "").strip()
    ids = member_ids(items)
    if step.rank is not None:
        ids = list(step.rank(ids))
    visible = set(scoped_items(by, Item.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    if len(visible) != len(ids):
        raise NotFound()

    members, acting_for = checked_members(step, ids, by)
    organisation = acting_organisation(step, members)
    campaign = campaign_of(step, ids)
    seats_left = None
    if step.quota == QuotaScope.DISTRICT:
        check_district_list_window(campaign=campaign)
    if step.quota:
        district = organisation if step.quota == QuotaScope.DISTRICT else None
        seats_left = reserve_quota(campaign=campaign, district=district, count=len(ids))
    lock_processes(Process, sorted(task.process_id for _item, task in members))
    # Read again under the locks: someone may have acted on a member since the first reading.
    members, acting_for = checked_members(step, ids, by)

    list_act = ListAct.objects.create(
        flow=f"{step.flow_class.__module__}.{step.flow_class.__name__}", step=step.name,
        step_title=str(step.task_title), organisation=organisation, campaign=campaign,
        quota_scope=step.quota, size=len(members), actor=by, comment=comment,
    )
    decisions = _start(step, members, by, organisation, comment, acting_for=acting_for)
    ListMember.objects.bulk_create([
        ListMember(list_act=list_act, rank=rank, item=item, task=task, decision=decision)
        for rank, ((item, task), decision) in enumerate(zip(members, decisions), 1)
    ])
    for rank, ((item, task), decision) in enumerate(zip(members, decisions), 1):
        _move(step, item, task, decision, list_act=list_act, rank=rank, acting_for=acting_for)
    record_event(
        action="list_act", target=list_act, actor=by, acting_for=acting_for, organisation=organisation,
        comment=comment,
        data={"flow": list_act.flow, "step": step.name, "campaign": campaign.pk if campaign else None,
              "quota": step.quota, "seats_left": seats_left,
              "members": [{"rank": rank, "item": item.pk, "ref_no": item.ref_no}
                          for rank, (item, _task) in enumerate(members, 1)]},
    )
    return list_act


def member_ids(items) -> list[int]:
    """The keys of a list's items (objects or keys), in list order; an empty list or an item named
    twice is refused (400). Public: every act on many waiting items (名单, 公示) starts here."""
    ids = [pk_of(item) for item in items]
    if not ids:
        raise ValidationError({"items": ValidationError(_("名单不能为空。"), code="empty_list")})
    repeated = sorted({pk for pk in ids if ids.count(pk) > 1})
    if repeated:
        refs = _("、").join(Item.objects.filter(pk__in=repeated).order_by("ref_no").values_list("ref_no", flat=True))
        raise ValidationError(
            {"items": ValidationError(_("名单中有重复的事项：%(refs)s。") % {"refs": refs or repeated},
                                      code="duplicate_members")}
        )
    return ids


def checked_members(step, ids, by) -> tuple[list[tuple[Item, Task]], object]:
    """Public, for every act on many waiting items (名单, 公示):
    ([(item, open task at `step`)] in list order, the principal `by` acts for as a proxy or
    None); refused unless every item waits there in the step's status and every task is `by`'s
    to act on, all in their own right or all for one principal (委托)."""
    items = Item.objects.select_related("organisation", "owner_department", "submitter").in_bulk(ids)
    tasks = {
        task.process.artifact_object_id: task
        for task in Task.objects.filter(
            process__artifact_content_type=ContentType.objects.get_for_model(Item),
            process__artifact_object_id__in=ids, flow_task=step, status__in=OPEN,
        ).select_related("process")
    }
    not_waiting = [items[pk].ref_no for pk in ids if pk not in tasks or items[pk].status != step.item_status]
    if not_waiting:
        raise MembersNotWaiting(
            _("以下事项不在“%(step)s”环节等待办理，不能列入名单：%(refs)s。")
            % {"step": step.task_title, "refs": _("、").join(not_waiting)},
            refs=not_waiting,
        )
    grants = set(RoleGrant.objects.active().filter(user=by).values_list("role", "organisation_id"))
    refused = [items[pk].ref_no for pk in ids if not _may_act(by, tasks[pk], items[pk], grants)]
    acting_for = None
    if refused and not any(delegation_of(tasks[pk]) for pk in ids):
        acting_for = proxies.principal_for_all(by, [(tasks[pk], items[pk]) for pk in ids])
    if refused and acting_for is None:
        raise NotAllowed(
            _("您不能办理以下事项的“%(step)s”：%(refs)s。") % {"step": step.task_title, "refs": _("、").join(refused)}
        )
    members = []
    for pk in ids:
        item, task = items[pk].as_kind(), tasks[pk]
        task.process.artifact = item  # the next step's assignment reads the item from here
        members.append((item, task))
    return members, acting_for


def _may_act(by, task, item, grants) -> bool:
    """The same rule as a single decision: the task's owner, or (never the submitter) a holder
    of its queue's role there. A delegated task (委派) waits for its delegate to hand it back."""
    if delegation_of(task) is not None:
        return False
    if task.owner_id is not None:
        return task.owner_id == by.pk
    return by.pk != item.submitter_id and assignment.queue_of(task) in grants


def acting_organisation(step, members) -> Organisation:
    """Public, for every act on many waiting items. The one organisation in whose name the list is signed: the members' queue."""
    queues = {assignment.queue_of(task) for _item, task in members}
    organisations = {queue[1] for queue in queues if queue is not None}
    if len(organisations) != 1 or None in queues:
        raise ValidationError(
            {"items": ValidationError(_("一份名单只能包含同一单位待办理的事项。"), code="mixed_organisations")}
        )
    return Organisation.objects.get(pk=organisations.pop())


def campaign_of(step, ids) -> Campaign | None:
    """Public, for every act on many waiting items: The one campaign all members belong to (None when the step names no campaign field)."""
    if not step.campaign_field:
        return None
    found = dict(Item.objects.filter(pk__in=ids).values_list("pk", step.campaign_field))
    campaign_ids = set(found.values())
    if None in campaign_ids or len(campaign_ids) != 1:
        raise ValidationError(
            {"items": ValidationError(_("名单中的事项必须属于同一申报批次。"), code="mixed_campaigns")}
        )
    return Campaign.objects.get(pk=campaign_ids.pop())


def _start(step, members, by, organisation, comment, *, acting_for) -> list[Decision]:
    """Claim and start every member's task and record the decisions, in bulk. A proxy claims for
    their principal and keeps seeing the items (a PROXY participation)."""
    now = timezone.now()
    owner = acting_for or by
    for _item, task in members:
        if task.owner_id is None:  # acting on a queued task claims it, as for a single decision
            task.owner, task.status, task.assigned = owner, STATUS.ASSIGNED, now
        step.activation_class(task).start(None)
    taking_part = [(owner, assignment.ASSIGNEE)] + ([(by, ParticipationReason.PROXY)] if acting_for else [])
    Participation.objects.bulk_create(
        [assignment.participation(user=user, item=item, reason=reason)
         for item, _task in members for user, reason in taking_part],
        ignore_conflicts=True,
    )
    return Decision.objects.bulk_create([
        Decision(item=item, task=task, submission_id=item.last_submission_id, step=step.name,
                 outcome=Outcome.APPROVE, comment=comment, actor=by, acting_for=acting_for,
                 organisation=organisation, created_at=now)
        for item, task in members
    ])


def _move(step, item, task, decision, *, list_act, rank, acting_for) -> None:
    """Complete one member's task, open its next step, move its status; audit and notify."""
    activation = step.activation_class(task)
    activation.route = (step.approves_to, {})
    activation.opened = []
    activation.execute()
    opening.tasks_opened(activation.opened, item)
    fanout_join.collect(child_process=activation.process)
    advance(
        item, step.approves_to.item_status, action=Outcome.APPROVE, by=list_act.actor, acting_for=acting_for,
        organisation=list_act.organisation, comment=list_act.comment,
        data={"task": task.pk, "step": step.name, "to": step.approves_to.name, "decision": decision.pk,
              "list": list_act.pk, "rank": rank},
    )
    notify.task_closed(task)
    for opened in activation.opened:
        notify.task_opened(opened, item)
    if isinstance(step.approves_to, Finish):  # a decision list: the final outcome, as for one approval
        notify.item_finished(item, outcome="approved", event_key=f"decision:{decision.pk}")
        return
    api.notify(
        key=f"item:{item.pk}:list:{list_act.pk}", recipient=item.submitter, kind=INFO, target=item,
        params={"item": item.pk, "ref_no": item.ref_no, "title": item.title, "step": list_act.step_title,
                "list": list_act.pk, "rank": rank},
        link=notify.item_link(item),
    )
