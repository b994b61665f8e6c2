"""专家评分 pages: the expert's score sheet (save a draft, submit), the panel's sheets for the
chair (return one with a reason) and the department (confirm the result), the department's
result (every score and the computation, printable) and its Excel export. What each reader may
see is workflows.engine.scoring.rules, read through scoring.selectors; each act is one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import Conflict, NotAllowed, NotFound, http_status
from workflows.engine.scoring import selectors, services
from workflows.engine.scoring.models import ScoreSheet
from workflows.web.scoring_excel import computation_lines, result_workbook
from workflows.web.scoring_forms import ReturnForm, posted_lines


def forbidden(request, exc):
    return render(request, "workflows/forbidden.html", {"message": exc.message}, status=403)


@login_required
def sheet_page(request, pk, posted=None, errors=None, error="", status=200):
    """The expert's own sheet: every indicator with its range and guidance, score and comment."""
    try:
        view = selectors.sheet_view(request.user, pk)
    except NotAllowed as exc:
        return forbidden(request, exc)
    except Conflict as exc:
        raise NotFound(exc.message) from None
    posted = posted or {}
    rows = [{"row": row, "score": posted.get(row.code, {}).get("score", row.score if row.score is not None else ""),
             "comment": posted.get(row.code, {}).get("comment", row.comment),
             "errors": (errors or {}).get(row.code, [])} for row in view.rows]
    known = {row.code for row in view.rows}
    stray = [message for code, found in (errors or {}).items() if code not in known for message in found]
    context = {"view": view, "item": view.item, "rows": rows, "stray": stray, "error": error, "page_name": "reviews"}
    return render(request, "workflows/scoring/sheet.html", context, status=status)


@require_POST
@login_required
def save_sheet(request, pk):
    """保存草稿 or 提交: the draft is saved first (nothing if a score is refused), then submitted."""
    lines = posted_lines(request.POST)
    submitting = request.POST.get("action") == "submit"
    again = {code: {"score": line["score"], "comment": line["comment"]} for code, line in lines.items()}
    try:
        services.save_draft(item=pk, by=request.user, lines=lines)
        if submitting:
            services.submit_sheet(item=pk, by=request.user)
    except NotAllowed as exc:
        return forbidden(request, exc)
    except Conflict as exc:
        return sheet_page(request, pk, posted=again, error=exc.message, status=http_status(exc))
    except ValidationError as exc:
        error = _("草稿已保存，但还不能提交：") if submitting and _saved(request.user, pk) else ""
        return sheet_page(request, pk, posted=again, errors=exc.message_dict,
                          error=error + _("请更正标出的评分。"), status=400)
    messages.success(request, _("评分表已提交。") if submitting else _("草稿已保存。"))
    return redirect("workflows:score-sheet", pk=pk)


def _saved(user, item_pk) -> bool:
    return ScoreSheet.objects.filter(item_id=item_pk, expert__user=user).exists()


@login_required
def overview_page(request, pk, forms=None, error="", status=200):
    """The panel's sheets: states for everyone on it and the department, scores once all are in."""
    view = selectors.overview(request.user, pk)
    context = {"view": view, "item": view.item, "forms": forms or {}, "return_form": ReturnForm(), "error": error,
               "page_name": "reviews"}
    return render(request, "workflows/scoring/overview.html", context, status=status)


@require_POST
@login_required
def return_sheet(request, pk):
    """The chair sends a submitted sheet back to its expert, with the reason."""
    sheet = ScoreSheet.objects.filter(pk=pk).values_list("item_id", flat=True).first()
    if sheet is None:
        raise NotFound()
    selectors.overview(request.user, sheet)  # 404 for anyone who does not see the panel
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return overview_page(request, sheet, forms={pk: form}, status=400)
    try:
        services.return_sheet(sheet=pk, by=request.user, reason=form.cleaned_data["reason"])
    except NotAllowed as exc:
        return forbidden(request, exc)
    except Conflict as exc:
        return overview_page(request, sheet, error=exc.message, status=http_status(exc))
    except ValidationError as exc:
        form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        return overview_page(request, sheet, forms={pk: form}, status=400)
    messages.success(request, _("已将评分表退回专家修改。"))
    return redirect("workflows:scoring", pk=sheet)


@require_POST
@login_required
def close(request, pk):
    """The department confirms the result; the verdict moves the item."""
    try:
        result = services.close_scoring(item=pk, by=request.user)
    except Conflict as exc:
        return overview_page(request, pk, error=exc.message, status=http_status(exc))
    messages.success(request, _("已确认评分结果：%(total)s分。") % {"total": result.total})
    return redirect("workflows:score-result", pk=pk)


def _table(request, pk):
    try:
        return selectors.result_table(request.user, pk), None
    except Conflict as exc:
        return None, exc


@login_required
def result_page(request, pk):
    table, exc = _table(request, pk)
    if exc is not None:
        return overview_page(request, pk, error=exc.message, status=http_status(exc))
    context = {"table": table, "item": table.item, "computation": computation_lines(table), "page_name": "reviews"}
    return render(request, "workflows/scoring/result.html", context)


@login_required
def result_excel(request, pk):
    table, exc = _table(request, pk)
    if exc is not None:
        return overview_page(request, pk, error=exc.message, status=http_status(exc))
    response = HttpResponse(result_workbook(table),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="scores-{table.item.pk}.xlsx"'
    return response
