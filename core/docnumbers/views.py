"""The 办公室's page for the document-number register: list by prefix and year, register a number
issued outside, set the next number, void a number. Every change goes through services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.docnumbers import services
from core.docnumbers.forms import RegisterExternalForm, RegisterFilterForm, SetNextNumberForm, VoidForm
from core.docnumbers.models import DocNumber, NumberCounter
from core.docnumbers.permissions import can_manage_register
from core.page_access import only_for

PAGE_SIZE = 50


clerk_required = only_for(can_manage_register, "docnumbers/forbidden.html")


@clerk_required
def register_page(request):
    return _render_page(request)


@require_POST
@clerk_required
def register_external_view(request):
    return _handle(
        request, "register_external", RegisterExternalForm, services.register_external,
        lambda doc: _("已登记 %(text)s。") % {"text": doc.text},
    )


@require_POST
@clerk_required
def set_next_number_view(request):
    return _handle(
        request, "set_next", SetNextNumberForm, services.set_next_number,
        lambda counter: _("%(prefix)s〔%(year)s〕的下一个号为 %(next)s。")
        % {"prefix": counter.prefix, "year": counter.year, "next": counter.next_number},
    )


@require_POST
@clerk_required
def void_view(request):
    return _handle(
        request, "void", VoidForm, services.void,
        lambda doc: _("已作废 %(text)s。") % {"text": doc.text},
    )


def _handle(request, name, form_class, service, success_message):
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            result = service(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success_message(result))
            query = urlencode({"prefix": result.prefix, "year": result.year})
            return redirect(f"{reverse('docnumbers:register')}?{query}")
    return _render_page(request, bound={name: form}, status=400)


def _render_page(request, *, bound=None, status=200):
    bound = bound or {}
    series_filter = RegisterFilterForm(request.GET or None)
    chosen = series_filter.cleaned_data if series_filter.is_valid() else {}
    prefix, year = (chosen.get("prefix") or "").strip(), chosen.get("year")

    counters = NumberCounter.objects.all()
    entries = DocNumber.objects.select_related("created_by", "voided_by")
    if prefix:
        counters, entries = counters.filter(prefix=prefix), entries.filter(prefix=prefix)
    if year:
        counters, entries = counters.filter(year=year), entries.filter(year=year)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))

    initial = {"prefix": prefix, "year": year}
    forms = {
        name: bound.get(name) or form_class(prefix=name, initial=initial)
        for name, form_class in (
            ("register_external", RegisterExternalForm),
            ("set_next", SetNextNumberForm),
            ("void", VoidForm),
        )
    }
    context = {
        "series_filter": series_filter,
        "counters": counters,
        "page": page,
        "filter_query": urlencode({k: v for k, v in initial.items() if v}),
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "docnumbers/register.html", context, status=status)
