"""公示: a step where items wait while a public notice of them runs, and the act that publishes it.

    notice = (
        NoticeStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.NOTICE, title=_("公示"),
                   back_to=this.city_decision, days=5, campaign_field="sample_notice_details__campaign")
        .Approve(this.approved)          # where items go when the notice closes without an open objection
    )

    publish_notice(step=Flow.notice, items=[first, second, ...], by=head, title="…拟认定名单公示")

Each item's process waits at the step with a task for the owning department, but nobody decides
it: the notice does. `publish_notice` (one transaction, nothing written if a check fails) takes
the items waiting there, visible to `by` and `by`'s to act on (the checks of a list act,
workflows.engine.lists.step), none already on a running notice, and publishes one Notice for
`days` working days (the step's, or the campaign's StepDeadlineRule for this step: the
programme's 公示 length as data) with one NoticeEntry per item: what the public sees, copied now.

While the notice runs, an upheld objection sends its item back to `back_to` (handling); when it
ends, the items without an open objection go on to the step's Approve() target (closing). Every
decision on the task itself is refused, with the reason: an open objection, or the running notice.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow import this
from viewflow.workflow.base import Edge
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.status import STATUS

from core.audit.services import record_event
from core.calendar.exceptions import CalendarYearMissing
from core.calendar.working_days import deadline_after
from workflows.engine import opening
from workflows.engine.access import scoped_items
from workflows.engine.deadlines.limits import MAX_WORKING_DAYS
from workflows.engine.deadlines.models import StepDeadlineRule
from workflows.engine.envelope import service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.lists.step import acting_organisation, campaign_of, checked_members, member_ids
from workflows.engine.locking import lock_processes
from workflows.engine.models import Item
from workflows.engine.nodes import Step
from workflows.engine.notices.models import EntryOutcome, Notice, NoticeEntry, Objection

DEFAULT_DAYS = 5


class ObjectionOpen(InvalidState):
    """The item has an objection not yet upheld or dismissed (409)."""


class NoticeStep(Step):
    """Items wait here while their 公示 runs; see the module's docstring.

    `back_to`: the decision step an upheld objection sends the item back to. `days`: the notice's
    length in working days (a campaign's StepDeadlineRule for this step overrides it). `result`:
    the result the notice announces for each item ("拟认定"). `campaign_field`: the lookup from
    Item to its campaign, whose programme the notice names.
    """

    def __init__(self, actor, *, status: str, back_to, title="", days: int = DEFAULT_DAYS,
                 result=gettext_lazy("拟通过"), campaign_field: str = "", **step_options):
        super().__init__(actor, status=status, title=title, **step_options)
        self._back_to = back_to
        self.days = check_days(days)
        self.result = result
        self.campaign_field = campaign_field

    def _resolve(self, instance):
        super()._resolve(instance)
        self._back_to = this.resolve(instance, self._back_to)

    @property
    def back_to(self):
        return self._back_to

    def _outgoing(self):
        yield from super()._outgoing()
        yield Edge(src=self, dst=self._back_to, edge_class="return", label=gettext_lazy("异议成立"))

    def acts(self) -> tuple:
        """None: the notice moves its items (closing, handling), nobody decides one by hand."""
        return ()

    def route(self, act, task, *, to: str, comment: str):
        item_id = task.process.artifact_object_id
        if Objection.objects.open().filter(entry__item_id=item_id, entry__outcome=EntryOutcome.WAITING).exists():
            raise ObjectionOpen(_("该事项有尚未处理的公示异议，异议处理完毕前不能办理。"))
        raise InvalidState(_("“%(step)s”环节由公示结束时系统自动办理，不能单独办理。") % {"step": self.task_title})


def check_days(days) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WORKING_DAYS:
        raise ValidationError(
            {"days": ValidationError(_("公示期须为1至%(max)d个工作日。") % {"max": MAX_WORKING_DAYS}, code="days")})
    return days


def notice_days(step: NoticeStep, campaign) -> int:
    """The notice's length: the campaign's rule for this step, else its programme's 公示 days (data
the department edits), else the step's."""
    if campaign is not None:
        rule = StepDeadlineRule.objects.filter(
            owner_type=ContentType.objects.get_for_model(campaign), owner_id=campaign.pk,
            step=get_task_ref(step), working_days__isnull=False).first()
        if rule is not None:
            return rule.working_days
        if campaign.programme.notice_days:
            return campaign.programme.notice_days
    return step.days


