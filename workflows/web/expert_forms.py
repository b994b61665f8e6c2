"""The forms of the expert pages: an expert in the pool, a conflict, a draw, a decline. They check
shape only; the rules are the services' (workflows.engine.experts)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.experts.models import MIN_SIZE
from workflows.engine.experts.pool_models import ConflictReason, ExpertField, FieldKind

SEPARATORS = re.compile(r"[,，、;；\s]+")
FIELD_NAMES = {FieldKind.STAGE: "stages", FieldKind.SUBJECT: "subjects", FieldKind.SPECIALTY: "specialties"}


def organisations():
    return Organisation.objects.filter(is_active=True).exclude(kind=OrgKind.BUREAU).order_by("path")


class ExpertForm(forms.Form):
    home = forms.ModelChoiceField(label=_("工作单位"), queryset=Organisation.objects.none(),
                                  help_text=_("与被评审单位相同或同区县时自动回避。"))
    title = forms.CharField(label=_("职称"), max_length=50, required=False)
    stages = forms.CharField(label=_("学段"), max_length=200, required=False, help_text=_("多个用顿号或逗号分隔，如：小学、初中"))
    subjects = forms.CharField(label=_("学科"), max_length=200, required=False)
    specialties = forms.CharField(label=_("专长"), max_length=200, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = organisations()

    def field_values(self) -> dict:
        return {kind: [name for name in SEPARATORS.split(self.cleaned_data[field]) if name]
                for kind, field in FIELD_NAMES.items()}

    @staticmethod
    def initial_for(expert) -> dict:
        named = {field: "、".join(f.name for f in expert.fields.all() if f.kind == kind)
                 for kind, field in FIELD_NAMES.items()}
        return {"home": expert.home_id, "title": expert.title, "note": expert.note, **named}


class NewExpertForm(ExpertForm):
    username = forms.CharField(label=_("用户账号"), max_length=150, help_text=_("专家须已有本系统账号。"))
    field_order = ["username", "home", "title", "stages", "subjects", "specialties", "note"]


class ConflictForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("回避单位"), queryset=Organisation.objects.none(),
                                          help_text=_("含其下属单位。"))
    reason = forms.ChoiceField(label=_("回避原因"), choices=ConflictReason.choices)
    detail = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations()


class DrawForm(forms.Form):
    title = forms.CharField(label=_("评审组名称"), max_length=200, required=False, help_text=_("留空则按事项命名。"))
    size = forms.IntegerField(label=_("评审专家人数"), min_value=MIN_SIZE, max_value=99, initial=5)
    reserves = forms.IntegerField(label=_("候补人数"), min_value=0, max_value=99, initial=2)
    fields = forms.ModelMultipleChoiceField(label=_("要求的专业领域"), queryset=ExpertField.objects.all(),
                                            required=False, widget=forms.CheckboxSelectMultiple,
                                            help_text=_("专家须具备所选全部领域；不选则不限。"))
    campaign = forms.ModelChoiceField(label=_("申报批次"), queryset=None, required=False,
                                      help_text=_("同一批次内优先抽取评审次数少的专家。"))

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("谢绝理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
