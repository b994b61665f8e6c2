"""The item page's forms for extension requests (延期申请). Like the other forms they only read
input: whether a date is late enough, a reason given, a refusal explained, is the services' rule
(workflows.engine.deadlines.extension_services), whose errors come back onto these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.engine.deadlines.extension_services import REASON_MAX
from workflows.web.forms import COMMENT_MAX, DATE_ERROR, DateInput


class _Prefixed(forms.Form):
    """Many of these forms on one page: each form's fields get ids under its own prefix."""

    def __init__(self, *args, prefix_id: str, **kwargs):
        super().__init__(*args, prefix=prefix_id, **kwargs)


class ExtensionAskForm(_Prefixed):
    due_date = forms.DateField(label=_("希望延至"), widget=DateInput, help_text=_("当日17:30到期；须晚于当前期限。"),
                               error_messages={"invalid": DATE_ERROR, "required": _("请填写希望延至的日期。")})
    reason = forms.CharField(label=_("延期理由"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写延期理由。")})


class ExtensionGrantForm(_Prefixed):
    due_date = forms.DateField(label=_("同意延至"), widget=DateInput, required=False,
                               help_text=_("可以改动；须晚于当前期限。"), error_messages={"invalid": DATE_ERROR})
    comment = forms.CharField(label=_("审批意见"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRefuseForm(_Prefixed):
    comment = forms.CharField(label=_("不同意的理由"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("不同意延期时必须填写审批意见。")})
