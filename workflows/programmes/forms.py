"""The programme and campaign pages' forms: what a department's staff types. They check shape
only; the rules (eligibility, the rubric's fit, the window, quotas against seats) are the
services', which say in Chinese what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.docnumbers.models import DocumentType
from core.orgs.models import Organisation, Ownership, SchoolType
from core.orgs.roles import OrgKind
from workflows.engine.rubrics.models import Rubric
from workflows.programmes.models import (
    NOTICE_DAYS_DEFAULT,
    NOTICE_DAYS_MAX,
    REMIND_DAYS_MAX,
    VALIDITY_YEARS_MAX,
    FileGroup,
    Outcome,
)
from workflows.programmes.services import kind_choices

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
QUOTA_PREFIX = "quota_"


def districts():
    return Organisation.objects.filter(kind=OrgKind.DISTRICT, is_active=True).order_by("path")


class DistrictQuotasMixin:
    """One number field per district (`quota_<id>`): empty means no seats of its own."""

    def add_quota_fields(self, initial: dict, label):
        self.districts = list(districts())
        for district in self.districts:
            self.fields[f"{QUOTA_PREFIX}{district.pk}"] = forms.IntegerField(
                label=district.name, min_value=0, max_value=100000, required=False,
                initial=initial.get(district.pk), widget=forms.NumberInput(attrs={"class": "quota"}))
        self.quota_label = label

    def quota_fields(self):
        return [self[f"{QUOTA_PREFIX}{district.pk}"] for district in self.districts]

    def district_quotas(self, *, every=False) -> dict:
        """{district id: seats} of the districts given a number; `every`: the others too, as None
        (an edit: a district left empty loses its seats)."""
        values = {district.pk: self.cleaned_data.get(f"{QUOTA_PREFIX}{district.pk}") for district in self.districts}
        return values if every else {pk: seats for pk, seats in values.items() if seats is not None}


class ProgrammeForm(DistrictQuotasMixin, forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=100)
    code = forms.SlugField(label=_("项目代码"), max_length=50,
                           help_text=_("英文小写、数字和连字符，各年度相同，如 new-quality"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("事项类别"))
    school_types = forms.MultipleChoiceField(label=_("可申报的学校类型"), choices=SchoolType.choices,
                                             widget=forms.CheckboxSelectMultiple)
    ownerships = forms.MultipleChoiceField(label=_("办学性质"), choices=Ownership.choices,
                                           widget=forms.CheckboxSelectMultiple, initial=list(Ownership.values))
    outcome = forms.ChoiceField(label=_("评审结果"), choices=Outcome.choices)
    rubric = forms.ModelChoiceField(label=_("评分指标"), queryset=Rubric.objects.none(), required=False,
                                    help_text=_("本处室的评分指标；申报批次开始后该版本即冻结，不能再修改"))
    total_quota = forms.IntegerField(label=_("总名额"), min_value=0, max_value=100000, required=False,
                                     help_text=_("留空表示不限"))
    onsite_visit = forms.BooleanField(label=_("含实地考察"), required=False)
    defence = forms.BooleanField(label=_("含答辩"), required=False)
    notice_days = forms.IntegerField(label=_("公示天数（工作日）"), min_value=1, max_value=NOTICE_DAYS_MAX,
                                     initial=NOTICE_DAYS_DEFAULT)
    validity_years = forms.IntegerField(label=_("有效期（年）"), min_value=1, max_value=VALIDITY_YEARS_MAX, initial=3)
    remind_days = forms.IntegerField(label=_("截止前提醒（天）"), min_value=0, max_value=REMIND_DAYS_MAX, initial=3,
                                     help_text=_("申报截止前多少天提醒尚未提交的学校；0 表示不提醒"))
    doc_type = forms.ModelChoiceField(label=_("发文类型（文号前缀）"), required=False,
                                      queryset=DocumentType.objects.filter(is_active=True))

    def __init__(self, *args, department, quotas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kind_choices().items())
        self.fields["rubric"].queryset = Rubric.objects.filter(department=department)
        self.add_quota_fields(quotas or {}, _("各区县默认名额"))

    def values(self) -> dict:
        """The programme's fields, for create_programme / edit_programme."""
        data = {name: self.cleaned_data[name] for name in self.base_fields}
        data["school_types"] = list(data["school_types"])
        data["ownerships"] = list(data["ownerships"])
        return data

    @staticmethod
    def initial_for(programme) -> dict:
        return {name: getattr(programme, name) for name in ProgrammeForm.base_fields if name not in
                ("rubric", "doc_type")} | {"rubric": programme.rubric_id, "doc_type": programme.doc_type_id}


class SlotForm(forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=30, required=False)
    name = forms.CharField(label=_("材料名称"), max_length=60, required=False)
    required = forms.BooleanField(label=_("必须上传"), required=False)
    accepted = forms.MultipleChoiceField(label=_("可上传的文件类型"), choices=FileGroup.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple, help_text=_("不选表示全部类型"))

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("code"):
            self.add_error("code", _("请填写材料代码。"))
        return data


SlotFormSet = forms.formset_factory(SlotForm, extra=2)


def slot_values(formset) -> list[dict]:
    """The filled rows of the slots' formset, in order (a row without a name is left out)."""
    return [{"code": row.cleaned_data["code"], "name": row.cleaned_data["name"],
             "required": row.cleaned_data["required"], "accepted": list(row.cleaned_data["accepted"])}
            for row in formset.forms if row.cleaned_data.get("name")]


class CampaignForm(DistrictQuotasMixin, forms.Form):
    name = forms.CharField(label=_("批次名称"), max_length=100, help_text=_("如：2021年度第一批"))
    opens_at = forms.DateTimeField(label=_("申报开始时间"), widget=WHEN, input_formats=WHEN_FORMATS)
    closes_at = forms.DateTimeField(label=_("申报截止时间"), widget=WHEN, input_formats=WHEN_FORMATS)
    formal_review_closes_at = forms.DateTimeField(
        label=_("形式审查截止时间"), widget=WHEN, input_formats=WHEN_FORMATS, required=False,
        help_text=_("此后区县不能再报送推荐名单（含名额释放后的补报）；留空表示不限"))
    total_quota = forms.IntegerField(label=_("总名额"), min_value=0, max_value=100000, required=False,
                                     help_text=_("留空表示不限"))

    def __init__(self, *args, quotas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_quota_fields(quotas or {}, _("各区县名额"))

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("申报截止时间必须晚于开始时间。"))
        return data
