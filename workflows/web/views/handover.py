"""The acts behind the item page's 转办 / 委派 / 抄送 / 交回 / 收回 buttons: one service call each,
its errors shown as in workflows.web.views.item (403 page, 409 message, form errors)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine import services
from workflows.engine.reading import selectors
from workflows.web.handover import CC, DELEGATE, HAND_BACK, TRANSFER, form_for
from workflows.web.views.item import render_item, run_act

# act → (the service call from the form's data, what to say when it is done)
ACTS = {
    TRANSFER: (
        lambda task, by, data: services.transfer_task(task=task, by=by, to=data["to"], comment=data["comment"]),
        lambda task: _("已转办给%(name)s。") % {"name": task.owner},
    ),
    DELEGATE: (
        lambda task, by, data: services.delegate_task(task=task, by=by, to=data["to"], comment=data["comment"]),
        lambda task: _("已委派给%(name)s，待其交回后由您决定。") % {"name": task.owner},
    ),
    CC: (
        lambda task, by, data: services.cc_task(task=task, by=by, users=data["users"], note=data["note"]),
        lambda copies: _("已抄送给%(names)s。") % {"names": _("、").join(str(c.recipient) for c in copies)},
    ),
    HAND_BACK: (
        lambda task, by, data: services.complete_delegation(task=task, by=by, comment=data["comment"]),
        lambda task: _("已交回%(name)s。") % {"name": task.owner},
    ),
}


def _form_view(act):
    call, success = ACTS[act]

    @require_POST
    @login_required
    def view(request, pk):
        """Read the act's form for task `pk`; valid, run the service and show the item again."""
        entry = selectors.get_task_for(request.user, pk)
        form = form_for(act, entry.task, entry.item, request.user, data=request.POST)
        rebind = lambda bad: {"bound": {(entry.task.pk, act): bad}}  # noqa: E731
        if not form.is_valid():
            return render_item(request, entry.item.pk, status=400, **rebind(form))
        return run_act(request, item_pk=entry.item.pk, success=success, form=form, rebind=rebind,
                       call=lambda: call(entry.task.pk, request.user, form.cleaned_data))

    return view


transfer = _form_view(TRANSFER)
delegate = _form_view(DELEGATE)
cc = _form_view(CC)
hand_back = _form_view(HAND_BACK)


@require_POST
@login_required
def recall(request, pk):
    """收回委派: no form, one button."""
    entry = selectors.get_task_for(request.user, pk)
    return run_act(request, item_pk=entry.item.pk,
                   call=lambda: services.recall_delegation(task=entry.task.pk, by=request.user),
                   success=lambda task: _("已收回委派，请办理。"))
