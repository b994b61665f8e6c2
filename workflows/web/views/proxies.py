"""委托代理: the page where a person names a proxy for their absence, sees the proxies they named
and hold, and ends one. Each act is one service call (workflows.engine.proxies.services)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workflows.engine import services
from workflows.engine.exceptions import Conflict
from workflows.web.forms import ProxyForm
from workflows.web.views.item import add_service_error

STATES = {
    "ended": gettext_lazy("已结束"),
    "expired": gettext_lazy("已到期"),
    "upcoming": gettext_lazy("未开始"),
    "active": gettext_lazy("进行中"),
}


@dataclass
class ProxyRow:
    proxy: object
    state: str

    @property
    def state_label(self) -> str:
        return str(STATES[self.state])

    @property
    def may_end(self) -> bool:
        return self.state in ("upcoming", "active")


def _state(row, today) -> str:
    if row.cancelled_at is not None:
        return "ended"
    if row.ends_on < today:
        return "expired"
    return "upcoming" if row.starts_on > today else "active"


def _form(request, data=None, **kwargs) -> ProxyForm:
    return ProxyForm(data, candidates=services.proxy_candidates(request.user), **kwargs)


def _render(request, form, *, error="", status=200):
    today = timezone.localdate()
    rows = [ProxyRow(row, _state(row, today)) for row in services.proxies_of(request.user)]
    return render(request, "workflows/proxies.html", {
        "form": form, "error": error, "page_name": "proxies", "candidates": form.fields["proxy"].choices[1:],
        "named": [row for row in rows if row.proxy.principal_id == request.user.pk],
        "held": [row for row in rows if row.proxy.proxy_id == request.user.pk],
    }, status=status)


@login_required
def proxies_page(request):
    if request.method != "POST":
        return _render(request, _form(request, initial={"starts_on": timezone.localdate()}))
    form = _form(request, request.POST)
    if not form.is_valid():
        return _render(request, form, status=400)
    try:
        row = services.create_proxy(principal=request.user, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return _render(request, form, status=400)
    except Conflict as exc:
        return _render(request, form, error=exc.message, status=409)
    messages.success(request, _("已委托%(proxy)s在 %(start)s 至 %(end)s 代为办理。")
                     % {"proxy": row.proxy, "start": row.starts_on, "end": row.ends_on})
    return redirect("workflows:proxies")


@require_POST
@login_required
def end_proxy(request, pk):
    try:
        services.end_proxy(proxy=pk, by=request.user)
    except Conflict as exc:
        return _render(request, _form(request), error=exc.message, status=409)
    messages.success(request, _("委托已结束。"))
    return redirect("workflows:proxies")
