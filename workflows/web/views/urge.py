"""The 催办 button on the item page: one call of workflows.engine.services.urge_task."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine import services
from workflows.engine.reading import selectors
from workflows.web.forms import UrgeForm
from workflows.web.views.item import render_item, run_act


@require_POST
@login_required
def urge(request, pk):
    entry = selectors.get_task_for(request.user, pk)
    form = UrgeForm(request.POST)
    if not form.is_valid():
        return render_item(request, entry.item.pk, error=" ".join(form.errors["comment"]), status=400)
    return run_act(
        request, item_pk=entry.item.pk,
        call=lambda: services.urge_task(task=entry.task.pk, by=request.user, comment=form.cleaned_data["comment"]),
        success=lambda event: _("已催办“%(step)s”的办理人。") % {"step": entry.title},
    )
