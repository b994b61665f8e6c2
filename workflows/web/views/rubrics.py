"""评分指标: the owning department's rubrics (list by year and state, a new one, 复制上一年度), one
rubric (its fields, indicator tree, grade bands; 复制为新版本) and one indicator (edit, move,
remove, confirmed first when it has indicators under it). Who may is workflows.engine.rubrics.rules
(anyone else 404); each act is one service call, and a frozen version answers 409 with the
service's notice (the page shows it read-only and offers the copy instead)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import Conflict, http_status
from workflows.engine.rubrics import indicator_edits, rules, selectors, services
from workflows.engine.rubrics.models import Indicator
from workflows.engine.rubrics.tree import subtree, tree_rows
from workflows.web.rubric_forms import BandsForm, CopyForm, IndicatorForm, RubricForm, tie_breaks_text
from workflows.web.views.experts import chosen_department
from workflows.web.views.notices import run_form


@login_required
def rubric_list(request, form=None, error="", status=200):
    department, departments = chosen_department(request, rules.staff_departments(request.user))
    year = request.GET.get("year", "")
    state = request.GET.get("state", "")
    rubrics = list(selectors.rubric_list(request.user, department, year=_number(year),
                                         state=state))
    context = {"department": department, "departments": departments, "rubrics": rubrics,
               "years": selectors.years_of(request.user, department), "year": year, "state": state,
               "copy_targets": selectors.copy_targets(request.user, department), "form": form or RubricForm(),
               "error": error, "page_name": "rubrics"}
    return render(request, "workflows/rubrics/list.html", context, status=status)


@require_POST
@login_required
def create(request):
    # Where the new rubric goes is named, never guessed: a department not the user's is 404.
    department = rules.staff_departments(request.user).filter(pk=_number(request.POST.get("department"))).first()
    rules.check_department(request.user, department)
    form = RubricForm(request.POST)
    return run_form(
        request, lambda data: services.create_rubric(department=department, by=request.user, **data),
        form=form, render_again=lambda **kw: rubric_list(request, form=form, **kw),
        success=lambda rubric: _("已新建评分指标“%(name)s”，请添加指标。") % {"name": rubric},
        then=lambda rubric: redirect("workflows:rubric", pk=rubric.pk))


@login_required
def rubric_page(request, pk, *, form=None, indicator_form=None, bands_form=None, copy_form=None, error="",
                status=200):
    view = selectors.rubric_view(request.user, pk)
    rubric = view.rubric
    this_year = timezone.localdate().year
    context = {
        "view": view, "rubric": rubric, "error": error, "page_name": "rubrics",
        "tie_breaks": tie_breaks_text(rubric.tie_breaks),
        "form": form or RubricForm(initial=RubricForm.initial_for(rubric)),
        "indicator_form": indicator_form or IndicatorForm(rows=view.rows),
        "bands_form": bands_form or BandsForm.for_bands(view.bands),
        "copy_form": copy_form or CopyForm(initial={"year": max(rubric.year, this_year)}),
    }
    return render(request, "workflows/rubrics/rubric.html", context, status=status)


def _on_rubric(request, pk, form, call, *, form_name, success):
    """Run an act of the rubric page; on refusal show the page again with `form` as `form_name`."""
    return run_form(request, call, form=form,
                    render_again=lambda **kw: rubric_page(request, pk, **{form_name: form}, **kw),
                    success=success, then=lambda result: redirect("workflows:rubric", pk=pk))


@require_POST
@login_required
def edit(request, pk):
    rules.rubric_for(request.user, pk)  # 404 before reading the form
    return _on_rubric(request, pk, RubricForm(request.POST),
                      lambda data: services.edit_rubric(rubric=pk, by=request.user, **data),
                      form_name="form", success=lambda rubric: _("已保存。"))


@require_POST
@login_required
def set_bands(request, pk):
    rules.rubric_for(request.user, pk)
    form = BandsForm.for_bands([], data=request.POST)
    return _on_rubric(request, pk, form, lambda data: services.set_bands(rubric=pk, bands=form.bands(), by=request.user),
                      form_name="bands_form", success=lambda rows: _("已保存等级划分（%(n)s个等级）。") % {"n": len(rows)})


@require_POST
@login_required
def add_indicator(request, pk):
    view = selectors.rubric_view(request.user, pk)
    form = IndicatorForm(request.POST, rows=view.rows)
    return _on_rubric(request, pk, form,
                      lambda data: indicator_edits.add_indicator(rubric=pk, by=request.user, **data),
                      form_name="indicator_form", success=lambda row: _("已添加指标“%(name)s”。") % {"name": row})


@require_POST
@login_required
def copy(request, pk):
    rules.rubric_for(request.user, pk)
    form = CopyForm(request.POST)
    return run_form(
        request, lambda data: services.copy_rubric(rubric=pk, by=request.user, year=data["year"]), form=form,
        render_again=lambda **kw: rubric_page(request, pk, copy_form=form, **kw),
        success=lambda new: _("已复制为%(rubric)s，可以修改。") % {"rubric": new},
        then=lambda new: redirect("workflows:rubric", pk=new.pk))


def _number(text):
    return int(text) if str(text or "").isdigit() else None


def _indicator(user, pk) -> Indicator:
    """The indicator if its rubric is in `user`'s scope, else NotFound."""
    rubric = Indicator.objects.filter(pk=pk).values_list("rubric_id", flat=True).first()
    rules.rubric_for(user, rubric)
    return Indicator.objects.select_related("rubric", "parent").get(pk=pk)


