"""常态督导's pages: the home page (a 督学's zone, a school's notices, the 督导室's links), zones
(督导室), recording a visit, 整改通知书 (issue, the notice with its report and review forms, its PDF),
the monthly table and its Excel file. Every act is one service call; who may is rules.py (404 out
of scope, 403 without standing, the same as the API)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.orgs.models import Organisation
from workflows.engine.documents.files import ensure_file
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.files.uploads import attachment_response
from workflows.inspection.routine import monthly, notices, rules, selectors, visits, zones
from workflows.inspection.routine.models import ReportFile, VisitPhoto, Zone
from workflows.inspection.routine.web.forms import MonthForm, NoticeForm, ReportForm, ReviewForm, VisitForm, ZoneForm
from workflows.web.listing import ListError, paginate
from workflows.web.views.exports import xlsx_response
from workflows.web.exports.workbook import workbook_bytes
from workflows.web.views.notices import run_form

PAGE = "routine"


def _page(request, template, context, status=200):
    return render(request, f"inspection/routine/{template}", {"page_name": PAGE, **context}, status=status)


def _attempt(request, form, call, again, success, then):
    """The engine pages' run_form, redirecting to the url named by `then(result)`."""
    return run_form(request, call, form=form, render_again=again, success=success,
                    then=lambda result: redirect(*then(result)))


def _my_zone(user, refusal: str):
    """The zone of the 责任督学 `user`; NotAllowed (403) with `refusal` for anyone else."""
    zone = rules.zone_of(user)
    if zone is None:
        raise NotAllowed(refusal)
    return zone


def _zone_schools(zone):
    ids = zone.members.values("school_id") if zone else []
    return Organisation.objects.filter(pk__in=ids).order_by("path")


@login_required
def home(request):
    today = timezone.localdate()
    zone = rules.zone_of(request.user)
    context = {
        "zone": zone, "manager": rules.is_manager(request.user), "today": today, "now": timezone.now(),
        "table": monthly.month_table(year=today.year, month=today.month, zone=zone) if zone else None,
        "notices": selectors.notice_list(request.user)[:20],
        "visits": selectors.visit_list(request.user)[:10],
    }
    return _page(request, "home.html", context)


def _listed(request, rows, template):
    try:
        page, error, status = paginate(rows, request.GET.get("page")), "", 200
    except ListError as exc:
        page, error, status = None, exc.message, exc.status
    return _page(request, template, {"page": page, "error": error, "now": timezone.now()}, status=status)


# --- 督学责任区 (督导室) -----------------------------------------------------------------------


@login_required
def zone_list(request):
    rules.check_manager(request.user)
    form = ZoneForm(request.POST or None)

    def again(error="", status=200):
        return _page(request, "zones.html", {"zones": selectors.zone_list(), "form": form, "error": error},
                     status=status)

    if request.method != "POST":
        return again()
    return _attempt(request, form, lambda data: zones.create_zone(
        by=request.user, name=data["name"], inspector=data["inspector"], schools=list(data["schools"])),
        again, lambda zone: _("已新建责任区“%(name)s”。") % {"name": zone.name}, lambda zone: ("routine:zones",))


@login_required
def zone_edit(request, pk):
    rules.check_manager(request.user)
    zone = Zone.objects.filter(pk=pk).select_related("inspector").first()
    if zone is None:
        raise NotFound(_("未找到该责任区。"))
    initial = {"name": zone.name, "inspector": zone.inspector, "schools": list(_zone_schools(zone))}
    form = ZoneForm(request.POST or None, initial=initial)

    def again(error="", status=200):
        return _page(request, "zone.html", {"zone": zone, "form": form, "error": error}, status=status)

    def save(data):
        if data["name"] != zone.name or data["inspector"] != zone.inspector:
            zones.edit_zone(zone=zone.pk, by=request.user, name=data["name"], inspector=data["inspector"])
        return zones.set_zone_schools(zone=zone.pk, by=request.user, schools=list(data["schools"]))

    if request.method != "POST":
        return again()
    return _attempt(request, form, save, again, lambda z: _("已保存责任区“%(name)s”。") % {"name": z.name},
                    lambda z: ("routine:zones",))


# --- 督导记录 ------------------------------------------------------------------------------


@login_required
def visit_new(request):
    zone = _my_zone(request.user, _("只有责任督学可以记录督导。"))
    form = VisitForm(request.POST or None, request.FILES or None, schools=_zone_schools(zone),
                     initial={"school": request.GET.get("school")})

    def again(error="", status=200):
        return _page(request, "visit_new.html", {"zone": zone, "form": form, "error": error}, status=status)

    if request.method != "POST":
        return again()
    return _attempt(request, form, lambda data: visits.record_visit(
        by=request.user, school=data["school"], visited_on=data["visited_on"], kinds=data["kinds"],
        findings=data["findings"], photos=data["photos"]), again,
        lambda visit: _("已记录%(school)s %(day)s的督导。") % {"school": visit.school.name,
                                                            "day": visit.visited_on.isoformat()},
        lambda visit: ("routine:visit", visit.pk))


