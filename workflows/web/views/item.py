"""The item page, and the acts its buttons post to. Every act is one service call; the service's
errors become a 404, a 403 page, a clear 409 message on the item page, or form errors (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.status import PROCESS

from workflows.engine import access, acts, services
from workflows.engine.acts import act_named
from workflows.engine.exceptions import Conflict, NotAllowed
from workflows.engine.models import OPEN
from workflows.engine.nodes import acts_of
from workflows.engine.reading import selectors
from workflows.engine.start.kinds import start_kind
from workflows.engine.start.services import revision as revision_changes
from workflows.web.detail import decision_form, item_page
from workflows.web.forms import WithdrawForm
from workflows.web.start_forms import DraftFields


@login_required
def item_detail(request, pk):
    return render_item(request, pk)


def render_item(request, pk, *, bound=None, withdraw_form=None, extension_forms=None, error="", status=200):
    item = selectors.get_item_for(request.user, pk)
    page = item_page(item, request.user, bound=bound, withdraw_form=withdraw_form, extension_forms=extension_forms)
    return render(request, "workflows/item.html", {"page": page, "item": item, "error": error}, status=status)


def add_service_error(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, on the files field for
    an upload error, or above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    for error in exc.error_list:
        on_files = (error.code or "").startswith("attachment") and "attachments" in form.fields
        form.add_error("attachments" if on_files else None, error)


def run_act(request, *, item_pk, call, success, form=None, rebind=None):
    """Run the service `call`; on success say `success(result)` and show the item again."""
    try:
        result = call()
    except NotAllowed as exc:
        return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
    except Conflict as exc:
        return render_item(request, item_pk, error=exc.message, status=409)
    except ValidationError as exc:
        if form is None:
            return render_item(request, item_pk, error=" ".join(exc.messages), status=400)
        add_service_error(form, exc)
        return render_item(request, item_pk, status=400, **rebind(form))
    messages.success(request, success(result))
    return redirect("workflows:item", pk=item_pk)


@require_POST
@login_required
def claim(request, pk):
    entry = selectors.get_task_for(request.user, pk)
    return run_act(request, item_pk=entry.item.pk, call=lambda: services.claim_task(task=entry.task.pk, by=request.user),
                success=lambda task: _("已认领“%(step)s”，请办理。") % {"step": entry.title})


@require_POST
@login_required
def unclaim(request, pk):
    entry = selectors.get_task_for(request.user, pk)
    return run_act(request, item_pk=entry.item.pk,
                call=lambda: services.unclaim_task(task=entry.task.pk, by=request.user),
                success=lambda task: _("已将“%(step)s”放回待办池。") % {"step": entry.title})


@require_POST
@login_required
def decide(request, pk):
    """One of the step's decisions (workflows.engine.acts): the button pressed names it."""
    entry = selectors.get_task_for(request.user, pk)
    node = entry.task.flow_task
    if not acts_of(node):  # a step nobody decides by hand (公示: the notice moves its items)
        return render_item(request, entry.item.pk, error=_("此环节当前没有可办理的决定。"), status=400)
    form = decision_form(entry.task, acts_of(node), request.POST, request.FILES)
    if not form.is_valid():
        return render_item(request, entry.item.pk, bound={entry.task.pk: form}, status=400)
    data = form.cleaned_data
    act = act_named(data["outcome"])
    if act in CONFIRMED_ACTS and not request.POST.get("confirmed") and (data["comment"].strip() or not act.comment_required):
        # 驳回 ends the item for good: say so and ask again (an empty reason is refused at once).
        return render(request, "workflows/confirm.html", {
            "item": entry.item, "action": request.path, "title": _("确认驳回"), "button": _("确认驳回"),
            "consequence": _("驳回后事项即办结，状态为“已驳回”，申报人不能再修改或重新提交。此操作不能撤销。"),
            "comment_label": act.comment_label, "comment": data["comment"], "hidden": {"outcome": act.name},
            "files_dropped": bool(data["attachments"]), "takes_files": True})
    kind = start_kind(entry.item.kind) if act == acts.RESUBMIT else None
    changes, slot, revision = None, "", None
    if kind is not None and "title" in request.POST:  # 重新提交 with the fields edited on the draft's form
        revision = DraftFields(kind, request.POST, item=entry.item)
        if not revision.is_valid():
            return render_item(request, entry.item.pk, bound={entry.task.pk: form, ("revision", entry.task.pk): revision},
                               status=400)
        changes = revision_changes(kind, title=revision.title, fields=revision.values())
        slot = request.POST.get("slot") if request.POST.get("slot") in kind.slots_for(item=entry.item) else ""
    return run_act(
        request, item_pk=entry.item.pk,
        call=lambda: services.decide(task=entry.task.pk, by=request.user, act=act, comment=data["comment"],
                                     attachments=data["attachments"], to=data.get("to") or "",
                                     apply_changes=changes, slot=slot),
        success=lambda decision: _decided_message(act, entry.title, node, data.get("to")),
        form=form, rebind=lambda bad_form: {"bound": {entry.task.pk: bad_form, ("revision", entry.task.pk): revision}},
    )


# The decisions that cannot be undone, which the page confirms before it runs them.
CONFIRMED_ACTS = (acts.REJECT,)


def _decided_message(act, step, node, to) -> str:
    if act == acts.RETURN:
        target = node.return_target(to)
        return _("已退回至“%(to)s”。") % {"to": target.task_title if target else to}
    if act == acts.REJECT:
        return _("已驳回。")
    if act == acts.RESUBMIT:
        return _("已重新提交。")
    return _("已通过“%(step)s”。") % {"step": step}


@require_POST
@login_required
def withdraw(request, pk):
    item = selectors.get_item_for(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return render_item(request, item.pk, withdraw_form=form, status=400)
    if not request.POST.get("confirmed") and _may_withdraw(item, request.user):
        return render(request, "workflows/confirm.html", {
            "item": item, "action": request.path, "title": _("确认撤回"), "button": _("确认撤回"),
            "consequence": _("撤回后审批流程终止，审批人的待办随之取消，事项变为“已撤回”。"
                             "之后您可以重新编辑此事项，再次提交时从第一步重新审批。"),
            "comment_label": form.fields["comment"].label, "comment": form.cleaned_data["comment"],
            "comment_required": True, "hidden": {}})
    return run_act(
        request, item_pk=item.pk,
        call=lambda: services.withdraw_item(item=item.pk, by=request.user, comment=form.cleaned_data["comment"]),
        success=lambda result: _("已撤回。"), form=form, rebind=lambda bad_form: {"withdraw_form": bad_form},
    )


def _may_withdraw(item, user) -> bool:
    """access.may_withdraw for the item's running process: a refused 撤回 goes to the service at
    once, which says why, instead of being confirmed first."""
    process = item.processes.filter(status=PROCESS.NEW).first()
    if process is None:
        return False
    open_tasks = list(process.task_set.filter(flow_task_type=selectors.HUMAN, status__in=OPEN))
    return access.may_withdraw(item, user, process, open_tasks)


@require_POST
@login_required
def reopen(request, pk):
    """撤回之后：the item becomes a draft again, to edit and submit (a new process)."""
    item = selectors.get_item_for(request.user, pk)
    response = run_act(request, item_pk=item.pk, call=lambda: services.reopen_item(item=item.pk, by=request.user),
                       success=lambda result: _("已重新打开为草稿，可以修改后再次提交。"))
    if response.status_code == 302 and start_kind(item.kind) is not None:  # to the draft's edit page
        return redirect("workflows:draft", pk=item.pk)
    return response
