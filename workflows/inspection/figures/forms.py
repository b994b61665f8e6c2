"""The pages' forms: a new collection (督导室), one section's figures (a field per figure, checked
by the service so that the page and the API say the same), a 教学点/exclusion mark, a workbook."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.inspection.figures.models import FigureSet


class CollectionForm(forms.Form):
    figure_set = forms.ModelChoiceField(FigureSet.objects.order_by("pk"), label=_("要素集"), empty_label=None)
    name = forms.CharField(label=_("名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    districts = forms.ModelMultipleChoiceField(
        Organisation.objects.filter(kind=OrgKind.DISTRICT, is_active=True).order_by("path"), label=_("区县"),
        required=False, widget=forms.CheckboxSelectMultiple, help_text=_("不选为全部区县"))


class FiguresForm(forms.Form):
    """One text field per figure, its unit and range said beside it; the values are checked by
    services.submit_figures (validation.check_values), whose messages land on these fields."""

    def __init__(self, *args, figures, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        for figure in figures:
            help_text = "；".join(part for part in (figure.unit, figure.help_text) if part)
            self.fields[figure.code] = forms.CharField(
                label=figure.name, required=False, max_length=40, help_text=help_text,
                initial=(initial_values or {}).get(figure.code),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


class MarkForm(forms.Form):
    teaching_point = forms.BooleanField(label=_("教学点"), required=False)
    excluded_reason = forms.CharField(label=_("不参与计算的原因"), max_length=100, required=False,
                                      help_text=_("空为参与计算"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
