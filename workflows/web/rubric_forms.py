"""The forms of the rubric pages: a rubric's fields, an indicator, the grade bands, a copy. They
check shape only (a number is a number); what is allowed is the services' (rubrics.services,
rubrics.indicator_edits), whose Chinese errors land on the fields they name."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.engine.rubrics.models import ResultRule
from workflows.engine.rubrics.results import plain
from workflows.engine.rubrics.shapes import BY_INDICATOR, BY_SPREAD
from workflows.engine.rubrics.tree import subtree

SEPARATORS = re.compile(r"[,，、;；\s]+")
SPREAD_WORD = gettext_lazy("分差")
BAND_ROWS_EXTRA = 2  # empty rows below the bands there are, to add new ones
BAND_ROWS_MIN = 5


def score_field(label, **kwargs):
    # No min_value here: "满分必须是大于0的数字" is the service's to say, in its words.
    return forms.DecimalField(label=label, max_digits=9, decimal_places=2, **kwargs)


def tie_breaks_text(tie_breaks) -> str:
    """[{"by": "indicator", "code": "B"}, {"by": "spread"}] → "B、分差"."""
    return "、".join(str(SPREAD_WORD) if rule.get("by") == BY_SPREAD else str(rule.get("code", ""))
                    for rule in tie_breaks or ())


class RubricForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    pass_mark = score_field(gettext_lazy("合格分数线"), required=False,
                            help_text=gettext_lazy("留空表示不设合格线（只按等级评定）"))
    result_rule = forms.ChoiceField(label=gettext_lazy("计分规则"), choices=ResultRule.choices)
    tie_breaks = forms.CharField(
        label=gettext_lazy("同分排名规则"), max_length=200, required=False,
        help_text=gettext_lazy("总分相同时依次比较：填指标编号（该项平均分高者在前），或“分差”（专家总分差距小者在前），用顿号分隔，如：B、分差"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_tie_breaks(self):
        words = [word for word in SEPARATORS.split(self.cleaned_data["tie_breaks"]) if word]
        spread = {"分差", str(SPREAD_WORD)}  # the Chinese word in any language, as the help text shows it
        return [{"by": BY_SPREAD} if word in spread else {"by": BY_INDICATOR, "code": word} for word in words]

    @staticmethod
    def initial_for(rubric) -> dict:
        return {"name": rubric.name, "year": rubric.year,
                "pass_mark": plain(rubric.pass_mark) if rubric.pass_mark is not None else None,
                "result_rule": rubric.result_rule, "tie_breaks": tie_breaks_text(rubric.tie_breaks)}


class IndicatorForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("编号"), max_length=20, help_text=gettext_lazy("如 A1、A1.2，在本评分指标中唯一"))
    name = forms.CharField(label=gettext_lazy("指标名称"), max_length=200)
    parent = forms.ChoiceField(label=gettext_lazy("上级指标"), required=False)
    max_score = score_field(gettext_lazy("满分"))
    weight = forms.DecimalField(label=gettext_lazy("权重"), max_digits=6, decimal_places=3, initial=1,
                                help_text=gettext_lazy("得分乘以权重计入总分；默认1"))
    guidance = forms.CharField(label=gettext_lazy("评分说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, rows=(), indicator=None, **kwargs):
        """`rows`: the rubric's tree rows, offered as parents (not the indicator itself or what is under it)."""
        kwargs.setdefault("auto_id", "indicator_%s")  # the rubric page also holds RubricForm (its own name field)
        super().__init__(*args, **kwargs)
        below = {row.indicator.code for row in subtree(rows, indicator)} | {getattr(indicator, "code", None)}
        self.fields["parent"].choices = [("", _("（一级指标）"))] + [
            (row.indicator.code, "　" * row.depth + f"{row.indicator.code} {row.indicator.name}")
            for row in rows if row.indicator.code not in below]

    @staticmethod
    def initial_for(indicator) -> dict:
        return {"code": indicator.code, "name": indicator.name, "parent": indicator.parent.code if indicator.parent_id
                else "", "max_score": plain(indicator.max_score), "weight": plain(indicator.weight),
                "guidance": indicator.guidance}


class BandsForm(forms.Form):
    """One row (等级, 最低分, 最高分) per band, and empty rows to add more; empty rows are dropped."""

    def __init__(self, *args, count=BAND_ROWS_MIN, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count
        for n in range(count):
            self.fields[f"label_{n}"] = forms.CharField(label=_("等级"), max_length=50, required=False)
            self.fields[f"min_{n}"] = score_field(_("最低分（含）"), required=False)
            self.fields[f"max_{n}"] = score_field(_("最高分（含）"), required=False)

    @classmethod
    def for_bands(cls, bands, data=None):
        count = max(len(bands) + BAND_ROWS_EXTRA, BAND_ROWS_MIN)
        if data is not None:
            count = max(count, sum(1 for key in data if key.startswith("label_")))
        initial = {}
        for n, band in enumerate(bands):
            initial.update({f"label_{n}": band.label, f"min_{n}": plain(band.min_score),
                            f"max_{n}": plain(band.max_score) if band.max_score is not None else ""})
        return cls(data, initial=initial, count=count)

    def rows(self):
        """[(label field, min field, max field)] for the template."""
        return [(self[f"label_{n}"], self[f"min_{n}"], self[f"max_{n}"]) for n in range(self.count)]

    def bands(self) -> list[dict]:
        data = self.cleaned_data
        return [{"label": data[f"label_{n}"], "min_score": data[f"min_{n}"], "max_score": data[f"max_{n}"]}
                for n in range(self.count)
                if data[f"label_{n}"].strip() or data[f"min_{n}"] is not None or data[f"max_{n}"] is not None]


class CopyForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("新版本的年度"), min_value=2000, max_value=2100,
                              help_text=gettext_lazy("同一年度为下一版本；填写新的年度即把上一年度的指标复制到该年度"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "copy_%s")  # beside RubricForm's own year field
        super().__init__(*args, **kwargs)
