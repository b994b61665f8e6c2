"""A programme (申报项目) as data: one year's round of an accreditation or a studio certification,
owned by a city department, with whom it is open to, how it is judged and what it asks for.
Campaigns (workflows.engine.lists.campaign_models.Campaign) point at it. The services are in
`programmes.services`; nothing here checks who may change what.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import OrgKind

NOTICE_DAYS_DEFAULT = 5  # DOMAIN.md: 公示 default 5 working days
NOTICE_DAYS_MAX = 30
VALIDITY_YEARS_MAX = 10
REMIND_DAYS_MAX = 30


class ProgrammeKind(models.TextChoices):
    """The item kinds that run programmes. A kind registered for 发起申报 under another code (the
    test suite's sample) is accepted too: `services.kind_choices`."""

    ACCREDITATION = "accreditation", _("学校认定与评选")
    STUDIO = "studio", _("名优教师工作室认定")


class Outcome(models.TextChoices):
    PASS_FAIL = "pass_fail", _("合格/不合格（按合格分数线）")
    GRADED = "graded", _("评定等级（按评分指标的等级分数段）")


class FileGroup(models.TextChoices):
    """What an evidence slot accepts, in the groups users think in; each is a set of the
    extensions the upload check (workflows.engine.files.uploads.ALLOWED) knows."""

    PDF = "pdf", _("PDF文档")
    IMAGE = "image", _("图片")
    WORD = "word", _("Word/WPS文字")
    EXCEL = "excel", _("Excel/WPS表格")
    SLIDES = "slides", _("演示文稿")
    OFD = "ofd", _("OFD版式文档")


FILE_GROUP_EXTENSIONS = {
    FileGroup.PDF: ("pdf",),
    FileGroup.IMAGE: ("png", "jpg", "jpeg", "gif", "webp"),
    FileGroup.WORD: ("docx", "doc", "wps"),
    FileGroup.EXCEL: ("xlsx", "xls", "et"),
    FileGroup.SLIDES: ("pptx", "ppt", "dps"),
    FileGroup.OFD: ("ofd",),
}


class Programme(models.Model):
    kind = models.CharField(_("事项类别"), max_length=30)
    code = models.SlugField(_("项目代码"), max_length=50,
                            help_text=_("英文小写、数字和连字符，各年度相同，如 new-quality；证书编号和认定期限按它区分"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("项目名称"), max_length=100)
    owner_department = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="programmes",
        limit_choices_to={"kind": OrgKind.DEPARTMENT}, verbose_name=_("主管处室"))
    # SchoolType values, and Ownership values (公办/民办); never empty (the services refuse it).
    school_types = models.JSONField(_("可申报的学校类型"), default=list)
    ownerships = models.JSONField(_("办学性质"), default=list)
    rubric = models.ForeignKey("workflows.Rubric", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="programmes", verbose_name=_("评分指标"),
                               help_text=_("申报批次开始使用后，该版本评分指标即冻结"))
    outcome = models.CharField(_("评审结果"), max_length=20, choices=Outcome.choices, default=Outcome.PASS_FAIL)
    total_quota = models.PositiveIntegerField(_("总名额"), null=True, blank=True, help_text=_("留空表示不限"))
    onsite_visit = models.BooleanField(_("含实地考察"), default=False)
    defence = models.BooleanField(_("含答辩"), default=False)
    notice_days = models.PositiveSmallIntegerField(
        _("公示天数（工作日）"), default=NOTICE_DAYS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(NOTICE_DAYS_MAX)])
    validity_years = models.PositiveSmallIntegerField(
        _("有效期（年）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(VALIDITY_YEARS_MAX)])
    remind_days = models.PositiveSmallIntegerField(
        _("截止前提醒（天）"), default=3, validators=[MaxValueValidator(REMIND_DAYS_MAX)],
        help_text=_("申报截止前多少天提醒尚未提交的学校；0 表示不提醒"))
    doc_type = models.ForeignKey("docnumbers.DocumentType", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("发文类型（文号前缀）"),
                                 help_text=_("认定文件使用的文号前缀，如 决定（沈教发）"))
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies",
                                    verbose_name=_("复制自"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报项目")
        verbose_name_plural = _("申报项目")
        ordering = ["-year", "owner_department_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="programme_unique_code_year"),
            models.UniqueConstraint(fields=["name", "year"], name="programme_unique_name_year"),
            models.CheckConstraint(condition=Q(notice_days__gte=1, notice_days__lte=NOTICE_DAYS_MAX),
                                   name="programme_notice_days_range"),
            models.CheckConstraint(condition=Q(validity_years__gte=1, validity_years__lte=VALIDITY_YEARS_MAX),
                                   name="programme_validity_range"),
            models.CheckConstraint(condition=Q(remind_days__lte=REMIND_DAYS_MAX), name="programme_remind_days_range"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="programme_year_range"),
        ]

    def __str__(self):
        return _("%(name)s（%(year)s年度）") % {"name": self.name, "year": self.year}

    def admits(self, school) -> bool:
        """Whether `school`'s type and 公办/民办 are among those this programme is open to."""
        return school.school_type in self.school_types and school.ownership in self.ownerships


class ProgrammeQuota(models.Model):
    """A district's default seats: copied into each new campaign's district quotas (the campaign's
    own rows are what counts once it exists)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="district_quotas",
                                  verbose_name=_("申报项目"))
    district = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"kind": OrgKind.DISTRICT}, verbose_name=_("区县"))
    quota = models.PositiveIntegerField(_("名额"))

    class Meta:
        verbose_name = _("区县默认名额")
        verbose_name_plural = _("区县默认名额")
        ordering = ["district__path"]
        constraints = [models.UniqueConstraint(fields=["programme", "district"], name="programmequota_unique")]

    def __str__(self):
        return f"{self.district} · {self.quota}"


class EvidenceSlot(models.Model):
    """One kind of file the application asks for (材料类别): 自评报告, 佐证材料…"""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="slots",
                                  verbose_name=_("申报项目"))
    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("材料名称"), max_length=60)
    required = models.BooleanField(_("必须上传"), default=True)
    accepted = models.JSONField(_("可上传的文件类型"), default=list, blank=True, help_text=_("不选表示系统允许的全部类型"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["programme_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="evidenceslot_unique_code"),
            models.UniqueConstraint(fields=["programme", "name"], name="evidenceslot_unique_name"),
        ]

    def __str__(self):
        return self.name

    def extensions(self) -> tuple[str, ...]:
        """The file extensions this slot takes (empty: every allowed one)."""
        return tuple(ext for group in self.accepted for ext in FILE_GROUP_EXTENSIONS.get(group, ()))


class CampaignNoticeStage(models.TextChoices):
    OPENED = "opened", _("开始申报通知")
    CLOSING = "closing", _("截止前提醒")


class CampaignNoticeSent(models.Model):
    """That a campaign's opening notice (or its reminder before the close) went out: written in the
    transaction that wrote the messages, so the beat sends each stage once and never scans it again."""

    campaign = models.ForeignKey("workflows.Campaign", on_delete=models.CASCADE, related_name="notices_sent",
                                 verbose_name=_("申报批次"))
    stage = models.CharField(_("通知"), max_length=20, choices=CampaignNoticeStage.choices)
    recipients = models.PositiveIntegerField(_("通知人数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报批次通知")
        verbose_name_plural = _("申报批次通知")
        constraints = [models.UniqueConstraint(fields=["campaign", "stage"], name="campaignnotice_once")]
