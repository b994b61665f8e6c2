"""专家抽取 and 我的评审: the department's draw page (items without a panel, the draw form, its
panels), a panel with its seats and the draw's audit (seed, candidates and loads, who was
excluded and why), and the expert's own seats with the pledge to accept or decline. Who may is
workflows.engine.experts.rules; each act is one service call."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.access import scoped_items
from workflows.engine.experts import lots, rules, seats, selectors
from workflows.engine.experts.draw import UNSUBMITTED, draw_panel
from workflows.engine.experts.models import PanelItem
from workflows.engine.experts.pool_models import Expert
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.models import Item
from workflows.web.expert_forms import DeclineForm, DrawForm
from workflows.web.views.experts import chosen_department
from workflows.web.views.notices import run_form

ITEMS_SHOWN = 200


def waiting_items(user, department, district=None):
    """The department's submitted items with no current panel, that `user` sees (newest first)."""
    items = scoped_items(user, Item.objects.filter(owner_department=department)).exclude(status__in=UNSUBMITTED) \
        .exclude(pk__in=PanelItem.objects.filter(current=True).values("item_id"))
    if district:
        items = items.filter(organisation__path__startswith=district.path)
    return items.select_related("organisation").order_by("-pk")[:ITEMS_SHOWN]


def department_campaigns(department):
    """The department's campaigns for the draw's choice, each named with its programme (one query)."""
    return Campaign.objects.filter(owner_department=department).select_related("programme")


@login_required
def panels_page(request, form=None, error="", status=200):
    department, departments = chosen_department(request, rules.drawing_departments(request.user))
    districts = list(Organisation.objects.filter(kind=OrgKind.DISTRICT, is_active=True).order_by("path"))
    district = next((d for d in districts if str(d.pk) == request.GET.get("district")), None)
    campaigns = department_campaigns(department)
    context = {"department": department, "departments": departments, "districts": districts, "district": district,
               "items": waiting_items(request.user, department, district), "error": error, "page_name": "panels",
               "form": form or DrawForm(campaigns=campaigns),
               "panels": rules.drawn_panels(request.user).filter(department=department)[:100]}
    return render(request, "workflows/experts/panels.html", context, status=status)


@require_POST
@login_required
def draw(request):
    department, _departments = chosen_department(request, rules.drawing_departments(request.user))
    form = DrawForm(request.POST, campaigns=department_campaigns(department))
    items = [int(pk) for pk in request.POST.getlist("items") if pk.isdigit()]
    return run_form(
        request, lambda data: draw_panel(items=items, size=data["size"], reserves=data["reserves"], by=request.user,
                                         fields=list(data["fields"]), title=data["title"], campaign=data["campaign"]),
        form=form, render_again=lambda **kw: panels_page(request, form=form, **kw),
        success=lambda panel: _("已抽取“%(title)s”：%(n)d名专家。") % {"title": panel.title, "n": panel.size},
        then=lambda panel: redirect("workflows:panel", pk=panel.pk))


@login_required
def panel_page(request, pk):
    panel = rules.panel_for(request.user, pk)
    record = selectors.draw_record(panel)
    named = {e["expert"] for e in record.get("excluded", ())} | {c[0] for c in record.get("candidates", ())}
    names = dict(Expert.objects.filter(pk__in=named).values_list("pk", "user__full_name"))
    items = selectors.items_of(panel)
    titles = {item.pk: item.title for item in items}
    excluded = [{"name": e["name"], "reasons": [{"label": lots.REASON_LABELS.get(r["code"], r["code"]),
                                                 "item": titles.get(r["item"], r["item"]), "detail": r["detail"]}
                                                for r in e["reasons"]]} for e in record.get("excluded", ())]
    candidates = [{"name": names.get(expert_id, expert_id), "load": load} for expert_id, load in
                  record.get("candidates", ())]
    context = {"panel": panel, "seats": selectors.seats_of(panel), "items": items, "record": record,
               "excluded": excluded, "candidates": candidates, "fields": record.get("fields", ()),
               "page_name": "panels"}
    return render(request, "workflows/experts/panel.html", context)


@login_required
def my_reviews(request, forms_by_seat=None, error="", status=200):
    mine = selectors.my_seats(request.user)
    context = {"seats": mine, "items": selectors.revealed_items(mine), "forms": forms_by_seat or {},
               "decline_form": DeclineForm(), "error": error, "page_name": "reviews"}
    return render(request, "workflows/experts/reviews.html", context, status=status)


@require_POST
@login_required
def accept(request, pk):
    rules.own_seat(request.user, pk)
    return run_form(request, lambda data: seats.accept_pledge(seat=pk, by=request.user), form=forms.Form({}),
                    render_again=lambda **kw: my_reviews(request, **kw),
                    success=lambda seat: _("已签署保密承诺书，可以查看评审材料。"),
                    then=lambda seat: redirect("workflows:reviews"))


@require_POST
@login_required
def decline(request, pk):
    rules.own_seat(request.user, pk)
    form = DeclineForm(request.POST)
    return run_form(request, lambda data: seats.decline_seat(seat=pk, by=request.user, reason=data["reason"]),
                    form=form, render_again=lambda **kw: my_reviews(request, forms_by_seat={pk: form}, **kw),
                    success=lambda seat: _("已谢绝此次评审，候补专家将递补。"),
                    then=lambda seat: redirect("workflows:reviews"))
