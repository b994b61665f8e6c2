"""The forms of the scoring pages. They read shape only; the rules are the services'
(workflows.engine.scoring: ranges, indicators, who may)."""

from django import forms
from django.utils.translation import gettext_lazy as _

SCORE, COMMENT = "score-", "comment-"


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写退回理由。")})


def posted_lines(data) -> dict:
    """{code: {"score", "comment"}} from the sheet's fields score-<code> and comment-<code>; every
    code posted is passed on, so one not in the rubric meets the service's refusal."""
    codes = [key[len(SCORE):] for key in data if key.startswith(SCORE)]
    codes += [key[len(COMMENT):] for key in data if key.startswith(COMMENT) and key[len(COMMENT):] not in codes]
    return {code: {"score": data.get(SCORE + code, "").strip(), "comment": data.get(COMMENT + code, "").strip()}
            for code in codes}
