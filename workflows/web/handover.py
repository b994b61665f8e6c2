"""The item page's 转办 / 委派 / 抄送 forms, and which of them a reader gets on an open step.

Forms only read input: the people offered are those the services accept
(workflows.engine.handover.rules and carbon_copy), and the services check everything again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.engine import assignment
from workflows.engine.carbon_copy import rules as carbon_copy
from workflows.engine.handover import rules as handover
from workflows.engine.proxies import rules as proxies
from workflows.web.forms import COMMENT_MAX
from workflows.web.picker import people_field, person_field, set_people

TRANSFER, DELEGATE, CC, HAND_BACK = "transfer", "delegate", "cc", "hand_back"


def _ids(form, prefix_id):
    for name, field in form.fields.items():
        field.widget.attrs.setdefault("id", f"{prefix_id}{name}")


class HandOverForm(forms.Form):
    """转办 or 委派: to one eligible colleague, with an optional word why."""

    to = person_field(_("转办给"))
    comment = forms.CharField(label=_("说明"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, act, candidates, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].label = _("转办给") if act == TRANSFER else _("委派给")
        set_people(self.fields["to"], candidates)
        _ids(self, f"{prefix_id}{act}-")


class CarbonCopyForm(forms.Form):
    users = people_field(_("抄送给"), error_messages={"required": _("请选择抄送给谁。")})
    note = forms.CharField(label=_("附言"), required=False, max_length=COMMENT_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        set_people(self.fields["users"], candidates, blank=False)
        _ids(self, f"{prefix_id}cc-")


class HandBackForm(forms.Form):
    comment = forms.CharField(label=_("办理意见"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("请填写办理意见后再交回。")})

    def __init__(self, *args, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        _ids(self, f"{prefix_id}back-")


def acting_user(task, item, user):
    """Whose task `user` hands over: their own, or their principal's when they act as proxy
    (委托), as the services count it (the principal is never offered as their own recipient)."""
    if task.owner_id == user.pk or (task.owner_id is None and assignment.in_queue(user, task)):
        return user
    return proxies.principal_for(user, task, item) or user


def form_for(act, task, item, user, data=None):
    """The form of `act` on this task for `user`, bound to `data` when given (a POST)."""
    prefix = f"t{task.pk}-"
    if act in (TRANSFER, DELEGATE):
        user = acting_user(task, item, user)
    if act == HAND_BACK:
        return HandBackForm(data, prefix_id=prefix)
    if act == CC:
        return CarbonCopyForm(data, candidates=carbon_copy.candidates(task, item, user), prefix_id=prefix)
    return HandOverForm(data, act=act, candidates=handover.candidates(task, item, user), prefix_id=prefix)


def handler_acts(panel, item, user, bound) -> None:
    """转办, 委派 and 抄送 for whoever may decide on the step, each only with someone to choose."""
    task = panel.task
    people = handover.candidates(task, item, acting_user(task, item, user))
    if people:
        for act in (TRANSFER, DELEGATE):
            form = bound.get((task.pk, act)) or HandOverForm(act=act, candidates=people, prefix_id=f"t{task.pk}-")
            setattr(panel, f"{act}_form", form)
    copies = bound.get((task.pk, CC))
    if copies is None:
        copies = form_for(CC, task, item, user)
    panel.cc_form = copies if copies.fields["users"].choices else None


def delegation_acts(panel, delegation, user, bound, principals=frozenset()) -> None:
    """On a delegated step: its delegate (or their proxy, 委托) hands it back, its handler may
    recall it. `principals`: whom the reader is proxy for now."""
    task = panel.task
    panel.delegated = True
    if user.pk == delegation["delegate"] or (
            user.pk != delegation["handler"] and delegation["delegate"] in principals):
        panel.hand_back_form = bound.get((task.pk, HAND_BACK)) or HandBackForm(prefix_id=f"t{task.pk}-")
    elif user.pk == delegation["handler"]:
        panel.may_recall = True
