"""The forms of life after approval: the list's filter and one form per act. They check shape
only; the rules are the services' (workflows.engine.tenure). The text of an act is `comment`, so
that the confirm page (workflows/confirm.html) sends it back unchanged."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.engine.tenure.models import Rating, ReassessmentOutcome, TenureState

TEXT = forms.Textarea(attrs={"rows": 4})


class TenureFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + TenureState.choices)
    expiring = forms.BooleanField(label=_("只看即将到期（90天内）"), required=False)


class RevokeForm(forms.Form):
    comment = forms.CharField(label=_("撤销理由"), widget=TEXT, required=False,
                              help_text=_("必须填写；将告知认定对象，并写入撤销决定。"))


class ReportForm(forms.Form):
    comment = forms.CharField(label=_("年度总结"), widget=forms.Textarea(attrs={"rows": 10}), required=False)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("考核结果"), choices=Rating.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("请选择考核结果：优秀、合格或不合格。"),
                                               "invalid_choice": _("请选择考核结果：优秀、合格或不合格。")})
    comment = forms.CharField(label=_("考核意见"), widget=TEXT, required=False,
                              help_text=_("评为不合格必须填写。"))


class ReassessForm(forms.Form):
    comment = forms.CharField(label=_("复核事由"), widget=TEXT, required=False)


OUTCOMES = [(ReassessmentOutcome.CONFIRMED, ReassessmentOutcome.CONFIRMED.label),
            (ReassessmentOutcome.FAILED, ReassessmentOutcome.FAILED.label)]


class RecordForm(forms.Form):
    outcome = forms.ChoiceField(label=_("复核结果"), choices=OUTCOMES, widget=forms.RadioSelect,
                                error_messages={"required": _("请选择复核结果：通过或不通过。"),
                                                "invalid_choice": _("请选择复核结果：通过或不通过。")})
    comment = forms.CharField(label=_("复核意见"), widget=TEXT, required=False)


class RenewForm(forms.Form):
    """续期 asks nothing: the page explains, the button applies."""
