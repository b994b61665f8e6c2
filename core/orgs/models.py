from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import ROLE_ORG_KINDS, OrgKind, Role


class SchoolType(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("幼儿园")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    NINE_YEAR = "nine_year", _("九年一贯制")
    SENIOR = "senior", _("普通高中")
    VOCATIONAL = "vocational", _("中职")
    SPECIAL = "special", _("特教")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("公办")
    PRIVATE = "private", _("民办")


# Which kind of organisation may sit under which: city → department / district → school.
PARENT_KINDS = {
    OrgKind.BUREAU: {None},
    OrgKind.DEPARTMENT: {OrgKind.BUREAU},
    OrgKind.DISTRICT: {OrgKind.BUREAU},
    OrgKind.SCHOOL: {OrgKind.DISTRICT},
}


class Organisation(models.Model):
    """One node of the tree: the bureau, its departments (处室), districts and schools.

    `path` is a materialised path ("1/4/27/") so that a subtree is one indexed prefix query.
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    code = models.CharField(
        _("代码"), max_length=40, blank=True, help_text=_("学校填写国家学校标识码；处室填写简称代码，如 office")
    )
    school_type = models.CharField(_("学校类型"), max_length=20, choices=SchoolType.choices, blank=True)
    ownership = models.CharField(_("办学性质"), max_length=10, choices=Ownership.choices, blank=True)
    head = models.ForeignKey(
        "orgs.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("负责人")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], condition=~Q(code=""), name="org_unique_code_per_kind"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        parent_kind = self.parent.kind if self.parent_id else None
        if self.kind and parent_kind not in PARENT_KINDS[self.kind]:
            raise ValidationError({"parent": _("“%(kind)s”不能设在此上级之下。") % {"kind": self.get_kind_display()}})
        if self.kind == OrgKind.SCHOOL:
            errors = {}
            if not self.school_type:
                errors["school_type"] = _("学校必须选择学校类型。")
            if not self.ownership:
                errors["ownership"] = _("学校必须选择公办或民办。")
            if not self.code:
                errors["code"] = _("学校必须填写学校标识码。")
            elif not (self.code.isdigit() and len(self.code) == 10):
                errors["code"] = _("学校标识码应为10位数字。")
            if errors:
                raise ValidationError(errors)
        elif self.school_type or self.ownership:
            raise ValidationError(_("只有学校才有学校类型和办学性质。"))

    def save(self, *args, **kwargs):
        # The path needs our own id, so a new node is saved twice.
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent_id else "") + f"{self.pk}/"
        if path != self.path:
            old = self.path
            Organisation.objects.filter(pk=self.pk).update(path=path)
            self.path = path
            if old:  # moved: re-root the descendants
                for child in Organisation.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old):]
                    Organisation.objects.filter(pk=child.pk).update(path=child.path)

    def ancestors(self):
        """From the root down to the parent."""
        ids = [int(x) for x in self.path.strip("/").split("/")[:-1] if x]
        by_id = Organisation.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def subtree(self):
        return Organisation.objects.filter(path__startswith=self.path)

    def district(self):
        """The district this organisation is in (itself if it is one), or None."""
        if self.kind == OrgKind.DISTRICT:
            return self
        return next((o for o in self.ancestors() if o.kind == OrgKind.DISTRICT), None)


class User(AbstractUser):
    """A person. Roles are held at organisations through RoleGrant; many teachers have no email,
    so an admin or their school head resets passwords and forces a change at next sign-in."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def active_grants(self, at=None):
        return RoleGrant.objects.active(at).filter(user=self)

    def has_role(self, role, organisation=None, at=None):
        grants = self.active_grants(at).filter(role=role)
        if organisation is not None:
            grants = grants.filter(organisation=organisation)
        return grants.exists()


def _active_q(at, start="valid_from", end="valid_until"):
    at = at or timezone.now()
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": at})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": at})
    )


class RoleGrantQuerySet(models.QuerySet):
    def active(self, at=None):
        return self.filter(_active_q(at), user__is_active=True)


class RoleGrant(models.Model):
    """A person holds a role at an organisation, optionally for a date range."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_grants", verbose_name=_("所在组织")
    )
    valid_from = models.DateTimeField(_("生效时间"), null=True, blank=True)
    valid_until = models.DateTimeField(_("失效时间"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organisation"], name="rolegrant_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} @ {self.organisation}"

    def clean(self):
        if self.role not in ROLE_ORG_KINDS:
            raise ValidationError({"role": _("未知角色：%(role)s") % {"role": self.role}})
        if self.organisation_id and self.organisation.kind not in ROLE_ORG_KINDS[self.role]:
            raise ValidationError(
                {
                    "organisation": _("角色“%(role)s”不能设在%(kind)s。")
                    % {"role": self.get_role_display(), "kind": self.organisation.get_kind_display()}
                }
            )
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("失效时间必须晚于生效时间。")})


class ParticipationReason(models.TextChoices):
    SUBMITTER = "submitter", _("申报人")
    ASSIGNEE = "assignee", _("经办人")
    PANEL_MEMBER = "panel_member", _("评审专家")
    TEAM_MEMBER = "team_member", _("督导组成员")
    CC = "cc", _("抄送")
    PROXY = "proxy", _("代理人")


class ParticipationQuerySet(models.QuerySet):
    def active(self, at=None):
        return self.filter(_active_q(at))


class Participation(models.Model):
    """Who takes part in what, for which reason, for how long.

    Later modules (workflows, notifications) write here so that `core` never imports them; the
    scoping function reads it to let a person see what they take part in outside their subtree.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="participations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("原因"), max_length=20, choices=ParticipationReason.choices)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id", "reason"], name="participation_unique"
            ),
        ]
        indexes = [models.Index(fields=["user", "content_type", "object_id"])]