@login_required
def indicator_page(request, pk, form=None, error="", status=200):
    indicator = _indicator(request.user, pk)
    view = selectors.rubric_view(request.user, indicator.rubric_id)
    context = {"indicator": indicator, "rubric": view.rubric, "error": error, "page_name": "rubrics",
               "children": [row for row in view.rows if row.parent_code == indicator.code],
               "form": form or IndicatorForm(initial=IndicatorForm.initial_for(indicator), rows=view.rows,
                                             indicator=indicator)}
    return render(request, "workflows/rubrics/indicator.html", context, status=status)


@require_POST
@login_required
def edit_indicator(request, pk):
    indicator = _indicator(request.user, pk)
    form = IndicatorForm(request.POST, rows=selectors.rubric_view(request.user, indicator.rubric_id).rows,
                         indicator=indicator)
    return run_form(
        request, lambda data: indicator_edits.edit_indicator(indicator=pk, by=request.user, **data), form=form,
        render_again=lambda **kw: indicator_page(request, pk, form=form, **kw),
        success=lambda row: _("已保存指标“%(name)s”。") % {"name": row},
        then=lambda row: redirect("workflows:rubric", pk=row.rubric_id))


def _act(request, pk, call, success):
    """An act without a form of its own (move, remove): a refusal is said above the rubric page."""
    try:
        result = call()
    except Conflict as exc:
        return rubric_page(request, pk, error=exc.message, status=http_status(exc))
    except ValidationError as exc:
        return rubric_page(request, pk, error=" ".join(exc.messages), status=400)
    messages.success(request, success(result))
    return redirect("workflows:rubric", pk=pk)


@require_POST
@login_required
def move_indicator(request, pk):
    indicator = _indicator(request.user, pk)
    return _act(request, indicator.rubric_id,
                lambda: indicator_edits.move_indicator(indicator=pk, by=request.user,
                                                       direction=request.POST.get("direction")),
                success=lambda row: _("已移动指标“%(name)s”。") % {"name": row})


@require_POST
@login_required
def remove_indicator(request, pk):
    indicator = _indicator(request.user, pk)
    rubric = indicator.rubric
    below = subtree(tree_rows(rubric), indicator)
    if below and not rubric.frozen and request.POST.get("confirmed") != "1":
        return render(request, "workflows/rubrics/remove.html",
                      {"indicator": indicator, "rubric": rubric, "below": below, "page_name": "rubrics"})
    return _act(request, rubric.pk, lambda: indicator_edits.remove_indicator(indicator=pk, by=request.user),
                success=lambda result: _("已删除指标“%(name)s”。") % {"name": indicator})
