"""The forms of 常态督导's pages. They only read what was typed; every rule is the services'."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from workflows.inspection.routine.models import VisitKind
from workflows.web.forms import MultipleFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people_with_inspector_role():
    holders = RoleGrant.objects.active().filter(role=Role.INSPECTOR).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=holders).order_by("full_name", "pk")


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class SchoolChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} · {obj.name}" if obj.parent_id else obj.name


class ZoneForm(forms.Form):
    name = forms.CharField(label=_("责任区名称"), max_length=100)
    inspector = UserChoice(label=_("责任督学"), queryset=get_user_model().objects.none())
    schools = SchoolChoices(label=_("学校"), required=False, queryset=Organisation.objects.none(),
                            widget=forms.SelectMultiple(attrs={"size": 12}),
                            help_text=_("按住 Ctrl 可多选；一所学校同时只能属于一个责任区。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = _people_with_inspector_role()
        self.fields["schools"].queryset = (Organisation.objects.filter(kind=OrgKind.SCHOOL, is_active=True)
                                           .select_related("parent").order_by("path"))


class VisitForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=Organisation.objects.none())
    visited_on = forms.DateField(label=_("督导日期"), widget=DATE)
    kinds = forms.MultipleChoiceField(label=_("督导方式"), choices=VisitKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    findings = forms.CharField(label=_("发现的问题与情况"), widget=forms.Textarea(attrs={"rows": 6}))
    photos = MultipleFileField(label=_("现场照片"), required=False,
                               help_text=_("PNG、JPEG、GIF或WebP图片，最多10张。"))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["visited_on"].initial = timezone.localdate()


class NoticeForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("通知书标题"), max_length=200)
    problems = forms.CharField(label=_("存在的问题"), widget=forms.Textarea(attrs={"rows": 5}))
    requirements = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 5}))
    working_days = forms.IntegerField(label=_("整改期限（工作日）"), initial=20)
    visit = forms.IntegerField(label=_("督导记录编号"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ReportForm(forms.Form):
    text = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("附件"), required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("督学意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("退回时必须填写退回理由。"))
    working_days = forms.IntegerField(label=_("重新报告期限（工作日）"), required=False,
                                      help_text=_("仅退回时使用；不填则与原期限相同。"))


class MonthForm(forms.Form):
    month = forms.DateField(label=_("月份"), required=False, input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
