"""The inspection pages' forms: a plan, and one form per act on a case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.orgs.models import Organisation, SchoolType, User
from core.orgs.roles import OrgKind
from workflows.engine.rubrics.models import Rubric
from workflows.inspection.case_models import Rating
from workflows.inspection.flows import InspectionFlow
from workflows.inspection.plan_models import InspectionKind, TimeoutAction
from workflows.inspection.services.plans import STAGES

SCOPES = (("districts", _("区县")), ("schools", _("所选区县的学校")))


class PlanForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=200)
    kind = forms.ChoiceField(label=_("督导类型"), choices=InspectionKind.choices)
    rubric = forms.ModelChoiceField(label=_("督导指标"), queryset=Rubric.objects.none())
    scope = forms.ChoiceField(label=_("督导对象"), choices=SCOPES, initial="districts")
    districts = forms.ModelMultipleChoiceField(label=_("区县"), required=False,
                                               queryset=Organisation.objects.filter(kind=OrgKind.DISTRICT),
                                               widget=forms.CheckboxSelectMultiple,
                                               help_text=_("督导学校时不选表示全市各区县"))
    school_types = forms.MultipleChoiceField(label=_("学校类型"), required=False, choices=SchoolType.choices,
                                             widget=forms.CheckboxSelectMultiple, help_text=_("不选表示所有类型"))
    timeout_action = forms.ChoiceField(label=_("自评逾期处理"), choices=TimeoutAction.choices)
    visit_from = forms.DateField(label=_("进校督导开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    visit_until = forms.DateField(label=_("进校督导结束日期"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    notice = forms.CharField(label=_("督导通知"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.filter(department=department)
        for stage in STAGES:
            title = InspectionFlow.instance.node(stage).task_title
            self.fields[f"{stage}_days"] = forms.IntegerField(
                label=_("%(stage)s：工作日数") % {"stage": title}, required=False, min_value=1)
            self.fields[f"{stage}_date"] = forms.DateField(
                label=_("%(stage)s：指定日期") % {"stage": title}, required=False,
                widget=forms.DateInput(attrs={"type": "date"}))

    def deadlines(self) -> dict:
        found = {}
        for stage in STAGES:
            days, day = self.cleaned_data.get(f"{stage}_days"), self.cleaned_data.get(f"{stage}_date")
            if days is not None or day is not None:
                found[stage] = {"working_days": days, "due_at": day}
        return found


class SelfAssessmentForm(forms.Form):
    """One score and one evidence note per indicator of the plan, and the evidence files."""

    comment = forms.CharField(label=_("自评报告摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators.values())
        for indicator in self.indicators:
            self.fields[f"score_{indicator.code}"] = forms.DecimalField(
                label=_("%(indicator)s 自评分（满分%(max)s）") % {"indicator": indicator, "max": indicator.max_score},
                min_value=0, max_value=indicator.max_score, decimal_places=2, help_text=indicator.guidance)
            self.fields[f"evidence_{indicator.code}"] = forms.CharField(
                label=_("%(code)s 佐证说明") % {"code": indicator.code}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))

    def scores(self) -> dict:
        return {i.code: {"score": self.cleaned_data[f"score_{i.code}"],
                         "evidence": self.cleaned_data[f"evidence_{i.code}"]} for i in self.indicators}


class TeamForm(forms.Form):
    members = forms.ModelMultipleChoiceField(label=_("督导组成员"), queryset=User.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    leader = forms.ModelChoiceField(label=_("组长"), queryset=User.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        pks = [user.pk for user in candidates]
        for name in ("members", "leader"):
            self.fields[name].queryset = User.objects.filter(pk__in=pks)


class FindingForm(forms.Form):
    indicator = forms.CharField(label=_("指标编号"), max_length=20)
    score = forms.DecimalField(label=_("评分"), required=False, decimal_places=2)
    text = forms.CharField(label=_("督导发现"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("佐证（照片、记录说明）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("总体评价"), choices=Rating.choices)
    summary = forms.CharField(label=_("评价意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TextForm(forms.Form):
    """One text field: the answer (申辩), the plan, the report, the rectifications, a reason."""

    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, label, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].required = required


class ReviewForm(forms.Form):
    accepted = forms.TypedChoiceField(label=_("复查结论"), coerce=lambda value: value == "yes",
                                      choices=(("yes", _("整改到位，复查通过")), ("no", _("整改不到位，重新整改"))))
    comment = forms.CharField(label=_("复查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateField(label=_("重新整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          help_text=_("不填则按整改报告环节的时限重新计算"))
