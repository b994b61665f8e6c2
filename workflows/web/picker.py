"""The one person picker of every "choose a person" form (委托, 转办, 委派, 抄送, 加签, 参会人).

The server renders the feature's candidates (workflows.engine.people: "王芳 · 和平区 · 区县审核员")
as a plain <select> or a list of checkboxes, which works without JavaScript;
static/js/picker.js turns it into a search by name (a typeahead over the very options
rendered, so it can offer nobody the server did not). The service checks the choice again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

CHOOSE = _("请选择")
NOT_A_CHOICE = _("所选人员不在可选范围内，请重新选择。")


class PersonPicker(forms.Select):
    """One person: a select marked for picker.js."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "one", **(attrs or {})}, choices)


class PeoplePicker(forms.CheckboxSelectMultiple):
    """Several people: checkboxes whose container picker.js gives a search box (the class lands on
    the container, which Django's template gives the widget's class)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "picker-many", **(attrs or {})}, choices)


def person_field(label, **kwargs) -> forms.TypedChoiceField:
    """A field choosing one person by id; its choices are set from the candidates (set_people)."""
    kwargs.setdefault("coerce", int)
    return forms.TypedChoiceField(label=label, widget=PersonPicker, error_messages={
        "required": _("请选择接收人。"), "invalid_choice": NOT_A_CHOICE, **kwargs.pop("error_messages", {})}, **kwargs)


def people_field(label, **kwargs) -> forms.TypedMultipleChoiceField:
    """A field choosing several people by id."""
    kwargs.setdefault("coerce", int)
    return forms.TypedMultipleChoiceField(label=label, widget=PeoplePicker, error_messages={
        "invalid_choice": NOT_A_CHOICE, **kwargs.pop("error_messages", {})}, **kwargs)


def set_people(field, candidates, *, blank=True) -> None:
    """Offer these candidates (workflows.engine.people.Candidate) in `field`, by their key."""
    choices = [(candidate.key, candidate.label) for candidate in candidates]
    field.choices = ([("", CHOOSE)] if blank else []) + choices
