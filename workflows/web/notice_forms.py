"""The forms of 公示: the public's objection, and the department's publishing and handling. They
check shape only (lengths, a file field); the rules are the services' (workflows.engine.notices)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(label=_("异议对象"), coerce=int, empty_value=None,
                                   error_messages={"required": _("请选择异议针对的公示对象。"),
                                                   "invalid_choice": _("请选择异议针对的公示对象。")})
    real_name = forms.CharField(label=_("真实姓名"), max_length=50, required=False)
    unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    facts = forms.CharField(label=_("异议事实"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
                            help_text=_("请写明具体事实和依据。不受理匿名异议。"))
    file = forms.FileField(label=_("证明材料（可选）"), required=False)
    email = forms.CharField(label=_("电子邮箱（可选，用于告知处理结果）"), max_length=254, required=False)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("请选择"))] + [(e["pk"], f'{e["rank"]}. {e["name"]}') for e in entries]


class PublishForm(forms.Form):
    title = forms.CharField(label=_("公示标题"), max_length=200)
    days = forms.IntegerField(label=_("公示期（工作日）"), required=False, min_value=1, max_value=250,
                              help_text=_("留空则按项目设置，默认5个工作日。"))
    comment = forms.CharField(label=_("内部说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              help_text=_("仅本处室可见，不在公示页显示。"))


class InvestigateForm(forms.Form):
    note = forms.CharField(label=_("调查情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class HandleForm(forms.Form):
    reason = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             help_text=_("将告知异议人（如留有邮箱）。"))
