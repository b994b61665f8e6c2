"""申报项目 pages of the owning department: the list, a new programme, one programme (its data,
slots, quotas, campaigns, 复制为下一年度), its edit page, a new campaign, and a campaign (its
window and quotas, edited; which eligible schools have started, submitted or not). Who may is
workflows.programmes.rules (anyone else 404); each act is one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import Conflict, NotFound, http_status
from workflows.programmes import campaigns as campaign_services
from workflows.programmes import rules, selectors, services
from workflows.programmes.forms import CampaignForm, ProgrammeForm, SlotFormSet, slot_values
from workflows.web.views.item import add_service_error

PAGE = "programmes"


def _run(request, call, *, forms, render_again, success, then):
    """Run the service `call` once every form is valid; its refusal goes on the first form."""
    if not all(form.is_valid() for form in forms):
        return render_again(status=400)
    try:
        result = call()
    except Conflict as exc:
        return render_again(error=exc.message, status=http_status(exc))
    except ValidationError as exc:
        add_service_error(forms[0], exc)
        return render_again(status=400)
    messages.success(request, success(result))
    return redirect(*then(result))


@login_required
def programme_list(request):
    departments = list(rules.staff_departments(request.user))
    if not departments:
        raise NotFound()
    return render(request, "workflows/programmes/list.html", {
        "programmes": selectors.programme_rows(request.user), "departments": departments, "page_name": PAGE})


def _department(request):
    departments = list(rules.staff_departments(request.user))
    wanted = request.GET.get("department") or request.POST.get("department")
    # Another department named is 404, as the rule says: never a fallback to one's own.
    chosen = next((d for d in departments if str(d.pk) == wanted), None) if wanted else next(iter(departments), None)
    if chosen is None:
        raise NotFound()
    return chosen, departments


@login_required
def programme_new(request):
    department, departments = _department(request)
    form = ProgrammeForm(request.POST or None, department=department, initial={"year": selectors.this_year()})
    slots = SlotFormSet(request.POST or None, prefix="slots", initial=list(services.DEFAULT_SLOTS))

    def page(status=200, error=""):
        return render(request, "workflows/programmes/edit.html", {
            "form": form, "slots": slots, "department": department, "departments": departments, "error": error,
            "page_name": PAGE}, status=status)
    if request.method != "POST":
        return page()
    return _run(request, lambda: services.create_programme(
        department=department, by=request.user, slots=slot_values(slots),
        district_quotas=form.district_quotas(), **form.values()),
        forms=[form, slots], render_again=page, success=lambda p: _("已新建申报项目“%(name)s”。") % {"name": p},
        then=lambda p: ("workflows:programme", p.pk))


@login_required
def programme_page(request, pk):
    programme = selectors.programme_detail(request.user, pk)
    return render(request, "workflows/programmes/detail.html", {
        "programme": programme, "campaigns": selectors.campaign_rows(programme), "page_name": PAGE})


@login_required
def programme_edit(request, pk):
    programme = selectors.programme_detail(request.user, pk)
    quotas = {row.district_id: row.quota for row in programme.district_quotas.all()}
    form = ProgrammeForm(request.POST or None, department=programme.owner_department, quotas=quotas,
                         initial=ProgrammeForm.initial_for(programme))
    slots = SlotFormSet(request.POST or None, prefix="slots", initial=[
        {"code": s.code, "name": s.name, "required": s.required, "accepted": s.accepted} for s in programme.slots.all()])

    def page(status=200, error=""):
        return render(request, "workflows/programmes/edit.html", {
            "form": form, "slots": slots, "programme": programme, "department": programme.owner_department,
            "error": error, "page_name": PAGE}, status=status)
    if request.method != "POST":
        return page()
    return _run(request, lambda: services.edit_programme(
        programme=programme, by=request.user, slots=slot_values(slots), district_quotas=form.district_quotas(),
        **form.values()),
        forms=[form, slots], render_again=page, success=lambda p: _("已保存。"),
        then=lambda p: ("workflows:programme", p.pk))


@require_POST
@login_required
def programme_copy(request, pk):
    programme = rules.programme_for(request.user, pk)
    try:
        copy = services.copy_programme(programme=programme, by=request.user)
    except (ValidationError, Conflict) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message)
        return redirect("workflows:programme", pk)
    messages.success(request, _("已复制为“%(name)s”，请检查后修改。") % {"name": copy})
    return redirect("workflows:programme-edit", copy.pk)


@login_required
def campaign_new(request, pk):
    programme = selectors.programme_detail(request.user, pk)
    form = CampaignForm(request.POST or None, quotas={row.district_id: row.quota
                                                      for row in programme.district_quotas.all()},
                        initial={"total_quota": programme.total_quota, "name": _("%(year)s年度") % {
                            "year": programme.year}})

    def page(status=200, error=""):
        return render(request, "workflows/programmes/campaign_new.html", {
            "form": form, "programme": programme, "error": error, "page_name": PAGE}, status=status)
    if request.method != "POST":
        return page()
    return _run(request, lambda: campaign_services.open_campaign(
        programme=programme, by=request.user, name=form.cleaned_data["name"], opens_at=form.cleaned_data["opens_at"],
        closes_at=form.cleaned_data["closes_at"], formal_review_closes_at=form.cleaned_data["formal_review_closes_at"],
        total_quota=form.cleaned_data["total_quota"], district_quotas=form.district_quotas()),
        forms=[form], render_again=page, success=lambda c: _("已新建申报批次“%(name)s”。") % {"name": c},
        then=lambda c: ("workflows:campaign", c.pk))


@login_required
def campaign_page(request, pk, form=None, status=200, error=""):
    campaign = selectors.campaign_detail(request.user, pk)
    quotas = {row.district_id: row for row in campaign.district_quotas.all()}
    form = form or CampaignForm(quotas={pk: row.quota for pk, row in quotas.items()}, initial={
        "name": campaign.name, "opens_at": campaign.opens_at, "closes_at": campaign.closes_at,
        "formal_review_closes_at": campaign.formal_review_closes_at, "total_quota": campaign.total_quota})
    progress = campaign_services.campaign_progress(campaign)
    return render(request, "workflows/programmes/campaign.html", {
        "campaign": campaign, "programme": campaign.programme, "form": form, "error": error,
        "quotas": quotas, "progress": progress, "counts": campaign_services.progress_counts(progress),
        "districts": selectors.progress_by_district(progress, quotas), "states": campaign_services.STATES,
        "page_name": PAGE}, status=status)


@require_POST
@login_required
def campaign_edit(request, pk):
    rules.campaign_for(request.user, pk)  # 404 before reading the form
    form = CampaignForm(request.POST)
    return _run(request, lambda: campaign_services.edit_campaign(
        campaign=pk, by=request.user, name=form.cleaned_data["name"], opens_at=form.cleaned_data["opens_at"],
        closes_at=form.cleaned_data["closes_at"], formal_review_closes_at=form.cleaned_data["formal_review_closes_at"],
        total_quota=form.cleaned_data["total_quota"], district_quotas=form.district_quotas(every=True)),
        forms=[form], render_again=lambda status=200, error="": campaign_page(request, pk, form=form, status=status,
                                                                               error=error),
        success=lambda c: _("已保存。"), then=lambda c: ("workflows:campaign", c.pk))
