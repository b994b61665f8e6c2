"""The 名单 form: the comment; which items go on the list and in which order come as ticked boxes
(`items`) with a rank each (`rank-<item>`), read by `ranked_items`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.api.requests import COMMENT_MAX


class SignForm(forms.Form):
    comment = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=COMMENT_MAX)


class ScanForm(forms.Form):
    file = forms.FileField(label=_("盖章扫描件"), help_text=_("盖章后的推荐汇总表，PDF或图片（JPG、PNG）"))


def ranked_items(post) -> list[int]:
    """The ticked items by their rank (a missing or bad rank goes last, then in page order)."""
    ticked = [int(pk) for pk in post.getlist("items") if pk.isdigit()]

    def rank(pair):
        position, pk = pair
        value = post.get(f"rank-{pk}", "")
        return (int(value) if value.isdigit() else len(ticked) + 1, position)

    return [pk for _position, pk in sorted(enumerate(ticked), key=rank)]
