"""The form for issuing a 发文 from a list: its type (the active DocumentTypes, data) and text.
Shape only; the rules are workflows.engine.documents'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.docnumbers.models import DocumentType
from workflows.engine.documents.services import TEXT_MAX, TITLE_MAX


class IssueForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("公文类型"), error_messages={"required": _("请选择公文类型。")})
    title = forms.CharField(label=_("发文标题"), max_length=TITLE_MAX,
                            help_text=_("如：关于2026年度……认定结果的决定"))
    opening = forms.CharField(label=_("正文（名单之前）"), max_length=TEXT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    closing = forms.CharField(label=_("结语（名单之后）"), max_length=TEXT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any code is let through to the service, which refuses an unknown one with its own message.
        self.fields["doc_type"].choices = [("", _("请选择"))] + [
            (t.code, str(t)) for t in DocumentType.objects.filter(is_active=True).order_by("code")]
        self.fields["doc_type"].validate = lambda value: None
