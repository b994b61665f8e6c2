"""专家库: the department's pool (list, add), an expert (edit, take out of or back into the pool,
conflicts). Who may is workflows.engine.experts.rules.pool_departments (anyone else 404); each act
is one service call (workflows.engine.experts.pool)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.orgs.models import User
from workflows.engine.exceptions import NotFound
from workflows.engine.experts import pool, rules, selectors
from workflows.engine.experts.pool_models import ExpertConflict
from workflows.web.expert_forms import ConflictForm, ExpertForm, NewExpertForm
from workflows.web.views.notices import run_form


def chosen_department(request, departments):
    """The department the page is about: ?department= among those offered, else the first."""
    departments = list(departments)
    if not departments:
        raise NotFound()
    wanted = request.GET.get("department") or request.POST.get("department")
    return next((d for d in departments if str(d.pk) == wanted), departments[0]), departments


@login_required
def pool_page(request, form=None, error="", status=200):
    department, departments = chosen_department(request, rules.pool_departments(request.user))
    context = {"department": department, "departments": departments, "form": form or NewExpertForm(),
               "experts": selectors.pool(request.user, department), "error": error, "page_name": "experts"}
    return render(request, "workflows/experts/pool.html", context, status=status)


@require_POST
@login_required
def add(request):
    department, _departments = chosen_department(request, rules.pool_departments(request.user))
    form = NewExpertForm(request.POST)

    def call(data):
        user = User.objects.filter(username=data["username"].strip(), is_active=True).first()
        return pool.add_expert(department=department, user=user, home=data["home"], by=request.user,
                               title=data["title"], note=data["note"], fields=form.field_values())
    return run_form(request, call, form=form, render_again=lambda **kw: pool_page(request, form=form, **kw),
                    success=lambda expert: _("已将%(name)s加入专家库。") % {"name": expert},
                    then=lambda expert: redirect("workflows:expert", pk=expert.pk))


@login_required
def expert_page(request, pk, form=None, conflict_form=None, error="", status=200):
    expert = rules.expert_for(request.user, pk)
    context = {"expert": expert, "error": error, "page_name": "experts",
               "form": form or ExpertForm(initial=ExpertForm.initial_for(expert)),
               "conflict_form": conflict_form or ConflictForm(),
               "conflicts": expert.conflicts.select_related("organisation")}
    return render(request, "workflows/experts/expert.html", context, status=status)


@require_POST
@login_required
def edit(request, pk):
    rules.expert_for(request.user, pk)  # 404 before reading the form
    form = ExpertForm(request.POST)
    return run_form(
        request, lambda data: pool.edit_expert(expert=pk, by=request.user, home=data["home"], title=data["title"],
                                               note=data["note"], fields=form.field_values()),
        form=form, render_again=lambda **kw: expert_page(request, pk, form=form, **kw),
        success=lambda expert: _("已保存。"), then=lambda expert: redirect("workflows:expert", pk=pk))


@require_POST
@login_required
def set_active(request, pk):
    active = request.POST.get("active") == "1"
    rules.expert_for(request.user, pk)
    return run_form(
        request, lambda data: pool.set_expert_active(expert=pk, active=active, by=request.user), form=forms.Form({}),
        render_again=lambda **kw: expert_page(request, pk, **kw),
        success=lambda expert: _("已恢复入库。") if active else _("已停用：以后的抽取不再抽到该专家。"),
        then=lambda expert: redirect("workflows:expert", pk=pk))


@require_POST
@login_required
def add_conflict(request, pk):
    rules.expert_for(request.user, pk)
    form = ConflictForm(request.POST)
    return run_form(
        request, lambda data: pool.add_conflict(expert=pk, organisation=data["organisation"], reason=data["reason"],
                                                detail=data["detail"], by=request.user),
        form=form, render_again=lambda **kw: expert_page(request, pk, conflict_form=form, **kw),
        success=lambda conflict: _("已登记回避单位。"), then=lambda conflict: redirect("workflows:expert", pk=pk))


@require_POST
@login_required
def remove_conflict(request, pk):
    conflict = ExpertConflict.objects.filter(pk=pk).values_list("expert_id", flat=True).first()
    rules.expert_for(request.user, conflict)
    return run_form(request, lambda data: pool.remove_conflict(conflict=pk, by=request.user), form=forms.Form({}),
                    render_again=lambda **kw: expert_page(request, conflict, **kw),
                    success=lambda result: _("已删除回避单位。"), then=lambda result: redirect("workflows:expert", pk=conflict))
