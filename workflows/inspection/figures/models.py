"""数据采集's tables: figure sets as data (figures, cross-field rules, indicators with formulas),
collections with their targets and each target's submitted figures.

A figure set is what an evaluation asks for: the raw figures (要素) each target types, never a
ratio; the rules between figures; the indicators computed from them by formulas
(workflows.inspection.figures.formulas) with thresholds per section (小学 / 初中, or the county).
A collection (数据采集) asks one figure set of its targets for a year; a target is a school
(matched by its 学校标识码, Organisation.code) or, for a county-level set, the district itself."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.inspection.figures.formulas import FormulaError, parse


class Method(models.TextChoices):
    BALANCED = "balanced", _("义务教育优质均衡")
    PRESCHOOL = "preschool", _("县域学前教育普及普惠")


class Section(models.TextChoices):
    """The part of a target a return is for: a 九年一贯制 school files its 小学部 and 初中部 apart."""

    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    COUNTY = "county", _("县域")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", _("不低于")
    AT_MOST = "lte", _("不高于")


class FigureSet(models.Model):
    """One evaluation's figures, rules and indicators, with its computation's parameters (data):
    `weight_figure` (the students each school's 差异系数 is weighted by), `cv_limits`
    ({section: limit}), `min_met` and `near_ratio` (at least 6 of 7 met, the 7th at ≥85%),
    `min_schools` (差异系数 needs at least 2), `exclusions` (who is left out, and why)."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    method = models.CharField(_("计算方法"), max_length=20, choices=Method.choices)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    weight_figure = models.CharField(_("加权要素"), max_length=40, blank=True)
    cv_limits = models.JSONField(_("差异系数上限"), default=dict, blank=True)
    min_met = models.PositiveSmallIntegerField(_("至少达标指标数"), null=True, blank=True)
    near_ratio = models.DecimalField(_("未达标指标须达到标准的比例"), max_digits=4, decimal_places=2, null=True,
                                     blank=True)
    min_schools = models.PositiveSmallIntegerField(_("计算差异系数的最少学校数"), default=2)
    exclusions = models.JSONField(_("不参与计算的学校"), default=list, blank=True, help_text=_(
        '如 [{"school_types": ["special"], "reason": "特殊教育学校"}, '
        '{"teaching_point": true, "students_below": 50, "reason": "不足50人的教学点"}]'))

    class Meta:
        verbose_name = _("数据采集要素集")
        verbose_name_plural = _("数据采集要素集")

    def __str__(self):
        return self.name


class Figure(models.Model):
    """One raw figure (要素): what the target types, in its unit, to `decimals` places, in range."""

    figure_set = models.ForeignKey(FigureSet, on_delete=models.CASCADE, related_name="figures",
                                   verbose_name=_("要素集"))
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    decimals = models.PositiveSmallIntegerField(_("小数位数"), default=0)
    min_value = models.DecimalField(_("最小值"), max_digits=16, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("最大值"), max_digits=16, decimal_places=4, null=True, blank=True)
    positive = models.BooleanField(_("必须大于0"), default=False)
    help_text = models.CharField(_("填写说明"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("要素")
        verbose_name_plural = _("要素")
        ordering = ["figure_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["figure_set", "code"], name="figure_unique_code")]

    def __str__(self):
        return f"{self.name}（{self.unit}）" if self.unit else self.name


class FigureRule(models.Model):
    """A cross-field rule written as data: `left` `comparison` `right`, both formulas
    ("backbone_teachers" ≤ "teachers"), with the Chinese message a failing return shows."""

    figure_set = models.ForeignKey(FigureSet, on_delete=models.CASCADE, related_name="rules",
                                   verbose_name=_("要素集"))
    left = models.CharField(_("左边"), max_length=300)
    comparison = models.CharField(_("关系"), max_length=3, choices=Comparison.choices)
    right = models.CharField(_("右边"), max_length=300)
    message = models.CharField(_("不满足时的提示"), max_length=200)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("要素校验规则")
        verbose_name_plural = _("要素校验规则")
        ordering = ["figure_set", "order", "pk"]

    def __str__(self):
        return self.message

    def clean(self):
        check_formulas(self.figure_set_id, left=self.left, right=self.right)


class FigureIndicator(models.Model):
    """An indicator derived by `formula` from the figures, met when it is `comparison` its
    threshold for the section (`thresholds`: {"primary": "4.2", "junior": "5.3"} or {"county": "85"})."""

    figure_set = models.ForeignKey(FigureSet, on_delete=models.CASCADE, related_name="indicators",
                                   verbose_name=_("要素集"))
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    formula = models.CharField(_("计算公式"), max_length=300)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    decimals = models.PositiveSmallIntegerField(_("显示小数位数"), default=2)
    comparison = models.CharField(_("达标条件"), max_length=3, choices=Comparison.choices,
                                  default=Comparison.AT_LEAST)
    thresholds = models.JSONField(_("标准值"), default=dict)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("计算指标")
        verbose_name_plural = _("计算指标")
        ordering = ["figure_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["figure_set", "code"], name="figureindicator_unique_code")]

    def __str__(self):
        return self.name

    def clean(self):
        check_formulas(self.figure_set_id, formula=self.formula)


def check_formulas(figure_set_id, **formulas) -> None:
    """Each formula readable over the set's figure codes (formulas.parse), else a Chinese error on its field."""
    codes = list(Figure.objects.filter(figure_set_id=figure_set_id).values_list("code", flat=True))
    errors = {}
    for name, text in formulas.items():
        try:
            parse(text, codes)
        except FormulaError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)


class FigureCollection(models.Model):
    """数据采集: one figure set asked of its targets for a year, owned by a city department (the
    督导室). `plan_ref` is the hook an inspection plan or case fills in to name it (nullable)."""

    figure_set = models.ForeignKey(FigureSet, on_delete=models.PROTECT, related_name="collections",
                                   verbose_name=_("要素集"))
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    department = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("主管处室"))
    plan_ref = models.CharField(_("关联督导计划"), max_length=60, blank=True, db_index=True)
    is_open = models.BooleanField(_("接受填报"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+", verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("数据采集")
        verbose_name_plural = _("数据采集")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return f"{self.name}（{self.year}）"


class FigureTarget(models.Model):
    """Who supplies figures in a collection: a school, or (a county-level set) a district.
    `district` is the target's district, kept for scope and grouping; `teaching_point` and
    `excluded_reason` are the data the exclusions read."""

    collection = models.ForeignKey(FigureCollection, on_delete=models.CASCADE, related_name="targets",
                                   verbose_name=_("数据采集"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("填报单位"))
    district = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("所属区县"))
    teaching_point = models.BooleanField(_("教学点"), default=False)
    excluded_reason = models.CharField(_("不参与计算的原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("填报单位")
        verbose_name_plural = _("填报单位")
        ordering = ["collection", "district", "organisation__path"]
        constraints = [models.UniqueConstraint(fields=["collection", "organisation"], name="figuretarget_unique")]

    def __str__(self):
        return str(self.organisation)


class FigureReturn(models.Model):
    """One target's figures for one section ({code: "decimal"}), as last submitted."""

    target = models.ForeignKey(FigureTarget, on_delete=models.CASCADE, related_name="returns",
                               verbose_name=_("填报单位"))
    section = models.CharField(_("学段"), max_length=10, choices=Section.choices)
    values = models.JSONField(_("要素值"), default=dict)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("填报人"))
    submitted_at = models.DateTimeField(_("填报时间"), auto_now=True)
    imported = models.BooleanField(_("由区县导入"), default=False)

    class Meta:
        verbose_name = _("要素填报")
        verbose_name_plural = _("要素填报")
        constraints = [models.UniqueConstraint(fields=["target", "section"], name="figurereturn_unique")]

    def __str__(self):
        return f"{self.target} · {self.get_section_display()}"
