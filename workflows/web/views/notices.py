"""The owning department's 公示 pages: the items waiting for a notice and the notices (publish
one), a notice with its lines and objections, and an objection with its handling (investigate,
uphold, dismiss) and its file. Each act is one service call; who may is
workflows.engine.notices.rules (anyone else: 404). Errors: 403 page, a 409 or 400 message on the
page, or errors on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import Conflict, NotAllowed, NotFound, http_status
from workflows.engine.notices import handling, rules, selectors
from workflows.engine.notices.step import publish_notice
from workflows.web.notice_forms import HandleForm, InvestigateForm, PublishForm
from workflows.web.views.item import add_service_error


def run_form(request, call, *, form, render_again, success, then):
    """Run the service `call`; on success say `success(result)` and redirect to `then(result)`."""
    if not form.is_valid():
        return render_again(status=400)
    try:
        result = call(form.cleaned_data)
    except NotAllowed as exc:
        return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
    except Conflict as exc:
        return render_again(error=exc.message, status=http_status(exc))
    except ValidationError as exc:
        add_service_error(form, exc)
        return render_again(status=400)
    messages.success(request, success(result))
    return then(result)


@login_required
def notices_page(request, publish_form=None, error="", status=200):
    """公示: what waits for a notice (and the form to publish one) and the notices of my department."""
    if not rules.handler_departments(request.user):
        raise NotFound()
    context = {"waiting": [(selectors.step_ref(step), step, items) for step, items in
                           selectors.waiting_for_notice(request.user)],
               "notices": rules.handled_notices(request.user).select_related("owner_department")[:100],
               "form": publish_form or PublishForm(), "error": error, "page_name": "notices"}
    return render(request, "workflows/notices/staff_list.html", context, status=status)


@require_POST
@login_required
def publish(request):
    step = selectors.step_named(request.POST.get("step", ""))
    if step is None or not rules.handler_departments(request.user):
        raise NotFound()
    form = PublishForm(request.POST)
    items = [int(pk) for pk in request.POST.getlist("items") if pk.isdigit()]
    return run_form(
        request, lambda data: publish_notice(step=step, items=items, by=request.user, title=data["title"],
                                             days=data["days"], comment=data["comment"]),
        form=form, render_again=lambda **kw: notices_page(request, publish_form=form, **kw),
        success=lambda notice: _("已发布公示“%(title)s”，至%(end)s结束。") % {
            "title": notice.title, "end": notice.ends_at.astimezone().strftime("%Y-%m-%d %H:%M")},
        then=lambda notice: redirect("workflows:notice", pk=notice.pk))


@login_required
def notice_page(request, pk):
    notice = selectors.handled_notice(request.user, pk)
    context = {"notice": notice, "entries": selectors.entries_with_objections(notice), "page_name": "notices"}
    return render(request, "workflows/notices/staff_notice.html", context)


@login_required
def objection_page(request, pk, forms=None, error="", status=200):
    objection = selectors.handled_objection(request.user, pk)
    forms = {"investigate": InvestigateForm(prefix="investigate"), "uphold": HandleForm(prefix="uphold"),
             "dismiss": HandleForm(prefix="dismiss"), **(forms or {})}
    context = {"objection": objection, "notice": objection.entry.notice, "forms": forms, "error": error,
               "page_name": "notices"}
    return render(request, "workflows/notices/staff_objection.html", context, status=status)


HANDLING = {
    "investigate": (InvestigateForm, handling.investigate_objection, "note", lambda: _("已标记为调查中。")),
    "uphold": (HandleForm, handling.uphold_objection, "reason", lambda: _("已认定异议成立：该事项退回决定环节，名额已释放。")),
    "dismiss": (HandleForm, handling.dismiss_objection, "reason", lambda: _("已认定异议不成立。")),
}


@require_POST
@login_required
def handle(request, pk, act):
    if act not in HANDLING:
        raise NotFound()
    selectors.handled_objection(request.user, pk)  # 404 before reading the form
    form_class, service, field, said = HANDLING[act]
    form = form_class(request.POST, prefix=act)
    return run_form(
        request, lambda data: service(objection=pk, by=request.user, **{field: data[field]}),
        form=form, render_again=lambda **kw: objection_page(request, pk, forms={act: form}, **kw),
        success=lambda objection: said(), then=lambda objection: redirect("workflows:objection", pk=pk))


@login_required
def objection_file(request, pk):
    objection = selectors.handled_objection(request.user, pk)
    if not objection.file:
        raise NotFound()
    return FileResponse(objection.file.open("rb"), as_attachment=True, filename=objection.file_name)
