"""List acts (名单): one act that moved many items' waiting step at once, and its ranked members.

A district head's recommendation list, the city's decision list: who signed it, when, for which
organisation and campaign, with what comment, and which items in which order. The services are in
workflows.engine.lists.step. A member of a list with a quota holds one seat (名额) while its
membership is live; the membership ends (ended_at) when the item goes back past the list's step
or ends other than approved (workflows.engine.lists.seats), and the seat is free again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuotaScope(models.TextChoices):
    NONE = "", _("不限名额")
    DISTRICT = "district", _("区县名额")
    TOTAL = "total", _("总名额")


class MembershipEnd(models.TextChoices):
    """Why a list membership ended and its seat was freed."""

    RETURN = "return", _("退回")
    REJECT = "reject", _("驳回")
    WITHDRAW = "withdraw", _("撤回")
    TIMEOUT = "timeout", _("逾期")
    OBJECTION = "objection", _("公示异议成立")


class LiveMembers(models.QuerySet):
    def live(self):
        """Memberships that still stand: each of a list with a quota holds a seat."""
        return self.filter(ended_at__isnull=True)


class ListAct(models.Model):
    # The flow and step whose waiting tasks the list moved: "module.FlowClass" and the node name.
    flow = models.CharField(_("流程"), max_length=200)
    step = models.CharField(_("步骤"), max_length=100)
    step_title = models.CharField(_("步骤名称"), max_length=100)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("办理单位")
    )
    campaign = models.ForeignKey(
        "workflows.Campaign", on_delete=models.PROTECT, null=True, blank=True, related_name="list_acts",
        verbose_name=_("申报批次"),
    )
    quota_scope = models.CharField(_("名额口径"), max_length=10, choices=QuotaScope.choices, blank=True)
    size = models.PositiveIntegerField(_("事项数"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("签发人")
    )
    comment = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("名单")
        verbose_name_plural = _("名单")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("#%(pk)s %(step)s（%(size)s）") % {"pk": self.pk, "step": self.step_title, "size": self.size}


class ListMember(models.Model):
    list_act = models.ForeignKey(ListAct, on_delete=models.PROTECT, related_name="members", verbose_name=_("名单"))
    rank = models.PositiveIntegerField(_("排序"))
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="list_memberships",
                             verbose_name=_("事项"))
    task = models.OneToOneField("viewflow.Task", on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField("workflows.Decision", on_delete=models.PROTECT, related_name="list_member")
    # Set once, when the item went back past the list's step or ended other than approved.
    ended_at = models.DateTimeField(_("移出名单时间"), null=True, blank=True)
    end_reason = models.CharField(_("移出名单原因"), max_length=20, choices=MembershipEnd.choices, blank=True)

    objects = LiveMembers.as_manager()

    class Meta:
        verbose_name = _("名单事项")
        verbose_name_plural = _("名单事项")
        ordering = ["list_act", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["list_act", "rank"], name="listmember_unique_rank"),
            models.UniqueConstraint(fields=["list_act", "item"], name="listmember_unique_item"),
            models.CheckConstraint(condition=models.Q(ended_at__isnull=True) | ~models.Q(end_reason=""),
                                   name="listmember_end_has_reason"),
        ]
        # The seats a list act counts: the live members of its campaign's lists.
        indexes = [models.Index(fields=["list_act"], condition=models.Q(ended_at__isnull=True),
                                name="listmember_live")]

    def __str__(self):
        return f"{self.list_act_id} #{self.rank}"


def scan_path(instance, filename):
    return f"lists/{instance.list_act_id}/{filename}"


class ListScan(models.Model):
    """The stamped scan of a printed list (推荐汇总表 with the district's seal), uploaded back by the
    signing district. Each upload is a row: the latest is the scan, the earlier ones stay for the
    record. Written only by lists.summary.upload_scan, after the engine's upload checks."""

    list_act = models.ForeignKey(ListAct, on_delete=models.PROTECT, related_name="scans", verbose_name=_("名单"))
    file = models.FileField(_("文件"), upload_to=scan_path, max_length=255)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("盖章扫描件")
        verbose_name_plural = _("盖章扫描件")
        ordering = ["list_act", "-uploaded_at", "-pk"]

    def __str__(self):
        return self.name
