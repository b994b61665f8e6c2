"""The studio kind's models: its Item proxy, its details (host, plan), its members, the host and
member rules of each programme (data), member changes during the term and the annual extras
(plan, activities, the district's rating) beside the tenure's AnnualReport."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item
from workflows.engine.tenure.models import Rating


class Studio(Item):
    KIND = "studio"
    REF_PREFIX = "GZS"
    CAMPAIGN_LOOKUP = "studio_details__campaign"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SCHOOL_ENDORSE = "school_endorse", _("学校推荐中")
        DISTRICT_ENDORSE = "district_endorse", _("区县推荐审核中")
        DISTRICT_RECOMMEND = "district_recommend", _("区县推荐名单中")
        CITY_REVIEW = "city_review", _("市局处室审核中")
        EXPERT_REVIEW = "expert_review", _("专家评审中")
        DEFENCE = "defence", _("答辩中")
        CITY_DECISION = "city_decision", _("市局决定中")
        NOTICE = "notice", _("公示中")
        RETURNED = "returned", _("退回修改")
        CERTIFIED = "certified", _("已认定")
        REJECTED = "rejected", _("未通过")
        LAPSED = "lapsed", _("逾期未重新提交")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})

    class Meta:
        proxy = True
        verbose_name = _("名优教师工作室")
        verbose_name_plural = _("名优教师工作室")

    def snapshot_fields(self) -> dict:
        details = StudioDetails.objects.filter(item=self).first()
        if details is None:
            return super().snapshot_fields()
        members = StudioMember.objects.filter(studio=self).exclude(state=MemberState.LEFT) \
            .order_by("pk").values_list("person_id", flat=True)
        return {**super().snapshot_fields(), "host_title": details.host_title, "host_honour": details.host_honour,
                "subject": details.subject, "stage": details.stage, "plan": details.plan, "members": list(members)}

    @classmethod
    def snapshot_labels(cls) -> dict:
        return {**super().snapshot_labels(), "host_title": str(_("主持人职称")), "host_honour": str(_("主持人荣誉")),
                "subject": str(_("学科")), "stage": str(_("学段")), "plan": str(_("三年发展规划")),
                "members": str(_("成员"))}


class StudioType(models.TextChoices):
    TEACHER = "teacher", _("名优教师工作室")
    PRINCIPAL = "principal", _("名优校长工作坊")
    HEADTEACHER = "headteacher", _("名班主任工作室")
    MASTER = "master", _("大师工作室")


class HostTitle(models.TextChoices):
    """职称, lowest first: a rule's minimum is compared by this order."""

    NONE = "none", _("未定级")
    THIRD = "third", _("三级")
    SECOND = "second", _("二级")
    FIRST = "first", _("一级")
    SENIOR = "senior", _("高级")
    FULL_SENIOR = "full_senior", _("正高级")


class HostHonour(models.TextChoices):
    """荣誉, lowest first."""

    NONE = "none", _("无")
    DISTRICT_BACKBONE = "district_backbone", _("区县骨干教师（校长）")
    CITY_BACKBONE = "city_backbone", _("市骨干教师（校长）")
    CITY_MASTER = "city_master", _("市名师（名校长）")
    PROVINCIAL = "provincial", _("省级及以上名师（特级教师）")


def rank(choices, value) -> int:
    return list(choices.values).index(value) if value in choices.values else -1


class StudioRules(models.Model):
    """One programme's studio rules, data a department sets: the type of studio it certifies, who
    may host (a title or an honour at least this high: either suffices), how many members, from
    how many schools and whether one must be rural, and whether the district endorses instead of
    the school (a 校长工作坊, whose host is the principal)."""

    programme = models.OneToOneField("workflows.Programme", on_delete=models.CASCADE, related_name="studio_rules",
                                     verbose_name=_("申报项目"))
    studio_type = models.CharField(_("工作室类型"), max_length=20, choices=StudioType.choices)
    min_title = models.CharField(_("主持人职称至少"), max_length=20, choices=HostTitle.choices,
                                 default=HostTitle.FULL_SENIOR)
    min_honour = models.CharField(_("或主持人荣誉至少"), max_length=20, choices=HostHonour.choices,
                                  default=HostHonour.CITY_BACKBONE)
    min_members = models.PositiveSmallIntegerField(_("成员至少（人）"), default=5)
    max_members = models.PositiveSmallIntegerField(_("成员至多（人）"), default=10)
    min_schools = models.PositiveSmallIntegerField(_("成员来自学校至少（所）"), default=1)
    rural_required = models.BooleanField(_("成员须含农村学校"), default=False)
    district_endorses = models.BooleanField(_("由区县推荐审核（代替学校推荐）"), default=False)

    class Meta:
        verbose_name = _("工作室申报条件")
        verbose_name_plural = _("工作室申报条件")
        constraints = [models.CheckConstraint(condition=Q(max_members__gte=models.F("min_members")),
                                              name="studiorules_members_range")]

    def __str__(self):
        return str(self.programme)


