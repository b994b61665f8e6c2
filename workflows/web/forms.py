"""The pages' forms: the list filter, and the comment-and-files forms behind the action buttons.

Forms only read input. Whether a decision is allowed (a comment on return and reject, a declared
return step, the files' type and size) is the services' rule; their ValidationErrors are put back
onto these forms (workflows.web.errors.add_service_error).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.acts import COMMENT_MAX
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.models import Item, kind_models
from workflows.web.picker import person_field, set_people

DATE_ERROR = _("日期格式应为“年-月-日”，如 2021-09-30。")


def kind_choices():
    """The kinds that have items (one query): a kind nobody has applied for would find nothing."""
    used = set(Item.objects.order_by().values_list("kind", flat=True).distinct())
    kinds = sorted((code, model) for code, model in kind_models().items() if code in used)
    return [("", _("全部类别"))] + [(code, model._meta.verbose_name) for code, model in kinds]


def status_choices():
    """Every status of every kind, once per label: kinds that name a status alike ("市局审核中")
    share one choice, whose value is all their codes joined by commas (search_items splits it)."""
    codes: dict[str, list[str]] = {}
    for _code, model in sorted(kind_models().items()):
        for value, label in model.Status.choices:
            same = codes.setdefault(str(label), [])
            if value not in same:
                same.append(value)
    return [("", _("全部状态"))] + [(",".join(values), label) for label, values in codes.items()]


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
                                      queryset=Campaign.objects.select_related("programme"))  # its name is the programme's
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
    """The decisions a step offers the reader (workflows.engine.acts), one button each: the button
    pressed is the act. With one act (重新提交) the button need not say which."""

    outcome = forms.CharField(required=False, max_length=20)  # checked against the acts in clean_outcome
    to = forms.ChoiceField(label=_("退回至"), required=False)

    def __init__(self, *args, acts=(), return_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.acts = tuple(acts)
        if len(self.acts) == 1:
            self.fields["comment"].label = self.acts[0].comment_label
        if return_choices and any(act.takes_target for act in self.acts):
            self.fields["to"].choices = list(return_choices)
        else:
            del self.fields["to"]

    @property
    def comment_required_by(self) -> list:
        """The acts that need a comment, for the hint under the box."""
        return [act for act in self.acts if act.comment_required]

    def clean_outcome(self):
        chosen = self.cleaned_data.get("outcome") or (self.acts[0].name if len(self.acts) == 1 else "")
        if chosen not in {act.name for act in self.acts}:
            labels = [str(act.label) for act in self.acts]
            choice = labels[-1] if len(labels) == 1 else (
                _("%(some)s或%(last)s") % {"some": _("、").join(labels[:-1]), "last": labels[-1]})
            raise forms.ValidationError(_("请选择%(acts)s。") % {"acts": choice}, code="invalid_choice")
        return chosen


class WithdrawForm(forms.Form):
    # Whether a reason is given is withdraw_item's rule; the box says it is needed.
    comment = forms.CharField(label=_("撤回原因（必填）"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 2, "id": "withdraw-comment"}))


class ProxyForm(forms.Form):
    """委托: whom (one of the eligible colleagues, chosen by name), from when to when (both days
    included), why. The rules are create_proxy's, which checks the person again."""

    proxy = person_field(_("代理人"), error_messages={"required": _("请选择代理人。")})
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput, error_messages={"invalid": DATE_ERROR})
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput, error_messages={"invalid": DATE_ERROR})
    reason = forms.CharField(label=_("委托原因"), max_length=200)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {candidate.user.pk: candidate.user for candidate in candidates}
        set_people(self.fields["proxy"], candidates)

    def clean_proxy(self):
        return self.people[self.cleaned_data["proxy"]]


class UrgeForm(forms.Form):
    comment = forms.CharField(label=_("催办留言"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
