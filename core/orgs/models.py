import re

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import OFFICE_CODE, ROLE_ORG_KINDS, OrgKind, Role


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
PARENT_KIND_ERRORS = {
    OrgKind.BUREAU: _("市教育局是组织树的根，不能有上级。"),
    OrgKind.DEPARTMENT: _("处室的上级必须是市教育局。"),
    OrgKind.DISTRICT: _("区县的上级必须是市教育局。"),
    OrgKind.SCHOOL: _("学校的上级必须是区县。"),
}

# Each path segment is the id padded to a fixed width, so that ordering by path lists the tree
# depth-first under any database collation (some collations ignore "/" when sorting).
PATH_SEGMENT_WIDTH = 10
SCHOOL_CODE_RE = re.compile(r"[0-9]{10}")  # ASCII digits only: \d would accept full-width ones
OTHER_CODE_RE = re.compile(r"[a-z][a-z0-9_]*")


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}/"


class Organisation(models.Model):
    """One node of the tree: the bureau, its departments (处室), districts and schools.

    `path` is a materialised path ("0000000001/0000000004/0000000027/") so that a subtree is one
    indexed prefix query and ordering by path lists the tree depth-first.
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    code = models.CharField(
        _("代码"), max_length=40, blank=True, help_text=_("学校填写10位国家学校标识码；处室和区县填写简称代码，如 office")
    )
    school_type = models.CharField(_("学校类型"), max_length=20, choices=SchoolType.choices, blank=True)
    ownership = models.CharField(_("办学性质"), max_length=10, choices=Ownership.choices, blank=True)
    # 农村学校: a 校长工作坊's members must include one (沈教发〔2021〕17号).
    is_rural = models.BooleanField(_("农村学校"), default=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
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
                fields=["kind", "code"],
                condition=~Q(code=""),
                name="org_unique_code_per_kind",
                violation_error_message=_("同类组织中已有使用此代码（学校标识码）的组织。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        """0 for the bureau, 1 for departments and districts, 2 for schools."""
        return max(self.path.count("/") - 1, 0)

    def clean(self):
        self._clean_parent()
        if self.kind == OrgKind.SCHOOL:
            self._clean_school()
        else:
            self._clean_non_school()

    def _clean_parent(self):
        if not self.kind:
            return
        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind not in PARENT_KINDS[self.kind]:
            raise ValidationError({"parent": PARENT_KIND_ERRORS[self.kind]})
        if self.path and Organisation.objects.filter(pk=self.parent_id, path__startswith=self.path).exists():
            raise ValidationError({"parent": _("不能把组织移到它自己或它的下级之下。")})
        if self.kind == OrgKind.BUREAU:
            other = Organisation.objects.filter(kind=OrgKind.BUREAU).exclude(pk=self.pk).first()
            if other is not None:
                raise ValidationError(
                    {"kind": _("已有市教育局“%(name)s”：组织树只能有一个根。") % {"name": other.name}}
                )
        if self.pk:
            allowed_child_kinds = {k for k, parents in PARENT_KINDS.items() if self.kind in parents}
            if self.children.exclude(kind__in=allowed_child_kinds).exists():
                raise ValidationError(
                    {"kind": _("该组织下有下级组织，不能改为“%(kind)s”。") % {"kind": self.get_kind_display()}}
                )

    def _clean_school(self):
        errors = {}
        if not self.school_type:
            errors["school_type"] = _("学校必须选择学校类型。")
        if not self.ownership:
            errors["ownership"] = _("学校必须选择公办或民办。")
        if not self.code:
            errors["code"] = _("学校必须填写学校标识码。")
        elif not SCHOOL_CODE_RE.fullmatch(self.code):
            errors["code"] = _("学校标识码应为10位数字。")
        if errors:
            raise ValidationError(errors)

    def _clean_non_school(self):
        errors = {}
        if self.school_type:
            errors["school_type"] = _("只有学校才有学校类型。")
        if self.ownership:
            errors["ownership"] = _("只有学校才有办学性质（公办/民办）。")
        if self.code and not OTHER_CODE_RE.fullmatch(self.code):
            errors["code"] = _("代码只能由小写字母、数字和下划线组成，并以字母开头。")
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def save(self, *args, **kwargs):
        # The path needs our own id, so a new node is written twice. Paths are read from the
        # database: an instance loaded before an ancestor moved holds a stale one.
        if self.pk:
            self.path = Organisation.objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""
        super().save(*args, **kwargs)
        parent_path = (
            Organisation.objects.filter(pk=self.parent_id).values_list("path", flat=True).get()
            if self.parent_id
            else ""
        )
        old_path = self.path
        if old_path and parent_path.startswith(old_path):
            raise ValidationError({"parent": _("不能把组织移到它自己或它的下级之下。")})
        new_path = parent_path + path_segment(self.pk)
        if new_path != old_path:
            if old_path:  # moved: re-root the node and its whole subtree in one statement
                Organisation.objects.filter(path__startswith=old_path).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=models.CharField())
                )
            else:
                Organisation.objects.filter(pk=self.pk).update(path=new_path)
        self.path = new_path

    def ancestors(self):
        """From the root down to the parent."""
        ids = [int(x) for x in self.path.strip("/").split("/")[:-1] if x]
        by_id = Organisation.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def subtree(self):
        """This organisation and everything under it (nothing for an unsaved one)."""
        if not self.path:
            return Organisation.objects.none()
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
    staff_number = models.CharField(_("工号"), max_length=30, blank=True)
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


VALID_RANGE_ERROR = _("失效时间必须晚于生效时间。")


def _valid_range_q():
    return Q(valid_from__isnull=True) | Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from"))


def _clean_valid_range(obj):
    if obj.valid_from and obj.valid_until and obj.valid_until <= obj.valid_from:
        raise ValidationError({"valid_until": VALID_RANGE_ERROR})


def _is_current(obj, at=None) -> bool:
    at = at or timezone.now()
    return (obj.valid_from is None or obj.valid_from <= at) and (obj.valid_until is None or obj.valid_until > at)


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
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                name="rolegrant_unique",
                violation_error_message=_("此用户已在该组织担任该角色。"),
            ),
            models.CheckConstraint(
                condition=_valid_range_q(), name="rolegrant_valid_range", violation_error_message=VALID_RANGE_ERROR
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} @ {self.organisation}"

    def clean(self):
        if self.role not in ROLE_ORG_KINDS:
            raise ValidationError({"role": _("未知角色：%(role)s") % {"role": self.role}})
        if self.organisation_id:
            org = self.organisation
            if org.kind not in ROLE_ORG_KINDS[self.role]:
                raise ValidationError(
                    {
                        "organisation": _("角色“%(role)s”不能设在%(kind)s（%(org)s）。")
                        % {"role": self.get_role_display(), "kind": org.get_kind_display(), "org": org.name}
                    }
                )
            if self.role == Role.OFFICE_CLERK and org.code != OFFICE_CODE:
                raise ValidationError({"organisation": _("办公室文书只能设在市教育局办公室。")})
        _clean_valid_range(self)

    @property
    def is_current(self) -> bool:
        return _is_current(self)


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

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="participations", verbose_name=_("用户"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("对象类型"))
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("原因"), max_length=20, choices=ParticipationReason.choices)
    valid_from = models.DateTimeField(_("生效时间"), null=True, blank=True)
    valid_until = models.DateTimeField(_("失效时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id", "reason"],
                name="participation_unique",
                violation_error_message=_("此用户已因同一原因参与该对象。"),
            ),
            models.CheckConstraint(
                condition=_valid_range_q(), name="participation_valid_range", violation_error_message=VALID_RANGE_ERROR
            ),
        ]
        indexes = [models.Index(fields=["user", "content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} · {self.get_reason_display()} · {self.content_type.model}#{self.object_id}"

    def clean(self):
        _clean_valid_range(self)

    @property
    def is_current(self) -> bool:
        return _is_current(self)


from core.orgs.proxy_models import Proxy  # noqa: E402,F401 - a model of this app, in its own file