class StudioDetails(models.Model):
    """The application's own fields: its campaign, the host and the three-year plan."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, primary_key=True, related_name="studio_details")
    campaign = models.ForeignKey("workflows.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("申报批次"))
    studio_type = models.CharField(_("工作室类型"), max_length=20, choices=StudioType.choices)
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("主持人"))
    host_title = models.CharField(_("主持人职称"), max_length=20, choices=HostTitle.choices)
    host_honour = models.CharField(_("主持人荣誉"), max_length=20, choices=HostHonour.choices)
    subject = models.CharField(_("学科"), max_length=30, blank=True)
    stage = models.CharField(_("学段"), max_length=30, blank=True)
    plan = models.TextField(_("三年发展规划"))

    class Meta:
        verbose_name = _("工作室申报内容")
        verbose_name_plural = _("工作室申报内容")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("学科带头人")
    BACKBONE = "backbone", _("骨干教师")
    YOUNG = "young", _("青年教师")
    MEMBER = "member", _("成员")


class MemberState(models.TextChoices):
    PROPOSED = "proposed", _("申报中")
    ACTIVE = "active", _("在册")
    LEFT = "left", _("已退出")


class StudioMember(models.Model):
    """A person in a studio: proposed while it applies, active while it is certified, left after.
    One active studio per person is the database's rule (the partial unique index)."""

    studio = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="studio_members", verbose_name=_("工作室"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="studio_memberships",
                               verbose_name=_("成员"))
    # The member's school when added: the rule on schools (and rural ones) counts these.
    school = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("所在学校"))
    role = models.CharField(_("成员类别"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    state = models.CharField(_("状态"), max_length=10, choices=MemberState.choices, default=MemberState.PROPOSED)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    left_reason = models.CharField(_("退出原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("工作室成员")
        verbose_name_plural = _("工作室成员")
        ordering = ["studio_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(state="active"),
                                    name="studio_member_one_active_studio"),
            models.UniqueConstraint(fields=["studio", "person"], condition=~Q(state="left"),
                                    name="studio_member_once_per_studio"),
        ]

    def __str__(self):
        return f"{self.person} @ {self.studio_id}"


class ChangeAction(models.TextChoices):
    ADD = "add", _("增加成员")
    REMOVE = "remove", _("减少成员")


class ChangeState(models.TextChoices):
    SCHOOL = "school", _("待学校审核")
    DEPARTMENT = "department", _("待主管处室审核")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class MemberChange(models.Model):
    """A member change during the term: the host asks, the school and then the department approve."""

    studio = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="studio_member_changes",
                               verbose_name=_("工作室"))
    action = models.CharField(_("变更"), max_length=10, choices=ChangeAction.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("人员"))
    role = models.CharField(_("成员类别"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    reason = models.TextField(_("变更理由"))
    state = models.CharField(_("状态"), max_length=12, choices=ChangeState.choices, default=ChangeState.SCHOOL)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    school_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("学校审核人"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("处室审核人"))
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("成员变更")
        verbose_name_plural = _("成员变更")
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["studio", "person"],
                                               condition=Q(state__in=["school", "department"]),
                                               name="member_change_one_open_per_person")]


class ActivityKind(models.TextChoices):
    OPEN_LESSON = "open_lesson", _("公开课")
    LESSON_REVIEW = "lesson_review", _("听评课")
    RESEARCH = "research", _("课题")
    RESULT = "result", _("成果")


class AnnualExtra(models.Model):
    """What a studio's annual report carries beyond the tenure's summary: the year's plan, and
    the district's rating, which comes before the city's (the tenure's own rating)."""

    report = models.OneToOneField("workflows.AnnualReport", on_delete=models.CASCADE, primary_key=True,
                                  related_name="studio_extra", verbose_name=_("年度考核"))
    plan = models.TextField(_("年度计划"))
    district_rating = models.CharField(_("区县考核结果"), max_length=10, choices=Rating.choices, blank=True)
    district_note = models.TextField(_("区县考核意见"), blank=True)
    district_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("区县考核人"))
    district_at = models.DateTimeField(_("区县考核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作室年度考核")
        verbose_name_plural = _("工作室年度考核")


class Activity(models.Model):
    """One activity record of a year's report: 公开课, 听评课, 课题 or a result."""

    report = models.ForeignKey(AnnualExtra, on_delete=models.CASCADE, related_name="activities",
                               verbose_name=_("年度考核"))
    kind = models.CharField(_("类别"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("工作室活动")
        verbose_name_plural = _("工作室活动")
        ordering = ["report_id", "held_on", "pk"]
