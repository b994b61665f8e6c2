"""发起申报's forms: the draft's fields (the engine's title plus the kind's own form, drawn and
checked as one, on the draft page and again on a returned item's resubmission) and an evidence file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item

TITLE_MAX = Item._meta.get_field("title").max_length


class TitleForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class DraftFields:
    """The title and the kind's fields as one form: bound or not, valid when both are, and
    `values()` for the kind's create/update services."""

    def __init__(self, kind, data=None, *, item=None, campaign=None):
        initial = {"title": item.title, "version": item.version} if item is not None else {}
        self.head = TitleForm(data, initial=initial)
        form_class = kind.form_class_for(campaign or kind.campaign_for(item))  # per campaign: its rubric's indicators
        self.fields = form_class(data, initial=kind.initial(item) if item is not None else None, prefix="f")

    def is_valid(self) -> bool:
        return all([self.head.is_valid(), self.fields.is_valid()])

    @property
    def title(self) -> str:
        return self.head.cleaned_data["title"]

    @property
    def version(self):
        return self.head.cleaned_data.get("version")

    def values(self) -> dict:
        return dict(self.fields.cleaned_data)

    def add_error(self, exc) -> None:
        """A service's ValidationError on the field it names (ours or the kind's), else above."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form = self.fields if name in self.fields.fields else self.head
                form.add_error(name if name in form.fields else None, errors)
        else:
            self.head.add_error(None, exc)

    def forms(self):
        return [self.head, self.fields]


class EvidenceForm(forms.Form):
    slot = forms.ChoiceField(label=_("材料类别"))
    file = forms.FileField(label=_("文件"))

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", _("请选择"))] + [(code, label) for code, label in slots.items()]
