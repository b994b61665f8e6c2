"""Life after approval's pages: the list of tenures (认定有效期: by state, expiring soon) and one
page per act — 撤销 (the owning department's heads, confirmed first: it cannot be undone), 年度总结
(the holder), 年度考核 (the department; a 不合格 that revokes by the terms' rule is confirmed
first), 复核 and its result (the department; a failed one revokes, confirmed first), 续期 (the
holder: the renewal item then goes through approval like any item). The tenure itself is shown on
its item's page (workflows.web.tenure_panel). Who may: workflows.engine.tenure.rules, the same
rule as the services and the API (anyone who cannot see the item: 404)."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.engine.exceptions import Conflict, NotAllowed, http_status
from workflows.engine.tenure import rules
from workflows.engine.tenure.models import Rating, ReassessmentOutcome
from workflows.engine.tenure.reassessment import open_reassessment, record_reassessment
from workflows.engine.tenure.renewal import renew_tenure
from workflows.engine.tenure.reports import file_report, rate_report
from workflows.engine.tenure.revoking import revoke_tenure
from workflows.web.listing import ListError, paginate
from workflows.web.tenure_forms import (
    RateForm,
    ReassessForm,
    RecordForm,
    RenewForm,
    ReportForm,
    RevokeForm,
    TenureFilterForm,
)
from workflows.web.views.item import add_service_error


@login_required
def tenure_list(request):
    form = TenureFilterForm(request.GET)
    page, error, status = None, "", 200
    if not form.is_valid():
        error, status = _("筛选条件有误，请按提示修改。"), 400
    else:
        tenures = rules.listed_tenures(request.user, state=form.cleaned_data["state"],
                                       expiring=form.cleaned_data["expiring"])
        tenures = tenures.select_related("item__organisation", "item__owner_department", "terms", "document") \
            .order_by("valid_until", "pk")
        try:
            page = paginate(tenures, request.GET.get("page"))
        except ListError as exc:
            error, status = exc.message, exc.status
        else:
            today = rules.today()
            for tenure in page.object_list:
                tenure.days_left = (tenure.valid_until - today).days
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page"])
    context = {"form": form, "page": page, "error": error, "query": query, "page_name": "tenures",
               "soon_days": rules.EXPIRING_SOON_DAYS}
    return render(request, "workflows/tenure/list.html", context, status=status)


@dataclass(frozen=True)
class Confirm:
    """An act that cannot be undone (or this input of it, `when`) asks first on the confirm page,
    naming the consequence; `keep` is the form's choice the confirm page sends back."""

    title: str
    button: str
    consequence: str
    when: Callable[[dict], bool] = lambda data: True
    keep: str = ""


def act_page(request, tenure, act, *, title, form, intro="", action="", error="", status=200, report=None):
    """An act's page: the tenure, what the act does, its form (or why the reader may not)."""
    refused = rules.refusal(request.user, tenure, act)
    if refused and not error:
        return render(request, "workflows/forbidden.html", {"message": refused}, status=403)
    context = {"tenure": tenure, "item": tenure.item, "title": title, "intro": intro, "form": form,
               "action": action or request.path, "error": error, "report": report}
    return render(request, "workflows/tenure/act.html", context, status=status)


def run_act(request, tenure, act, *, form, page, call, success, confirm=None, then=None):
    """GET: the act's page. POST: its form, then (when `confirm` says so) the confirm page, then the
    service `call`; its refusals are said on the act's page (403 page, 409 or 400 with the form)."""
    if request.method != "POST":
        return act_page(request, tenure, act, form=form, **page)
    if not form.is_valid():
        return act_page(request, tenure, act, form=form, status=400, **page)
    data = form.cleaned_data
    if confirm is not None and not request.POST.get("confirmed") and data["comment"].strip() and confirm.when(data):
        return render(request, "workflows/confirm.html", {
            "item": tenure.item, "action": request.path, "comment": data["comment"], "comment_required": True,
            "comment_label": form.fields["comment"].label, "title": confirm.title, "button": confirm.button,
            "consequence": confirm.consequence, "hidden": {confirm.keep: data[confirm.keep]} if confirm.keep else {}})
    try:
        result = call(data)
    except NotAllowed as exc:
        return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)
    except Conflict as exc:
        return act_page(request, tenure, act, form=form, error=exc.message, status=http_status(exc), **page)
    except ValidationError as exc:
        add_service_error(form, exc)
        return act_page(request, tenure, act, form=form, status=400, **page)
    messages.success(request, success(result))
    return redirect("workflows:item", pk=then(result) if then else tenure.item_id)


def _post(request):
    return request.POST if request.method == "POST" else None


