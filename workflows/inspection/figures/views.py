"""数据采集's pages: the collections one may see (and a new one, for the 督导室), a collection (its
targets, and a district's results as tables and ECharts charts), one target's figures per section,
and a district's import (template, 校验, 导入). Who may is rules.py (404 out of scope, 403 seen but
not one's to do); each act is one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import Conflict, NotFound
from workflows.inspection.figures import reading, rules, services
from workflows.inspection.figures.api import xlsx_response
from workflows.inspection.figures.forms import CollectionForm, FiguresForm, ImportForm, MarkForm
from workflows.inspection.figures.models import Section
from workflows.inspection.figures.results import chart_data, district_results
from workflows.web.views.item import add_service_error

PAGE = "figures"


@login_required
def collection_list(request):
    manager = rules.supervision_departments(request.user).exists()
    form = CollectionForm(request.POST or None) if manager else None
    if request.method == "POST":
        if form is None:
            raise NotFound(_("只有督导室可以发起数据采集。"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                collection = services.create_collection(
                    figure_set=data["figure_set"], name=data["name"], year=data["year"], by=request.user,
                    districts=list(data["districts"]) or None)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("已发起数据采集“%(name)s”。") % {"name": collection})
                return redirect("workflows:figure-collection", collection.pk)
    collections = rules.visible_collections(request.user).select_related("figure_set")
    return render(request, "workflows/figures/list.html", {
        "collections": collections, "form": form, "page_name": PAGE}, status=400 if form and form.errors else 200)


@login_required
def collection_page(request, pk):
    collection = rules.collection_for_user(request.user, pk)
    detail = reading.collection_detail(request.user, collection)
    districts = detail["result_districts"]
    chosen = request.GET.get("district") or (str(districts[0]["id"]) if districts else "")
    results = chart = None
    if chosen:
        district = rules.district_for_results(request.user, collection, chosen)
        results = district_results(collection, district)
        chart = chart_data(results)
    importable = [d for d in {t.district for t in detail["targets"]} if rules.may_import(request.user, d)]
    return render(request, "workflows/figures/collection.html", {
        "collection": collection, "detail": detail, "results": results, "chart": chart, "chosen": chosen,
        "importable": sorted(importable, key=lambda d: d.path), "owner": rules.owns(request.user, collection),
        "page_name": PAGE})


@login_required
def target_page(request, pk):
    target = rules.target_for_user(request.user, pk)
    data = reading.target_figures(target)
    figures = list(target.collection.figure_set.figures.all())
    by_section = {row["section"]: row for row in data["returns"]}
    may_file = rules.may_file(request.user, target)
    posted = request.POST.get("section") if request.method == "POST" else None
    sections = []
    for section in target.sections:
        bound = request.POST if posted == section else None
        form = FiguresForm(bound, figures=figures, prefix=section,
                           initial_values=by_section.get(section, {}).get("values"))
        sections.append({"code": section, "label": Section(section).label, "form": form,
                         "filed": by_section.get(section)})
    status = 200
    if posted is not None:
        if not may_file:
            rules.check_file(request.user, target)
        chosen = next((s for s in sections if s["code"] == posted), None)
        if chosen is None:
            raise NotFound()
        form = chosen["form"]
        form.is_valid()
        try:
            services.submit_figures(target=target, section=posted, values=form.values(), by=request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
            status = 400
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("已保存%(org)s（%(section)s）的数据。") % {
                "org": target.organisation.name, "section": chosen["label"]})
            return redirect("workflows:figure-target", target.pk)
    mark = MarkForm(initial={"teaching_point": target.teaching_point, "excluded_reason": target.excluded_reason}) \
        if rules.owns(request.user, target.collection) else None
    return render(request, "workflows/figures/target.html", {
        "target": target, "sections": sections, "may_file": may_file and target.collection.is_open, "mark": mark,
        "page_name": PAGE}, status=status)


@require_POST
@login_required
def mark_target(request, pk):
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容。"))
        return redirect("workflows:figure-target", pk)
    try:
        services.mark_target(target=pk, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已保存。"))
    return redirect("workflows:figure-target", pk)


@login_required
def import_page(request, pk, district):
    collection = rules.collection_for_user(request.user, pk)
    district_org = next((t.district for t in collection.targets.filter(district_id=district)
                         .select_related("district")[:1]), None)
    rules.check_import(request.user, collection, district_org)
    form = ImportForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST" and form.is_valid():
        dry_run = "import" not in request.POST
        try:
            report = services.import_figures(collection=collection, district=district_org,
                                             content=form.cleaned_data["file"].read(), by=request.user,
                                             dry_run=dry_run)
        except ValidationError as exc:
            add_service_error(form, exc)
            status = 400
        else:
            if report.ok and not dry_run:
                messages.success(request, _("已导入%(n)s行数据。") % {"n": report.written})
                return redirect("workflows:figure-collection", collection.pk)
            status = 200 if report.ok else 400
    elif request.method == "POST":
        status = 400
    return render(request, "workflows/figures/import.html", {
        "collection": collection, "district": district_org, "form": form,
        "report": reading.report_data(report) if report else None, "page_name": PAGE}, status=status)


@login_required
def template_download(request, pk, district):
    collection = rules.collection_for_user(request.user, pk)
    content, filename = reading.template_for(request.user, collection, district)
    return xlsx_response(content, filename)
