from django import forms
from django.utils.translation import gettext_lazy as _

from core.docnumbers.models import MAX_NUMBER, MAX_YEAR, MIN_YEAR


class SeriesForm(forms.Form):
    """Prefix and year: the series every form on the office page acts on. Range checks are the
    services' job (one place); the form only turns text into values."""

    prefix = forms.CharField(label=_("文号前缀"), max_length=20, help_text=_("如 沈教发"))
    year = forms.IntegerField(label=_("年份"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class RegisterExternalForm(SeriesForm):
    number = forms.IntegerField(label=_("序号"), min_value=1, max_value=MAX_NUMBER)
    title = forms.CharField(label=_("文件标题"), max_length=300)


class SetNextNumberForm(SeriesForm):
    next_number = forms.IntegerField(label=_("下一个号"), min_value=1, max_value=MAX_NUMBER)


class VoidForm(SeriesForm):
    number = forms.IntegerField(label=_("序号"), min_value=1, max_value=MAX_NUMBER)
    reason = forms.CharField(label=_("作废原因"), widget=forms.Textarea(attrs={"rows": 2}))


class RegisterFilterForm(forms.Form):
    prefix = forms.CharField(label=_("文号前缀"), required=False)
    year = forms.IntegerField(label=_("年份"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
