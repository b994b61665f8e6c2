"""名单 (区县推荐名单, 市局决定名单): per list step, the items waiting for the reader, and the form
that signs them as one ranked list. One call of workflows.engine.lists.step.act_on_list, whose
rules decide (standing on every task, one organisation, one campaign, the quota); the same
refusals as the API, in Chinese on the page, nothing written."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import NotFound
from workflows.engine.lists import selectors
from workflows.engine.lists.step import act_on_list
from workflows.web.list_act_forms import SignForm, ranked_items
from workflows.web.views.notices import run_form


@login_required
def lists_page(request, sign_form=None, step_ref="", error="", status=200):
    """名单: every list step with items waiting for me, each with its form."""
    waiting = [(selectors.step_ref(step), step, entries) for step, entries in selectors.waiting_for_lists(request.user)]
    context = {"waiting": waiting, "form": SignForm(), "failed": (step_ref, sign_form), "error": error,
               "page_name": "todo"}
    return render(request, "workflows/lists/waiting.html", context, status=status)


@require_POST
@login_required
def sign(request):
    ref = request.POST.get("step", "")
    step = selectors.step_named(ref)
    if step is None:
        raise NotFound(_("没有这个名单步骤。"))
    form = SignForm(request.POST)
    items = ranked_items(request.POST)
    return run_form(
        request, lambda data: act_on_list(step=step, items=items, by=request.user, comment=data["comment"]),
        form=form, render_again=lambda **kw: lists_page(request, sign_form=form, step_ref=ref, **kw),
        success=lambda list_act: _("已签署“%(step)s”名单，共%(size)s项。") % {"step": list_act.step_title,
                                                                         "size": list_act.size},
        then=lambda list_act: redirect("workflows:lists"))