@login_required
def visit_list(request):
    return _listed(request, selectors.visit_list(request.user), "visits.html")


@login_required
def visit_detail(request, pk):
    visit = rules.visible_visit(request.user, pk)
    zone = rules.zone_of(request.user)
    may_issue = zone is not None and zone.pk == visit.zone_id
    return _page(request, "visit.html", {"visit": visit, "photos": visit.photos.all(), "may_issue": may_issue,
                                         "notices": visit.notices.select_related("document")})


@login_required
def visit_photo(request, pk):
    photo = VisitPhoto.objects.filter(pk=pk).first()
    if photo is None:
        raise NotFound()
    rules.visible_visit(request.user, photo.visit_id)
    return attachment_response(photo)


# --- 整改通知书 -----------------------------------------------------------------------------


@login_required
def notice_new(request):
    zone = _my_zone(request.user, _("只有责任督学可以发出整改通知书。"))
    visit = request.GET.get("visit")
    form = NoticeForm(request.POST or None, schools=_zone_schools(zone),
                      initial={"school": request.GET.get("school"), "visit": visit})

    def again(error="", status=200):
        return _page(request, "notice_new.html", {"zone": zone, "form": form, "error": error}, status=status)

    if request.method != "POST":
        return again()
    return _attempt(request, form, lambda data: notices.issue_notice(
        by=request.user, school=data["school"], title=data["title"], problems=data["problems"],
        requirements=data["requirements"], working_days=data["working_days"], visit=data["visit"]), again,
        lambda notice: _("已发出整改通知书%(number)s。") % {"number": notice.document.number_text},
        lambda notice: ("routine:notice", notice.pk))


@login_required
def notice_list(request):
    return _listed(request, selectors.notice_list(request.user), "notices.html")


def _notice_page(request, pk, *, report_form=None, review_form=None, error="", status=200):
    notice = rules.visible_notice(request.user, pk)
    reports = notice.reports.select_related("submitted_by", "reviewed_by").prefetch_related("files")
    may = rules.may(request.user, notice)
    return _page(request, "notice.html", {
        "notice": notice, "reports": reports, "may": may, "error": error, "now": timezone.now(),
        "report_form": report_form or ReportForm(), "review_form": review_form or ReviewForm()}, status=status)


@login_required
def notice_detail(request, pk):
    return _notice_page(request, pk)


def _notice_act(request, pk, form, call, success, form_name):
    def again(error="", status=200):
        return _notice_page(request, pk, error=error, status=status, **{form_name: form})

    return _attempt(request, form, call, again, success, lambda result: ("routine:notice", pk))


@require_POST
@login_required
def notice_report(request, pk):
    return _notice_act(request, pk, ReportForm(request.POST, request.FILES), lambda data: notices.report_notice(
        notice=pk, by=request.user, text=data["text"], files=data["files"]),
        lambda report: _("已提交整改报告，等待责任督学确认。"), "report_form")


@require_POST
@login_required
def notice_review(request, pk):
    """确认 or 退回 (the button pressed: act=accept | return)."""
    def give_back(data):
        return notices.return_notice(notice=pk, by=request.user, comment=data["comment"],
                                     working_days=data["working_days"])

    def accept(data):
        return notices.accept_notice(notice=pk, by=request.user, comment=data["comment"])

    if request.POST.get("act") == "return":
        return _notice_act(request, pk, ReviewForm(request.POST), give_back, lambda notice: _(
            "已退回整改报告，学校须在%(due)s前重新报告。") % {"due": timezone.localtime(notice.due_at).date().isoformat()},
            "review_form")
    return _notice_act(request, pk, ReviewForm(request.POST), accept, lambda notice: _("已确认整改。"), "review_form")


@login_required
def notice_pdf(request, pk):
    document = ensure_file(rules.visible_notice(request.user, pk).document)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name,
                        content_type="application/pdf")


@login_required
def report_file(request, pk):
    row = ReportFile.objects.filter(pk=pk).select_related("report").first()
    if row is None:
        raise NotFound()
    rules.visible_notice(request.user, row.report.notice_id)
    return attachment_response(row)


# --- 督导统计 (督导室) --------------------------------------------------------------------------


def _chosen_month(request) -> tuple[MonthForm, datetime.date]:
    form = MonthForm(request.GET or None)
    chosen = form.cleaned_data.get("month") if form.is_valid() else None
    return form, chosen or timezone.localdate().replace(day=1)


@login_required
def monthly_table(request):
    rules.check_manager(request.user)
    form, month = _chosen_month(request)
    table = monthly.month_table(year=month.year, month=month.month)
    return _page(request, "monthly.html", {"form": form, "table": table, "months": monthly.month_headers(),
                                           "chosen": month}, status=200 if form.is_valid() or not request.GET else 400)


@login_required
def monthly_export(request):
    rules.check_manager(request.user)
    _form, month = _chosen_month(request)
    table = monthly.month_table(year=month.year, month=month.month)
    return xlsx_response(workbook_bytes(monthly.excel_tables(table)), _("常态督导统计"))