def tenure_act(act, form_class, *, title, intro, call, success, confirm=None, then=None, part=None):
    """The view of an act: its page, then `call(pk, user, form data)`. The act is on the tenure, or
    on a `part` of it (`part(user, pk)`: its annual report, its re-assessment); `intro` and
    `confirm` may depend on the part and the tenure."""
    @login_required
    def view(request, pk):
        found = part(request.user, pk) if part else None
        tenure = found.tenure if found else rules.tenure_for(request.user, pk)
        page = {"title": title, "intro": intro(found) if callable(intro) else intro,
                "report": found if act == "rate" else None}
        return run_act(request, tenure, act, form=form_class(_post(request)), page=page,
                       confirm=confirm(tenure) if callable(confirm) else confirm,
                       call=lambda data: call(pk, request.user, data), success=success, then=then)
    return view


revoke = tenure_act(
    "revoke", RevokeForm, title=gettext_lazy("撤销认定"),
    intro=gettext_lazy("撤销后认定立即失效，生成撤销决定文号，并告知认定对象。"),
    confirm=Confirm(title=gettext_lazy("确认撤销认定"), button=gettext_lazy("确认撤销"),
                    consequence=gettext_lazy("撤销后认定立即失效，不能恢复；将生成撤销决定文号并告知认定对象。"
                                             "如需再获认定，须重新申报。")),
    call=lambda pk, user, data: revoke_tenure(tenure=pk, by=user, reason=data["comment"]),
    success=lambda result: _("已撤销认定，撤销决定文号：%(number)s。") % {
        "number": result.document.text if result.document else "—"})

report = tenure_act(
    "report", ReportForm, title=gettext_lazy("提交年度总结"),
    intro=gettext_lazy("每年在年度考核期内提交一次，由主管处室考核。"),
    call=lambda pk, user, data: file_report(tenure=pk, by=user, summary=data["comment"]),
    success=lambda result: _("已提交%(year)s年度总结，等待主管处室考核。") % {"year": result.year})

reassess = tenure_act(
    "reassess", ReassessForm, title=gettext_lazy("发起复核"),
    intro=gettext_lazy("复核期间认定继续有效；复核不通过即撤销认定。"),
    call=lambda pk, user, data: open_reassessment(tenure=pk, by=user, reason=data["comment"]),
    success=lambda result: _("已发起复核。"))

renew = tenure_act(
    "renew", RenewForm, title=gettext_lazy("申请续期"),
    intro=gettext_lazy("将以本认定的申报内容提交续期申请，进入审批流程；按有效期规则，续期可免于部分环节。"
                       "续期获批后，新的有效期自本期届满次日起算。"),
    call=lambda pk, user, data: renew_tenure(tenure=pk, by=user),
    success=lambda result: _("已提交续期申请%(ref_no)s，请在此查看审批进度。") % {"ref_no": result.renewal_item.ref_no},
    then=lambda result: result.renewal_item_id)


rate = tenure_act(
    "rate", RateForm, part=rules.report_for, title=gettext_lazy("年度考核"),
    intro=gettext_lazy("考核结果：优秀、合格或不合格；不合格必须填写考核意见。"),
    confirm=lambda tenure: Confirm(
        when=lambda data: rules.rating_revokes(tenure, data["rating"]), keep="rating",
        title=_("确认考核为不合格"), button=_("确认不合格并撤销认定"),
        consequence=_("按有效期规则，累计%(n)s次不合格即撤销认定：提交后认定立即撤销，不能恢复。")
        % {"n": tenure.terms.failures_to_revoke}),
    call=lambda pk, user, data: rate_report(report=pk, by=user, rating=data["rating"], note=data["comment"]),
    success=lambda result: _("已将%(year)s年度考核为“%(rating)s”。") % {
        "year": result.year, "rating": Rating(result.rating).label})

record = tenure_act(
    "reassess", RecordForm, part=rules.reassessment_for, title=gettext_lazy("复核结果"),
    intro=lambda reassessment: _("复核事由：%(reason)s") % {"reason": reassessment.reason},
    confirm=Confirm(when=lambda data: data["outcome"] == ReassessmentOutcome.FAILED, keep="outcome",
                    title=gettext_lazy("确认复核不通过"), button=gettext_lazy("确认不通过并撤销认定"),
                    consequence=gettext_lazy("复核不通过即撤销认定：提交后认定立即撤销，生成撤销决定文号，不能恢复。")),
    call=lambda pk, user, data: record_reassessment(reassessment=pk, by=user, outcome=data["outcome"],
                                                    note=data["comment"]),
    success=lambda result: _("已记录复核结果：%(outcome)s。") % {"outcome": result.get_outcome_display()})
