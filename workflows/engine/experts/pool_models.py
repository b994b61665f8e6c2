"""The expert pool (专家库) of a department: its experts, what each knows (学段, 学科, 专长: values
that are data, one vocabulary for the city), and the organisations each must not review (回避).

An Expert is one person in one department's pool, with a home organisation (工作单位) that the
draw compares with the item's (the same organisation, or one in the item's district, is excluded).
An ExpertConflict is an organisation the expert declared they must not review (a former school, a
relative's): it covers the organisation and everything under it. The services are experts.pool.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import OrgKind


class FieldKind(models.TextChoices):
    STAGE = "stage", _("学段")
    SUBJECT = "subject", _("学科")
    SPECIALTY = "specialty", _("专长")


class ExpertField(models.Model):
    """One value an expert may know and a draw may require: 小学 (学段), 数学 (学科), 学前教育管理 (专长)."""

    kind = models.CharField(_("类别"), max_length=20, choices=FieldKind.choices)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        verbose_name = _("专家领域")
        verbose_name_plural = _("专家领域")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="expertfield_unique_name")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.name}"


class Expert(models.Model):
    department = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="experts",
                                   limit_choices_to={"kind": OrgKind.DEPARTMENT}, verbose_name=_("所属处室"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_entries",
                             verbose_name=_("用户"))
    home = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("工作单位"))
    fields = models.ManyToManyField(ExpertField, blank=True, related_name="experts", verbose_name=_("专业领域"))
    title = models.CharField(_("职称"), max_length=50, blank=True)
    is_active = models.BooleanField(_("在库"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["department_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["department", "user"], name="expert_once_per_pool")]

    def __str__(self):
        return self.user.full_name or self.user.username


class ConflictReason(models.TextChoices):
    FORMER_SCHOOL = "former_school", _("曾任职单位")
    RELATIVE = "relative", _("亲属所在单位")
    OTHER = "other", _("其他利害关系")


class ExpertConflict(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("专家"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("回避单位"))
    reason = models.CharField(_("回避原因"), max_length=20, choices=ConflictReason.choices)
    detail = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回避单位")
        verbose_name_plural = _("回避单位")
        ordering = ["expert", "pk"]
        constraints = [models.UniqueConstraint(fields=["expert", "organisation"], name="expertconflict_once")]

    def __str__(self):
        return f"{self.expert_id} ↛ {self.organisation_id}"
