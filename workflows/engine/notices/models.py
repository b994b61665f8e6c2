"""公示 (Notice): a published notice of many items, its entries as the public sees them, and the
objections (异议) lodged against them.

A Notice is published by the owning department on the items waiting at one NoticeStep, for a
number of working days from `starts_at` to `ends_at`; it closes (`closed_at`) at its end. Each
NoticeEntry keeps what the public page shows (name, programme, result: copied when published,
so a later edit of the item changes nothing that was announced) and, internally, its item and
what became of it. An Objection carries the objector's identity (seen only by the owning
department, workflows.engine.notices.rules) and its handling. The services are step, objections,
handling and closing in this package.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeQuerySet(models.QuerySet):
    def public(self, now=None):
        """What the public page may read: notices whose publication has begun (running or closed)."""
        return self.filter(starts_at__lte=now or timezone.now())

    def due(self, now=None):
        """Running notices whose end has passed: the timer closes them."""
        return self.filter(closed_at__isnull=True, ends_at__lte=now or timezone.now())


class Notice(models.Model):
    title = models.CharField(_("公示标题"), max_length=200)
    # The flow and NoticeStep whose waiting items the notice names: "module.FlowClass" and the node name.
    flow = models.CharField(_("流程"), max_length=200)
    step = models.CharField(_("步骤"), max_length=100)
    owner_department = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("主管处室"))
    campaign = models.ForeignKey("workflows.Campaign", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("申报批次"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    starts_at = models.DateTimeField(_("公示开始"))
    ends_at = models.DateTimeField(_("公示结束"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("发布人"))
    # The department's own note: never on the public page.
    comment = models.TextField(_("内部说明"), blank=True)
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="notice_ends_after_start")]

    def __str__(self):
        return self.title

    def is_running(self, now=None) -> bool:
        """Objections are taken while this holds: begun, not ended, not closed."""
        now = now or timezone.now()
        return self.closed_at is None and self.starts_at <= now < self.ends_at


class EntryOutcome(models.TextChoices):
    WAITING = "waiting", _("公示中")
    PASSED = "passed", _("公示通过")
    SENT_BACK = "sent_back", _("异议成立，已退回")
    LEFT = "left", _("已不在公示环节")


class NoticeEntry(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="entries", verbose_name=_("公示"))
    rank = models.PositiveIntegerField(_("序号"))
    # Internal: which item the line announces. The public page never shows it.
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="notice_entries",
                             verbose_name=_("事项"))
    # What the public sees, as published.
    name = models.CharField(_("名称"), max_length=200)
    programme = models.CharField(_("项目"), max_length=200)
    result = models.CharField(_("公示结果"), max_length=100)
    outcome = models.CharField(_("结果"), max_length=20, choices=EntryOutcome.choices, default=EntryOutcome.WAITING)

    class Meta:
        verbose_name = _("公示事项")
        verbose_name_plural = _("公示事项")
        ordering = ["notice", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "rank"], name="noticeentry_unique_rank"),
            models.UniqueConstraint(fields=["notice", "item"], name="noticeentry_unique_item"),
            # An item is on at most one notice that is still running for it.
            models.UniqueConstraint(fields=["item"], condition=Q(outcome="waiting"), name="noticeentry_one_waiting"),
        ]

    def __str__(self):
        return f"{self.notice_id} #{self.rank} {self.name}"


class ObjectionState(models.TextChoices):
    LODGED = "lodged", _("待处理")
    INVESTIGATING = "investigating", _("调查中")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


OPEN_OBJECTIONS = (ObjectionState.LODGED, ObjectionState.INVESTIGATING)


class ObjectionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_OBJECTIONS)


class Objection(models.Model):
    entry = models.ForeignKey(NoticeEntry, on_delete=models.PROTECT, related_name="objections",
                              verbose_name=_("异议对象"))
    # The objector: seen only by the owning department (rules.may_handle).
    real_name = models.CharField(_("真实姓名"), max_length=50)
    unit = models.CharField(_("工作单位"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20, db_index=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    facts = models.TextField(_("异议事实"))
    file = models.FileField(_("证明材料"), upload_to="notices/objections/", blank=True)
    file_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), db_index=True)
    lodged_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    state = models.CharField(_("状态"), max_length=20, choices=ObjectionState.choices, default=ObjectionState.LODGED)
    # The department's working note (调查情况): internal.
    note = models.TextField(_("调查情况"), blank=True)
    # Why it was upheld or dismissed: what the objector is told.
    reason = models.TextField(_("处理意见"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("处理人"))
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["lodged_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=OPEN_OBJECTIONS) | (~Q(reason="") & Q(handled_at__isnull=False)),
                name="objection_handled_has_reason"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.entry_id} {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_OBJECTIONS
