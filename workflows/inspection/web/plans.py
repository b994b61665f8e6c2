"""The plan pages: 督导计划 (the department's plans), 新建计划, the plan page (every target's
stage, due date, lateness and escalations, sorted and filtered; 下发; the Excel export). Each act
is one service call (services.plans); who may is rules (404 out of sight, 403 without standing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.orgs.models import RoleGrant
from core.orgs.roles import OrgKind, Role
from workflows.engine.access import scoped_items
from workflows.engine.exceptions import NotAllowed
from workflows.engine.models import Item
from workflows.inspection import rules
from workflows.inspection.plan_models import InspectionPlan
from workflows.inspection.selectors import SORTS, plan_rows
from workflows.inspection.services import dispatch, plans
from workflows.inspection.export import plan_workbook
from workflows.inspection.web.forms import PlanForm
from workflows.web.views.item import add_service_error

def _department(user):
    grant = (RoleGrant.objects.active().filter(user=user, role__in=rules.PLANNERS,
                                              organisation__kind=OrgKind.DEPARTMENT)
             .select_related("organisation").first())
    if grant is None:
        raise NotAllowed(_("只有督导室的审核员或负责人可以制定和下发督导计划。"))
    return grant.organisation


@login_required
def plan_list(request):
    found = scoped_items(request.user, Item.objects.filter(kind=InspectionPlan.KIND)).select_related(
        "inspection_plan").order_by("-created_at")
    may_plan = RoleGrant.objects.active().filter(user=request.user, role__in=(Role.CITY_REVIEWER, Role.CITY_HEAD),
                                                 organisation__kind=OrgKind.DEPARTMENT).exists()
    return render(request, "inspection/plans.html", {"plans": [p.as_kind() for p in found], "may_plan": may_plan,
                                                      "page_name": "inspection"})


@login_required
def plan_new(request):
    try:
        department = _department(request.user)
    except NotAllowed as exc:
        return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
    form = PlanForm(request.POST or None, department=department)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            targets = plans.plan_targets(districts=data["districts"], school_types=data["school_types"],
                                         schools=data["scope"] == "schools")
            plan = plans.create_plan(
                department=department, by=request.user, title=data["title"], kind=data["kind"], rubric=data["rubric"],
                targets=targets, deadlines=form.deadlines(), timeout_action=data["timeout_action"],
                visit_from=data["visit_from"], visit_until=data["visit_until"], notice=data["notice"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已创建督导计划，请核对后下发。"))
            return redirect("workflows:inspection:plan", pk=plan.pk)
    return render(request, "inspection/plan_new.html", {"form": form, "page_name": "inspection"},
                  status=400 if form.errors else 200)


def _rows(request, plan):
    sort = request.GET.get("sort", "target")
    stage = request.GET.get("stage", "")
    late = request.GET.get("late") == "1"
    return plan_rows(request.user, plan, sort=sort if sort in SORTS else "target", stage=stage, late_only=late), \
        {"sort": sort, "stage": stage, "late": late}


@login_required
def plan_page(request, pk):
    plan = rules.visible(request.user, pk, kind=InspectionPlan.KIND)
    rows, chosen = _rows(request, plan)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(plan_workbook(plan, rows),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="plan-{plan.ref_no}.xlsx"'
        return response
    from workflows.inspection.case_models import InspectionCase

    return render(request, "inspection/plan.html", {
        "plan": plan, "details": plan.inspection_plan, "rows": rows, "chosen": chosen,
        "progress": dispatch.progress(plan), "may_dispatch": plan.status == InspectionPlan.Status.DRAFT
        and rules.may_plan(request.user, plan.owner_department),
        "stages": InspectionCase.Status.choices, "sorts": [("target", _("督导对象")), ("stage", _("环节")),
                                                           ("due", _("办理期限")), ("late", _("逾期天数"))],
        "late_count": sum(1 for row in rows if row.late_by), "page_name": "inspection"})


@require_POST
@login_required
def plan_dispatch(request, pk):
    plan = rules.visible(request.user, pk, kind=InspectionPlan.KIND)
    try:
        plans.dispatch_plan(plan=plan, by=request.user)
    except NotAllowed as exc:
        return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workflows:inspection:plan", pk=pk)
    messages.success(request, _("督导计划已下发，正在后台向各督导对象分派。"))
    return redirect("workflows:inspection:plan", pk=pk)
