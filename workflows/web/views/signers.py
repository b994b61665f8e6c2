"""加签 / 减签 buttons of the item page: one service call each; errors come back on the item page
(400 with the reason, 403 page, 409 message), as for the decision buttons."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine import selectors, services
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
