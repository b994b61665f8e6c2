"""The pages' forms: the list filter, and the comment-and-files forms behind the action buttons.

Forms only read input. Whether a decision is allowed (a comment on return and reject, a declared
return step, the files' type and size) is the services' rule; their ValidationErrors are put back
onto these forms (workflows.web.errors.add_service_error).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.campaign_models import Campaign
from workflows.engine.models import Outcome, kind_models
from workflows.engine.services.proxies import user_named

COMMENT_MAX = 2000
DATE_ERROR = _("日期格式应为“年-月-日”，如 2021-09-30。")


def kind_choices():
    kinds = sorted(kind_models().items())
    return [("", _("全部类别"))] + [(code, model._meta.verbose_name) for code, model in kinds]


def status_choices():
    """Every status code of every kind, labelled by the first kind that has it."""
    labels = {}
    for _code, model in sorted(kind_models().items()):
        for value, label in model.Status.choices:
            labels.setdefault(value, label)
    return [("", _("全部状态"))] + list(labels.items())


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be YYYY-MM-DD whatever the locale's date format
    (zh-hans renders 2021/10/20, which the picker drops)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's own argument name
        super().__init__(attrs, format)


class ItemFilterForm(forms.Form):
    """Search and filters shared by every list; `sorts` are the orders the list offers."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        help_text=_("编号、学校或标题中的文字"))
    kind = forms.ChoiceField(label=_("类别"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    district = forms.ModelChoiceField(
        label=_("区县"), required=False, empty_label=_("全部区县"),
        queryset=Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path"),
    )
    campaign = forms.ModelChoiceField(label=_("申报批次"), required=False, empty_label=_("全部批次"),
                                      queryset=Campaign.objects.all())
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": _("年度应为四位数字，如 2021。")})
    created_after = forms.DateField(label=_("创建日期从"), required=False, widget=DateInput,
                                    error_messages={"invalid": DATE_ERROR})
    created_before = forms.DateField(label=_("创建日期至"), required=False, widget=DateInput,
                                     error_messages={"invalid": DATE_ERROR})
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    sort = forms.ChoiceField(label=_("排序"), required=False)

    def __init__(self, *args, sorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        self.fields["status"].choices = status_choices()
        self.fields["sort"].choices = [(key, label) for key, (label, _order) in sorts.items()]
        self.sorts = sorts
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"filter-{name}")

    def clean(self):
        data = super().clean()
        start, end = data.get("created_after"), data.get("created_before")
        if start and end and start > end:
            self.add_error("created_before", _("结束日期不能早于开始日期。"))
        return data

    def sorter(self):
        """The chosen order (the list's first by default), as a function of a queryset."""
        return self.sorts[self.cleaned_data.get("sort") or next(iter(self.sorts))][1]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ActForm(forms.Form):
    """A comment and files: what every act may carry."""

    comment = forms.CharField(label=_("审批意见"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"{prefix_id}{name}")


class DecisionForm(ActForm):
    """通过 / 退回 / 驳回 on one step: the button pressed is the outcome."""

    OUTCOMES = (Outcome.APPROVE, Outcome.RETURN, Outcome.REJECT)

    outcome = forms.ChoiceField(choices=[(o.value, o.label) for o in OUTCOMES],
                                error_messages={"required": _("请选择通过、退回或驳回。"),
                                                "invalid_choice": _("请选择通过、退回或驳回。")})
    to = forms.ChoiceField(label=_("退回至"), required=False)

    def __init__(self, *args, return_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = list(return_choices)
        if not return_choices:
            del self.fields["to"]


class ResubmitForm(ActForm):
    comment = forms.CharField(label=_("修改说明"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    comment = forms.CharField(label=_("撤回原因"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 2, "id": "withdraw-comment"}))


class ProxyForm(forms.Form):
    """委托: whom, from when to when (both days included), why. The rules are create_proxy's."""

    # The page lists the eligible colleagues (services.proxy_candidates) in a <datalist> of this id.
    proxy = forms.CharField(label=_("代理人用户名"), max_length=150,
                            widget=forms.TextInput(attrs={"list": "proxy-candidates", "autocomplete": "off"}))
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput, error_messages={"invalid": DATE_ERROR})
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput, error_messages={"invalid": DATE_ERROR})
    reason = forms.CharField(label=_("委托原因"), max_length=200)

    def clean_proxy(self):
        return user_named(self.cleaned_data["proxy"])


class UrgeForm(forms.Form):
    comment = forms.CharField(label=_("催办留言"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