def entry_line(step: NoticeStep, item, campaign) -> dict:
    """What the notice shows of `item`: the kind's own notice_line() if it has one, else its
    organisation's name, the campaign's programme and the step's result."""
    line = {"name": item.organisation.name,
            "programme": campaign.programme.name if campaign else str(item._meta.verbose_name),
            "result": str(step.result)}
    own = getattr(item, "notice_line", None)
    return {**line, **(own() if own else {})}


@service
def publish_notice(*, step: NoticeStep, items, by, title: str, days: int | None = None, starts_at=None,
                   comment: str = "") -> Notice:
    """Publish a notice of `items` (in this order) waiting at `step`, signed by `by`."""
    if not isinstance(step, NoticeStep):
        raise TypeError(f"{step!r} is not a NoticeStep")
    title, comment = (title or "").strip(), (comment or "").strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("请填写公示标题。"), code="title")})
    ids = member_ids(items)
    if scoped_items(by, Item.objects.filter(pk__in=ids)).count() != len(ids):
        raise NotFound()
    members, acting_for = checked_members(step, ids, by)
    organisation = acting_organisation(step, members)
    campaign = campaign_of(step, ids)
    days = check_days(days) if days is not None else notice_days(step, campaign)
    now = timezone.now()
    starts_at = starts_at or now
    if starts_at < now - timedelta(minutes=5):
        raise ValidationError({"starts_at": ValidationError(_("公示开始时间不能早于现在。"), code="starts_at")})
    try:
        ends_at = deadline_after(starts_at, days)
    except CalendarYearMissing as exc:
        raise ValidationError(_("尚未录入%(year)s年的工作日历，无法计算公示期。") % {"year": exc.year}) from exc
    lock_processes(type(members[0][1].process), sorted(task.process_id for _item, task in members))
    members, acting_for = checked_members(step, ids, by)  # again, under the locks
    on_notice = list(NoticeEntry.objects.filter(item_id__in=ids, outcome=EntryOutcome.WAITING)
                     .values_list("item__ref_no", flat=True))
    if on_notice:
        raise InvalidState(_("以下事项已在公示中：%(refs)s。") % {"refs": _("、").join(sorted(on_notice))})

    notice = Notice.objects.create(
        title=title, flow=f"{step.flow_class.__module__}.{step.flow_class.__name__}", step=step.name,
        owner_department=organisation, campaign=campaign, working_days=days, starts_at=starts_at, ends_at=ends_at,
        published_by=by, comment=comment, created_at=now)
    NoticeEntry.objects.bulk_create([
        NoticeEntry(notice=notice, rank=rank, item=item, **entry_line(step, item, campaign))
        for rank, (item, _task) in enumerate(members, 1)
    ])
    record_event(
        action="notice_published", target=notice, actor=by, acting_for=acting_for, organisation=organisation,
        comment=comment,
        data={"flow": notice.flow, "step": step.name, "days": days, "starts_at": timezone.localtime(starts_at).isoformat(),
              "ends_at": timezone.localtime(ends_at).isoformat(),
              "entries": [{"rank": rank, "item": item.pk, "ref_no": item.ref_no}
                          for rank, (item, _task) in enumerate(members, 1)]},
    )
    return notice


def move_on(step: NoticeStep, item, task, *, to, data=None) -> list:
    """Complete the waiting task of `item` at `step` and open `to` (the Approve() target at the
    close, or back_to for an upheld objection), as the system: the caller holds the process lock
    and moves the item's status. Returns the opened activations."""
    return completed_towards(step, item, task, to=to, data=data).opened


def completed_towards(step, item, task, *, to, data=None):
    """move_on's work, returning the activation: a caller whose `to` may be an optional stage's
    branch reads where it landed and what it chose from it (workflows.engine.branches.choices)."""
    activation = step.activation_class(task)
    if task.status == STATUS.NEW:  # the department's queue task: completed, nobody's claim
        task.status = STATUS.ASSIGNED
    activation.start(None)
    activation.route = (to, data or {})
    activation.opened = []
    activation.execute()
    opening.tasks_opened(activation.opened, item)
    return activation
