"""The studio kind's pages beyond the engine's (applying is 发起申报, with the member picker in the
start form; the item, its tasks, 公示 and its term are the engine's pages): the studios list with
terms, ratings and members and its Excel export; a studio's members and member changes; the
year's report with its plan and activities; the district's and the city's ratings. Each act is one
service call; refusals are said on the page (403/404/409/400), as on every page."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import Conflict, NotAllowed, NotFound, http_status
from workflows.engine.tenure import rules as tenure_rules
from workflows.engine.tenure.models import Rating
from workflows.studio import assessment, changes, rules, selectors
from workflows.studio.models import ActivityKind, ChangeAction, ChangeState, MemberRole, StudioDetails
from workflows.studio.start import member_candidates
from workflows.web.exports.workbook import Table, workbook_bytes
from workflows.web.listing import ListError, paginate
from workflows.web.picker import person_field, set_people
from workflows.web.views.exports import xlsx_response
from workflows.web.views.item import add_service_error

HEADERS = [gettext_lazy("编号"), gettext_lazy("工作室"), gettext_lazy("类型"), gettext_lazy("主持人"),
           gettext_lazy("学校"), gettext_lazy("状态"), gettext_lazy("有效期"), gettext_lazy("年度考核（区县/市局）"),
           gettext_lazy("在册成员")]


@login_required
def studio_list(request):
    page, error, status = None, "", 200
    try:
        page = paginate(selectors.studios(request.user), request.GET.get("page"))
    except ListError as exc:
        error, status = exc.message, exc.status
    rows = selectors.rows(page.object_list) if page else []
    return render(request, "studio/list.html", {"page": page, "rows": rows, "error": error, "page_name": "studios"},
                  status=status)


def _cells(row) -> list:
    tenure = row.tenure
    term = f"{tenure.starts_on:%Y-%m-%d} — {tenure.valid_until:%Y-%m-%d}（{tenure.get_state_display()}）" if tenure else ""
    ratings = "\n".join(f"{year}: {district or '—'} / {city or '—'}" for year, district, city, _report in row.ratings)
    cells = [row.item.ref_no, row.item.title, row.details.get_studio_type_display() if row.details else "",
             row.details.host.full_name if row.details else "", row.item.organisation.name, row.item.status_label,
             term, ratings, row.member_names]
    return [str(cell) for cell in cells]  # labels are lazy translations: Excel takes plain text


@login_required
def studio_export(request):
    """All the studios the reader sees (not one page), as .xlsx."""
    table = Table(title=_("名优教师工作室"), headers=[str(header) for header in HEADERS],
                  rows=[_cells(row) for row in selectors.rows(selectors.studios(request.user))])
    return xlsx_response(workbook_bytes([table]), _("名优教师工作室"))


# --- Members and member changes ----------------------------------------------------------------


class ChangeForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("变更"), choices=ChangeAction.choices)
    person = person_field(gettext_lazy("人员"), error_messages={"required": gettext_lazy("请选择人员。")})
    role = forms.ChoiceField(label=gettext_lazy("成员类别"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    reason = forms.CharField(label=gettext_lazy("变更理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_people(self.fields["person"], member_candidates())


def _refused(request, exc):
    template = "workflows/forbidden.html"
    return render(request, template, {"message": exc.message}, status=http_status(exc))


@login_required
def studio_members(request, pk):
    try:
        item = changes.studio_seen(request.user, pk)
    except NotFound as exc:
        return _refused(request, exc)
    form = ChangeForm(request.POST or None)
    done, error, status = posted(request, form, lambda data: changes.request_change(
        studio=item, by=request.user, action=data["action"], person=data["person"], role=data["role"],
        reason=data["reason"]))
    if done is not None:
        return done
    if status == 200 and request.method == "POST":
        messages.success(request, _("已提交成员变更申请，待学校负责人审核。"))
        return redirect("workflows:studio-members", pk=item.pk)
    [row] = selectors.rows([item])
    details = StudioDetails.objects.filter(item=item).first()
    pending = [change for change in selectors.changes_of(item)]
    for change in pending:
        change.may_decide = not rules.change_refusal(request.user, change) and change.state in (
            ChangeState.SCHOOL, ChangeState.DEPARTMENT)
    context = {"item": item, "row": row, "changes": pending, "form": form, "error": error,
               "is_host": details is not None and details.host_id == request.user.pk}
    return render(request, "studio/members.html", context, status=status)


@login_required
@require_POST
def change_decide(request, pk, verdict):
    """同意 or 不予批准 a member change (a note; required to refuse)."""
    call = changes.approve_change if verdict == "approve" else changes.refuse_change
    try:
        change = call(change=pk, by=request.user, note=request.POST.get("note", ""))
    except (NotAllowed, NotFound) as exc:
        return _refused(request, exc)
    except (Conflict, ValidationError) as exc:
        text = exc.message if isinstance(exc, Conflict) else " ".join(exc.messages)
        messages.error(request, text)
        studio = changes.MemberChange.objects.filter(pk=pk).values_list("studio_id", flat=True).first()
        return redirect("workflows:studio-members", pk=studio)
    messages.success(request, _("已办理成员变更：%(state)s。") % {"state": change.get_state_display()})
    return redirect("workflows:studio-members", pk=change.studio_id)


# --- The year's report and its ratings ---------------------------------------------------------


class ReportForm(forms.Form):
    plan = forms.CharField(label=gettext_lazy("年度计划"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    summary = forms.CharField(label=gettext_lazy("年度总结"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    activities = forms.CharField(
        label=gettext_lazy("活动记录"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("每行一项：类别 日期 名称，如“公开课 2022-05-10 区级语文公开课”；类别为公开课、听评课、课题或成果"))

    def clean_activities(self):
        labels = {str(label): value for value, label in ActivityKind.choices}
        found = []
        for line in self.cleaned_data["activities"].splitlines():
            if not line.strip():
                continue
            parts = line.split(maxsplit=2)
            try:
                kind, held_on, title = labels[parts[0]], datetime.date.fromisoformat(parts[1]), parts[2]
            except (KeyError, IndexError, ValueError):
                raise ValidationError(_("活动记录“%(line)s”格式不正确：请写“类别 日期 名称”。") % {"line": line.strip()[:40]}) \
                    from None
            found.append({"kind": kind, "held_on": held_on, "title": title})
        return found


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=gettext_lazy("考核结果"), choices=Rating.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=gettext_lazy("考核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000, help_text=gettext_lazy("评为不合格必须填写"))


def posted(request, form, call):
    """A POST's form, then the service `call(cleaned_data)`: (a refusal page or None, the error to
    say, the status: 200 when it ran or nothing was posted)."""
    if request.method != "POST":
        return None, "", 200
    if not form.is_valid():
        return None, "", 400
    try:
        call(form.cleaned_data)
    except NotAllowed as exc:
        return _refused(request, exc), "", 403
    except Conflict as exc:
        return None, exc.message, http_status(exc)
    except ValidationError as exc:
        add_service_error(form, exc)
        return None, "", 400
    return None, "", 200


def _act(request, *, title, intro, form, tenure, call, success, report=None):
    done, error, status = posted(request, form, call)
    if done is not None:
        return done
    if status == 200 and request.method == "POST":
        messages.success(request, success)
        return redirect("workflows:item", pk=tenure.item_id)
    return render(request, "workflows/tenure/act.html", {
        "title": title, "intro": intro, "form": form, "tenure": tenure, "item": tenure.item, "error": error,
        "report": report, "action": request.path, "extra_template": "studio/_report_extra.html"}, status=status)


@login_required
def annual_report(request, pk):
    try:
        tenure = tenure_rules.tenure_for(request.user, pk)
    except NotFound as exc:
        return _refused(request, exc)
    return _act(request, title=_("提交工作室年度计划与总结"), tenure=tenure, form=ReportForm(request.POST or None),
                intro=_("年度考核期内提交，每年一次；提交后由区县、再由市局考核。"),
                call=lambda data: assessment.file_annual_report(tenure=tenure, by=request.user, plan=data["plan"],
                                                                summary=data["summary"], activities=data["activities"]),
                success=_("已提交年度计划与总结。"))


def rate_view(level):
    service = assessment.district_rate if level == "district" else assessment.city_rate
    title = gettext_lazy("区县年度考核") if level == "district" else gettext_lazy("市局年度考核")

    @login_required
    def view(request, pk):
        try:
            report = tenure_rules.report_for(request.user, pk)
        except NotFound as exc:
            return _refused(request, exc)
        return _act(request, title=str(title), tenure=report.tenure, report=report, form=RateForm(request.POST or None),
                    intro=_("第一次不合格向主持人和学校发出警示；累计两次不合格撤销认定。"),
                    call=lambda data: service(report=report.pk, by=request.user, rating=data["rating"],
                                              note=data["note"]),
                    success=_("已记录考核结果。"))
    return view


district_rate = rate_view("district")
city_rate = rate_view("city")
