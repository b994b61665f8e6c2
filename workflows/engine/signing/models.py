"""Who takes part in a multi-person step (会签, 或签, 依次审批, k-of-n) and how each one decided.

One SignGroup per opening of a MultiStep (a return and resubmission opens a new one); one Signer
per member, in order. A member's viewflow task is created when it is their turn (at once, except
in 依次 where one task is open at a time). The group is written under the process lock, like
every act on the process, so the counts read here are current.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SignMode(models.TextChoices):
    ALL = "all", _("会签")
    ANY = "any", _("或签")
    SEQUENCE = "sequence", _("依次审批")
    QUORUM = "quorum", _("多数通过")


class SignerState(models.TextChoices):
    WAITING = "waiting", _("待轮到")
    OPEN = "open", _("待办理")
    APPROVED = "approve", _("通过")
    REJECTED = "reject", _("驳回")
    RETURNED = "return", _("退回")
    CANCELLED = "cancelled", _("无需办理")
    REMOVED = "removed", _("已减签")


# A member still to act: counts for "who is left".
PENDING = (SignerState.WAITING, SignerState.OPEN)
DECIDED = (SignerState.APPROVED, SignerState.REJECTED, SignerState.RETURNED)


class SignGroup(models.Model):
    process = models.ForeignKey("viewflow.Process", on_delete=models.PROTECT, related_name="sign_groups")
    step = models.CharField(_("步骤"), max_length=100)
    mode = models.CharField(_("方式"), max_length=20, choices=SignMode.choices)
    # k of a k-of-n step: approvals needed to pass.
    need = models.PositiveSmallIntegerField(_("通过所需人数"), null=True, blank=True)
    # Empty while the step is open; the step's result once it decided (approve, reject, return,
    # timeout).
    outcome = models.CharField(_("结果"), max_length=20, blank=True)
    created = models.DateTimeField(_("开始时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("多人办理步骤")
        verbose_name_plural = _("多人办理步骤")

    def __str__(self):
        return f"{self.step} ({self.mode})"


class Signer(models.Model):
    group = models.ForeignKey(SignGroup, on_delete=models.CASCADE, related_name="signers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("办理人"))
    # Order in 依次审批 (and display order elsewhere); 加签 before/after renumbers the rest.
    position = models.PositiveIntegerField(_("顺序"))
    state = models.CharField(_("状态"), max_length=20, choices=SignerState.choices, default=SignerState.WAITING)
    # The member's current task (the latest, when 加签 before them closed an earlier one).
    task = models.ForeignKey("viewflow.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision = models.ForeignKey("workflows.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    # Who added this member (加签); empty for the members chosen when the step opened.
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("加签人"))

    class Meta:
        verbose_name = _("多人办理成员")
        verbose_name_plural = _("多人办理成员")
        ordering = ["group", "position"]
        constraints = [
            # Nobody is in a step twice (a removed member may be added again).
            models.UniqueConstraint(fields=["group", "user"], condition=~Q(state="removed"),
                                    name="signer_once_per_group"),
        ]

    def __str__(self):
        return f"{self.group_id}#{self.position} {self.user_id} {self.state}"
