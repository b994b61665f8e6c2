"""延期申请 on the pages: ask on a step (from the item page), grant or refuse (the approver, on the
item page), and the list of requests I may decide or made. Each act is one service call; its
errors come back as on every other act (views.item.run_act): 404, a 403 page, a 409 message on the
item page, or errors on the form (400)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.deadlines.extension_models import ExtensionRequest
from workflows.engine.deadlines.extension_selectors import (
    DECIDE,
    MINE,
    DecisionRights,
    approver_label,
    extensions_for,
)
from workflows.engine.deadlines.extension_services import (
    grant_extension,
    refuse_extension,
    request_extension,
)
from workflows.engine.exceptions import NotFound
from workflows.engine.reading import selectors
from workflows.web.extension_forms import (
    ExtensionAskForm,
    ExtensionGrantForm,
    ExtensionRefuseForm,
)
from workflows.web.extension_panel import ask_prefix, grant_prefix, refuse_prefix
from workflows.web.listing import ListError, paginate
from workflows.web.views.item import render_item, run_act


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def _submit(request, *, item_pk, form, prefix, call, success):
    """Validate the form, then run the service; a bad form or a service's field error shows the
    item page again with this form and its errors."""
    if not form.is_valid():
        return render_item(request, item_pk, extension_forms={prefix: form}, status=400)
    return run_act(request, item_pk=item_pk, call=lambda: call(form.cleaned_data), success=success, form=form,
                rebind=lambda bad_form: {"extension_forms": {prefix: bad_form}})


@require_POST
@login_required
def ask(request, pk):
    """申请延期 on task `pk`."""
    entry = selectors.get_task_for(request.user, pk)
    prefix = ask_prefix(pk)
    return _submit(
        request, item_pk=entry.item.pk, form=ExtensionAskForm(request.POST, prefix_id=prefix), prefix=prefix,
        call=lambda data: request_extension(task=pk, by=request.user, **data),
        success=lambda extension: _("已提交延期申请（延至%(day)s），等待%(who)s审批。")
        % {"day": _day(extension.requested_due_at), "who": approver_label(extension)},
    )


def _extension_for(user, pk) -> ExtensionRequest:
    """The request, if `user` sees its item (404 otherwise)."""
    try:
        extension = ExtensionRequest.objects.get(pk=pk)
    except ExtensionRequest.DoesNotExist:
        raise NotFound() from None
    selectors.get_item_for(user, extension.item_id)
    return extension


def _decide(request, pk, *, prefix, form_class, service, success):
    extension = _extension_for(request.user, pk)
    return _submit(
        request, item_pk=extension.item_id, form=form_class(request.POST, prefix_id=prefix), prefix=prefix,
        call=lambda data: service(extension=pk, by=request.user, **data), success=success,
    )


@require_POST
@login_required
def grant(request, pk):
    return _decide(request, pk, prefix=grant_prefix(pk), form_class=ExtensionGrantForm, service=grant_extension,
                   success=lambda done: _("已同意延期，期限改为%(day)s 17:30。") % {"day": _day(done.granted_due_at)})


@require_POST
@login_required
def refuse(request, pk):
    return _decide(request, pk, prefix=refuse_prefix(pk), form_class=ExtensionRefuseForm, service=refuse_extension,
                   success=lambda done: _("已不同意延期，期限不变。"))


@login_required
def extension_list(request):
    """延期申请: the requests waiting for my decision (default), or the ones I made."""
    which = MINE if request.GET.get("filter") == MINE else DECIDE
    rights = DecisionRights(request.user)
    page, error, status = None, "", 200
    try:
        page = paginate(extensions_for(request.user, which, rights), request.GET.get("page"))
    except ListError as exc:
        error, status = exc.message, exc.status
    else:
        page.object_list = [
            {"extension": extension, "step": str(extension.task.flow_task.task_title),
             "approver": approver_label(extension), "may_decide": rights.may_decide(extension)}
            for extension in page.object_list
        ]
    context = {"page": page, "error": error, "which": which, "page_name": "extensions",
               "query": f"filter={which}"}
    return render(request, "workflows/extensions.html", context, status=status)
