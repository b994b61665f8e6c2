"""Extension requests (延期申请): the handler of an open task with a deadline asks for more time,
and the approver the step names grants or refuses. The services are in
workflows.engine.deadlines.extension_services.

A request that is still pending when its task closes is moot: nobody needs to decide it any more.
That is derived when reading (`ExtensionRequestQuerySet.with_state`, `is_moot`), not written when
the task closes, so that closing a task (every decision, withdrawal and timeout) costs no extra
statement; a moot request can never be decided, since deciding needs the task open.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import OPEN


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("未同意")
    # Never stored: a pending request whose task has closed (see the module's docstring).
    CANCELLED = "cancelled", _("已失效（待办已办结）")


class ExtensionRequestQuerySet(models.QuerySet):
    def with_state(self):
        """Each row's `effective_state`: its stored state, or cancelled when still pending on a
        task that has closed. Same query, no join beyond the task."""
        return self.annotate(effective_state=Case(
            When(Q(state=ExtensionState.PENDING) & ~Q(task__status__in=OPEN), then=Value(ExtensionState.CANCELLED)),
            default="state", output_field=models.CharField(),
        ))

    def live(self):
        """Pending requests whose task is still open: the ones someone can still decide."""
        return self.filter(state=ExtensionState.PENDING, task__status__in=OPEN)


class ExtensionRequest(models.Model):
    task = models.ForeignKey("viewflow.Task", on_delete=models.CASCADE, related_name="extension_requests",
                             verbose_name=_("待办"))
    # The item, so that lists scope and show requests without going through the process.
    item = models.ForeignKey("workflows.Item", on_delete=models.CASCADE, related_name="extension_requests",
                             verbose_name=_("事项"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("申请人"))
    reason = models.TextField(_("延期理由"))
    current_due_at = models.DateTimeField(_("申请时的期限"))
    requested_due_at = models.DateTimeField(_("申请延至"))
    # Who decides: a queue (role at an organisation), like a task's, or a named person.
    approver_role = models.CharField(_("审批角色"), max_length=30, blank=True)
    approver_organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("审批单位"),
    )
    approver_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("指定审批人"))
    state = models.CharField(_("状态"), max_length=20, choices=ExtensionState.choices[:3],
                             default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    granted_due_at = models.DateTimeField(_("同意延至"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    OPEN_TASK = OPEN  # task statuses in which a pending request is live

    objects = ExtensionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            # One pending request per task at a time: the database says so, whatever races.
            models.UniqueConstraint(fields=["task"], condition=Q(state="pending"), name="extension_one_pending"),
            models.CheckConstraint(
                condition=Q(approver_user__isnull=False) | Q(approver_organisation__isnull=False),
                name="extension_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_at__isnull=True)
                | Q(state="granted", decided_at__isnull=False, granted_due_at__isnull=False)
                | Q(state="refused", decided_at__isnull=False),
                name="extension_decision_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["approver_role", "approver_organisation"], condition=Q(state="pending"),
                         name="extension_pending_queue"),
            models.Index(fields=["requested_by", "-created_at"], name="extension_by_requester"),
        ]

    def __str__(self):
        return f"{self.item_id}/{self.task_id}: {self.state}"

    @property
    def is_moot(self) -> bool:
        return self.state == ExtensionState.PENDING and self.task.status not in OPEN

    @property
    def shown_state(self) -> str:
        """The state to show: `effective_state` when the query annotated it."""
        state = getattr(self, "effective_state", None)
        if state is None:
            state = ExtensionState.CANCELLED if self.is_moot else self.state
        return state

    def get_shown_state_display(self) -> str:
        return str(ExtensionState(self.shown_state).label)
