"""The append-only audit log: one hash chain of events per target object.

Each target (any saved model row) has a chain head that records the last sequence number and hash.
Appending locks that head row, so sequence numbers are gap-free and the chain stays linear even
with concurrent writers. Database triggers (see triggers.py) refuse UPDATE and DELETE on events.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditChainHead(models.Model):
    """The tip of one target's chain: the row that appends lock, and the reference that lets
    audit_verify notice when the last events of a chain were removed. `signature` is an HMAC of
    the rest (hashing.head_signature), so that a head cannot be rewound to match a cut chain
    without the key."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True, default="")
    signature = models.CharField(max_length=64, blank=True, default="")
    key_id = models.CharField(_("密钥编号"), max_length=16, blank=True, default="",
                              help_text=_("签名所用密钥的编号（AUDIT_HMAC_KEYS）；为空表示启用密钥编号之前的原始密钥"))

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="audit_chainhead_unique_target"),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}@{self.last_seq}"


class AuditEvent(models.Model):
    # A UUID made before the insert, so that the id itself is covered by the hash: swapping the
    # ids of two events is detected like any other change.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="audit_events", verbose_name=_("操作人"), help_text=_("为空表示系统自动操作"),
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="audit_events_by_proxy", verbose_name=_("被代理人"),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="audit_events", verbose_name=_("组织"),
    )
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("对象类型"),
    )
    object_id = models.CharField(_("对象编号"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(_("对象"), max_length=200, blank=True)
    from_status = models.CharField(_("原状态"), max_length=64, blank=True)
    to_status = models.CharField(_("新状态"), max_length=64, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    seq = models.PositiveBigIntegerField(_("序号"))
    prev_hash = models.CharField(_("前一事件哈希"), max_length=64, blank=True)
    hash = models.CharField(_("哈希"), max_length=64)
    key_id = models.CharField(_("密钥编号"), max_length=16, blank=True, default="",
                              help_text=_("签名所用密钥的编号（AUDIT_HMAC_KEYS）；为空表示启用密钥编号之前的原始密钥"))

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-created_at", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "seq"], name="audit_event_unique_seq"),
        ]

    def __str__(self):
        from core.audit.labels import action_label

        return f"{action_label(self.action)} · {self.target_label or self.object_id} #{self.seq}"

    def save(self, *args, **kwargs):
        # Events are written once, by services.record_event; the database refuses updates too.
        if not self._state.adding:
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit events are append-only")


class AuditCheckpoint(models.Model):
    """A signed count of the chains and events at one moment (written by audit_verify after a
    clean check). Heads are never deleted and only advance, so later every head up to
    `last_head_id` must still be there and their seqs must add up to at least `events`: a chain
    deleted together with its head, or cut and its head rewound, falls short."""

    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    last_head_id = models.PositiveBigIntegerField(_("最大链头编号"))
    chains = models.PositiveBigIntegerField(_("链数"))
    events = models.PositiveBigIntegerField(_("事件数"))
    signature = models.CharField(_("签名"), max_length=64)
    key_id = models.CharField(_("密钥编号"), max_length=16, blank=True, default="",
                              help_text=_("签名所用密钥的编号（AUDIT_HMAC_KEYS）；为空表示启用密钥编号之前的原始密钥"))

    class Meta:
        verbose_name = _("审计检查点")
        verbose_name_plural = _("审计检查点")
        get_latest_by = "id"

    def __str__(self):
        return f"#{self.pk} {self.chains}/{self.events}"
