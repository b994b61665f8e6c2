from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetMixin(models.Model):
    """What a message is about (an item, a task, a plan): a generic reference, because this app
    never imports `workflows`, plus the link a user follows."""

    # No index of its own: each table's (target_type, target_id) index starts with it.
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对象类型"),
        db_index=False,
    )
    target_id = models.PositiveBigIntegerField(_("对象编号"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    link = models.CharField(_("链接"), max_length=500, blank=True)

    class Meta:
        abstract = True
