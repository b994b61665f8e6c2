"""The public 公示 pages, without sign-in: the published notices, one notice's lines, and its
objection form. They read only through workflows.engine.notices.rules (public_notices,
public_entries): nothing of an item, an unpublished notice or an objection reaches them. CSRF
protection stays on: the form carries its token like every other."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workflows.engine.exceptions import Conflict, NotFound, http_status
from workflows.engine.notices import rules
from workflows.engine.notices.objections import lodge_objection
from workflows.web.listing import ListError, paginate
from workflows.web.notice_forms import ObjectionForm
from workflows.web.views.item import add_service_error


def notice_list(request):
    page, error, status = None, "", 200
    try:
        page = paginate(rules.public_notices(), request.GET.get("page"))
    except ListError as exc:
        error, status = exc.message, exc.status
    return render(request, "workflows/notices/public_list.html", {"page": page, "error": error, "now": timezone.now()},
                  status=status)


@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    notice = rules.public_notices().filter(pk=pk).first()
    if notice is None:
        raise NotFound(_("未找到该公示。"))
    entries = list(rules.public_entries(notice))
    form = ObjectionForm(request.POST or None, request.FILES or None, entries=entries)
    status, error = 200, ""
    if request.method == "POST":
        status, error = _lodge(request, notice, form)
        if status == 302:
            messages.success(request, _("您的异议已提交。主管处室将依规核实处理，并对您的身份信息严格保密。"))
            return redirect("public:notice", pk=notice.pk)
    context = {"notice": notice, "entries": entries, "form": form, "error": error,
               "running": notice.is_running(), "department": notice.owner_department.name}
    return render(request, "workflows/notices/public_detail.html", context, status=status)


def _lodge(request, notice, form) -> tuple[int, str]:
    """(302, "") once lodged; else the status and the message for the page (form errors on the form)."""
    if not form.is_valid():
        return 400, ""
    data = form.cleaned_data
    try:
        lodge_objection(notice=notice.pk, entry=data["entry"], real_name=data["real_name"], unit=data["unit"],
                        phone=data["phone"], facts=data["facts"], email=data["email"], upload=data["file"],
                        ip=request.META.get("REMOTE_ADDR", ""))
    except (Conflict, rules.TooManyObjections) as exc:
        return http_status(exc), str(exc.message)
    except ValidationError as exc:
        add_service_error(form, exc)
        return 400, ""
    return 302, ""
