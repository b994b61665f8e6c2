"""One page per act on an inspection case (/work/inspection/cases/<pk>/<act>/): the form, and on
POST the act's one service call. Errors stay on the page (400; 409 for a case not at that stage),
403 without standing, 404 out of sight; success goes back to the item page."""

from dataclasses import dataclass
from typing import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.engine.exceptions import Conflict, NotAllowed, http_status
from workflows.inspection import rules
from workflows.inspection.case_models import InspectionCase
from workflows.inspection.selectors import open_case_task, plan_indicators
from workflows.inspection.services import filings, opinion, team
from workflows.inspection.services.plans import _as_moment
from workflows.web.views.item import add_service_error
from workflows.inspection.web.forms import FindingForm, RatingForm, ReviewForm, SelfAssessmentForm, TeamForm, TextForm


@dataclass(frozen=True)
class Act:
    title: str
    form: Callable  # (case, data, files) -> Form
    call: Callable  # (request, case, task, cleaned form) -> result
    done: str


def _task_pk(case):
    task = open_case_task(case)
    return task.pk if task is not None else 0


def _text(label, required=True):
    return lambda case, data, files: TextForm(data, label=label, required=required)


ACTS = {
    "self-assessment": Act(
        gettext_lazy("填报自评"), lambda case, data, files: SelfAssessmentForm(data, indicators=plan_indicators(case)),
        lambda request, case, task, form: filings.file_self_assessment(
            task=task, by=request.user, scores=form.scores(), comment=form.cleaned_data["comment"],
            attachments=request.FILES.getlist("attachments")),
        gettext_lazy("自评已提交。")),
    "team": Act(
        gettext_lazy("组建督导组"), lambda case, data, files: TeamForm(data, candidates=team.candidates(case)),
        lambda request, case, task, form: team.form_team(case=case, by=request.user,
                                                         members=list(form.cleaned_data["members"]),
                                                         leader=form.cleaned_data["leader"]),
        gettext_lazy("已组建督导组。")),
    "finding": Act(
        gettext_lazy("记录督导发现"), lambda case, data, files: FindingForm(data),
        lambda request, case, task, form: team.record_finding(case=case, by=request.user, **form.cleaned_data),
        gettext_lazy("已记录督导发现。")),
    "rating": Act(
        gettext_lazy("给出总体评价"), lambda case, data, files: RatingForm(data),
        lambda request, case, task, form: team.give_rating(case=case, by=request.user, **form.cleaned_data),
        gettext_lazy("已给出总体评价。")),
    "answer": Act(
        gettext_lazy("反馈与申辩"), _text(gettext_lazy("申辩意见（无异议可不填）"), required=False),
        lambda request, case, task, form: filings.answer_findings(task=task, by=request.user,
                                                                  answer=form.cleaned_data["text"]),
        gettext_lazy("已提交反馈意见。")),
    "opinion": Act(
        gettext_lazy("印发督导意见书"), _text(gettext_lazy("整改要求")),
        lambda request, case, task, form: opinion.issue_opinion(task=task, by=request.user,
                                                                rectifications=form.cleaned_data["text"]),
        gettext_lazy("已印发督导意见书。")),
    "rectification-plan": Act(
        gettext_lazy("提交整改方案"), _text(gettext_lazy("整改方案")),
        lambda request, case, task, form: filings.file_rectification_plan(task=task, by=request.user,
                                                                          plan=form.cleaned_data["text"]),
        gettext_lazy("已提交整改方案。")),
    "rectification-report": Act(
        gettext_lazy("提交整改报告"), _text(gettext_lazy("整改报告")),
        lambda request, case, task, form: filings.file_rectification_report(task=task, by=request.user,
                                                                            report=form.cleaned_data["text"]),
        gettext_lazy("已提交整改报告。")),
    "review": Act(
        gettext_lazy("复查"), lambda case, data, files: ReviewForm(data),
        lambda request, case, task, form: opinion.review_rectification(
            task=task, by=request.user, accepted=form.cleaned_data["accepted"], comment=form.cleaned_data["comment"],
            due_at=_as_moment(form.cleaned_data["due"]) if form.cleaned_data["due"] else None),
        gettext_lazy("已记录复查结论。")),
    "reexamination": Act(
        gettext_lazy("申请复查督导结论"), _text(gettext_lazy("申请理由")),
        lambda request, case, task, form: opinion.request_reexamination(case=case, by=request.user,
                                                                        reason=form.cleaned_data["text"]),
        gettext_lazy("已提交复查申请。")),
    "reexamination-answer": Act(
        gettext_lazy("答复复查申请"), _text(gettext_lazy("复查结论")),
        lambda request, case, task, form: opinion.answer_reexamination(case=case, by=request.user,
                                                                       outcome=form.cleaned_data["text"]),
        gettext_lazy("已答复复查申请。")),
}


@login_required
def case_act(request, pk, act):
    if act not in ACTS:
        raise Http404()
    case = rules.visible(request.user, pk, kind=InspectionCase.KIND)
    spec = ACTS[act]
    form = spec.form(case, request.POST if request.method == "POST" else None, request.FILES or None)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                spec.call(request, case, _task_pk(case), form)
            except NotAllowed as exc:
                return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
            except Conflict as exc:
                error, status = exc.message, http_status(exc)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, str(spec.done))
                return redirect("workflows:item", pk=case.pk)
    return render(request, "inspection/act.html", {
        "case": case, "act": act, "title": spec.title, "form": form, "error": error,
        "files": act == "self-assessment", "page_name": "inspection",
        "hint": _("本计划的指标及评分说明见各项下方。") if act == "self-assessment" else ""}, status=status)
