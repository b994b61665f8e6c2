"""加签 / 减签 buttons of the item page: one service call each; errors come back on the item page
(400 with the reason, 403 page, 409 message), as for the decision buttons. A member's act names
their task; the step owner's acts (add, remove, replace by a new draw) name the step."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine import services
from workflows.engine.reading import selectors
from workflows.engine.signing.models import SignGroup
from workflows.web.views.item import run_act


@require_POST
@login_required
def add_signer(request, pk):
    entry = selectors.get_task_for(request.user, pk)
    return run_act(
        request, item_pk=entry.item.pk,
        call=lambda: services.add_signer(task=entry.task.pk, by=request.user, user=request.POST.get("user"),
                                         position=request.POST.get("position", "after")),
        success=lambda signer: _("已加签%(name)s。") % {"name": signer.user},
    )


@require_POST
@login_required
def remove_signer(request, pk):
    entry = selectors.get_task_for(request.user, pk)
    return run_act(
        request, item_pk=entry.item.pk,
        call=lambda: services.remove_signer(task=entry.task.pk, by=request.user, user=request.POST.get("user")),
        success=lambda signer: _("已减签%(name)s。") % {"name": signer.user},
    )


def _owner_act(request, pk, act, success):
    """One of the owner's acts on step `pk` (its existence says nothing: the service answers
    404 to whom the item is out of scope)."""
    group = get_object_or_404(SignGroup.objects.select_related("process"), pk=pk)
    return run_act(request, item_pk=group.process.artifact_object_id,
                   call=lambda: act(group=group.pk, by=request.user, user=request.POST.get("user")),
                   success=success)


@require_POST
@login_required
def step_add_signer(request, pk):
    return _owner_act(request, pk, services.add_signer_to_step, lambda signer: _("已加签%(name)s。") % {"name": signer.user})


@require_POST
@login_required
def step_remove_signer(request, pk):
    return _owner_act(request, pk, services.remove_signer_from_step,
                      lambda signer: _("已减签%(name)s。") % {"name": signer.user})


@require_POST
@login_required
def step_redraw_signer(request, pk):
    return _owner_act(request, pk, services.redraw_signer,
                      lambda signer: _("已重新抽取：%(name)s加入本步骤。") % {"name": signer.user})
