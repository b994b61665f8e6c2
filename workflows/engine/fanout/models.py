"""Fan-out (分派): which child items a parent's fan-out step created, one per target.

The child's process also points to the fan-out task (viewflow's Process.parent_task); this row
links the items themselves, so that the parent's overview reads its children in one query.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FanOutChild(models.Model):
    parent = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="fanout_children",
                               verbose_name=_("上级事项"))
    child = models.OneToOneField("workflows.Item", on_delete=models.PROTECT, related_name="fanout_parent",
                                 verbose_name=_("分派事项"))
    # The parent's fan-out task that waits for this child.
    task = models.ForeignKey("viewflow.Task", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("序号"))

    class Meta:
        verbose_name = _("分派事项")
        verbose_name_plural = _("分派事项")
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="fanoutchild_unique_position"),
        ]

    def __str__(self):
        return f"{self.parent_id} → {self.child_id}"
