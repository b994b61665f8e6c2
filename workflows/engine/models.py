"""The tables every item kind shares: the Item, its reference counter, submissions (snapshots),
decisions and attachments.

A kind is a proxy of Item (status labels, reference prefix; its flows add its FSM transitions)
plus, where it needs more fields, its own table with a one-to-one link to the item.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField
from viewflow.workflow.status import STATUS

# A task still waiting for someone (viewflow also has STARTED, DONE, CANCELED, ...).
OPEN = (STATUS.NEW, STATUS.ASSIGNED)

class BaseStatus(models.TextChoices):
    """The codes every kind has. A kind's own Status repeats these and adds its steps'."""

    DRAFT = "draft", _("草稿")
    WITHDRAWN = "withdrawn", _("已撤回")
    REJECTED = "rejected", _("已驳回")


class RefCounter(models.Model):
    """The last reference number given out per (kind, year). Its row is locked for update while an
    item is created, so numbers are gap-free: a rolled-back creation rolls its number back too."""

    kind = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="refcounter_unique_kind_year")]

    def __str__(self):
        return f"{self.kind}-{self.year}: {self.last}"


class ItemQuerySet(models.QuerySet):
    pass


class ItemManager(models.Manager.from_queryset(ItemQuerySet)):
    """On a kind's proxy, only that kind's items."""

    def get_queryset(self):
        queryset = super().get_queryset()
        kind = getattr(self.model, "KIND", "")
        return queryset.filter(kind=kind) if kind else queryset


class Item(ConcurrentTransitionMixin, models.Model):
    """Anything users track through a process: an application, a studio, an inspection case.

    It outlives its processes (viewflow Process rows point here through Process.artifact), so an
    accreditation can live for years and run an annual review process each year.
    """

    # Set by each kind's proxy model.
    KIND = ""
    REF_PREFIX = ""
    Status = BaseStatus
    # Statuses in which the submitter may change the item's fields and files.
    EDITABLE_STATUSES = frozenset({BaseStatus.DRAFT})

    kind = models.CharField(_("类别"), max_length=30, db_index=True, editable=False)
    ref_no = models.CharField(_("编号"), max_length=32, unique=True, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="items", verbose_name=_("所属单位")
    )
    owner_department = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="owned_items", verbose_name=_("主管处室")
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_items", verbose_name=_("申报人")
    )
    title = models.CharField(_("标题"), max_length=200)
    # Changed only by the kind's FSM transitions, through the engine's services.
    status = FSMField(_("状态"), default=BaseStatus.DRAFT, protected=True, db_index=True)
    # The latest (re)submission: decisions point to it, and a withdrawal is refused once it has one.
    last_submission = models.ForeignKey(
        "workflows.Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # Bumped on every change, so that an edit form can refuse to overwrite a newer version.
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # A process points to its item through viewflow's own Process.artifact, not through a Process
    # subclass with a foreign key. The artifact columns exist and are indexed already; a subclass
    # would add a table, an insert per process, and a join or query whenever a task's process is
    # read (Task.process points to the base Process), on the hot path of every decision. The cost,
    # no database-level foreign key, is small: items are never deleted (PROTECT everywhere). This
    # reverse relation still lets querysets join process → item (`process__item__...`).
    processes = GenericRelation(
        "viewflow.Process",
        content_type_field="artifact_content_type",
        object_id_field="artifact_object_id",
        related_query_name="item",
    )

    objects = ItemManager()

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return f"{self.ref_no} {self.title}"

    @property
    def status_label(self) -> str:
        status_choices = kind_models().get(self.kind, type(self)).Status
        try:
            return status_choices(self.status).label
        except ValueError:
            return self.status

    def as_kind(self) -> "Item":
        """This item as its kind's proxy (no query), so that the kind's transitions apply."""
        model = kind_models().get(self.kind)
        if model is not None and not isinstance(self, model):
            self.__class__ = model
        return self

    @property
    def is_editable(self) -> bool:
        return self.status in kind_models().get(self.kind, type(self)).EDITABLE_STATUSES

    def snapshot_fields(self) -> dict:
        """The submitted field values, JSON-ready, keyed by field name. Kinds add their own."""
        return {"title": self.title}

    @classmethod
    def snapshot_labels(cls) -> dict:
        """Human labels of the keys of snapshot_fields(), for the diff shown to reviewers."""
        return {"title": str(_("标题"))}


def kind_models() -> dict[str, type[Item]]:
    """Every registered kind: its code → its proxy model."""
    found = {}
    pending = list(Item.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if model._meta.proxy and model.KIND:
            found[model.KIND] = model
    return found


class Submission(models.Model):
    """What the submitter sent, each time they (re)submitted: the fields and the evidence files.
    The reviewer sees the difference from the previous one (workflows.engine.snapshots.diff)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("事项"))
    number = models.PositiveIntegerField(_("第几次提交"))
    process = models.ForeignKey(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提交人")
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    fields = models.JSONField(_("字段"), default=dict)
    # [{"id": attachment id, "slot": ..., "name": ..., "sha256": ..., "size": ...}]
    files = models.JSONField(_("附件"), default=list)

    class Meta:
        verbose_name = _("提交记录")
        verbose_name_plural = _("提交记录")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="submission_unique_number"),
        ]

    def __str__(self):
        return f"{self.item_id} #{self.number}"


class Outcome(models.TextChoices):
    APPROVE = "approve", _("通过")
    RETURN = "return", _("退回")
    REJECT = "reject", _("驳回")
    RESUBMIT = "resubmit", _("重新提交")


class Decision(models.Model):
    """One act on a task: who decided what at which step, with the comment (审批意见)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("事项"))
    task = models.ForeignKey("viewflow.Task", on_delete=models.PROTECT, related_name="+", verbose_name=_("办理任务"))
    # The submission the decision was made on: a withdrawal is refused once it has one.
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
        verbose_name=_("提交记录"),
    )
    step = models.CharField(_("步骤"), max_length=100)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    return_to = models.CharField(_("退回至"), max_length=100, blank=True)
    comment = models.TextField(_("审批意见"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("办理人")
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("被代理人"),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("办理单位"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审批记录")
        verbose_name_plural = _("审批记录")
        ordering = ["item", "created_at", "pk"]
        constraints = [
            # One decision per task: the database refuses a second one whatever the locks did.
            models.UniqueConstraint(fields=["task"], name="decision_unique_task"),
        ]

    def __str__(self):
        return f"{self.item_id} {self.step} {self.outcome}"


def attachment_path(instance, filename):
    return f"items/{instance.item_id}/{timezone.now():%Y%m}/{filename}"


class Attachment(models.Model):
    """A file: evidence on the item (slot set, decision empty) or attached to a decision."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("事项"))
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments",
        verbose_name=_("审批记录"),
    )
    slot = models.CharField(_("材料类别"), max_length=50, blank=True)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    # Evidence replaced or removed before a resubmission stays on record for the earlier snapshot.
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["item", "slot", "pk"]

    def __str__(self):
        return self.name


def item_of_process(process) -> Item:
    """The process's item as its kind, also put into the process's artifact cache."""
    # The organisations come along: assignment reads them for the next step, and its escalations
    # the owning department's head.
    item = (
        Item.objects.select_related("organisation", "owner_department__head")
        .get(pk=process.artifact_object_id)
        .as_kind()
    )
    process.artifact = item
    return item
