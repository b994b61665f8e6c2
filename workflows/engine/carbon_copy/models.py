"""抄送 (CC): who was copied on an item, by whom (or by the flow), at which step, with what note.

The recipient also gets a Participation with reason CC, which is what lets scoping show them the
item; this row is what their 抄送我的 list reads, newest first.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CarbonCopy(models.Model):
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="carbon_copies",
                             verbose_name=_("事项"))
    # The task at which it was copied: its handler's act, or the step's declared CC when it opened.
    task = models.ForeignKey("viewflow.Task", on_delete=models.PROTECT, related_name="+", verbose_name=_("办理任务"))
    step = models.CharField(_("步骤"), max_length=100)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("抄送对象"))
    # None: copied by the flow itself (Step(cc=...)).
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("抄送人"))
    note = models.TextField(_("附言"), blank=True)
    created_at = models.DateTimeField(_("抄送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("抄送记录")
        verbose_name_plural = _("抄送记录")
        constraints = [
            models.UniqueConstraint(fields=["task", "recipient"], name="carboncopy_once_per_task"),
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="carboncopy_inbox")]

    def __str__(self):
        return f"{self.item_id} → {self.recipient_id}"
