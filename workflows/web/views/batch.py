"""批量审批's pages: the 待办 / 可领取 form posts here; first a confirm page listing the chosen
items and the comment, then, confirmed, one services call (approve_tasks) and its result page:
each task done, or refused and why, with links."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_POST

from workflows.engine.batch_approval import rules
from workflows.engine.batch_approval.services import approve_tasks, check_comment
from workflows.engine.reading.selectors import task_entries

BACK_PAGES = ("todo", "claimable")


@require_POST
@login_required
def batch_approve(request):
    back = request.POST.get("back") if request.POST.get("back") in BACK_PAGES else "todo"
    raw_ids, comment = request.POST.getlist("tasks"), request.POST.get("comment", "")
    context = {"back": back, "comment": comment}
    try:
        if request.POST.get("confirmed"):
            result = approve_tasks(tasks=raw_ids, by=request.user, comment=comment)
            return render(request, "workflows/batch/result.html", {**context, "result": result})
        ids = rules.task_ids(raw_ids)
        check_comment(comment)
        known = rules.known_tasks(request.user, ids)
        step = rules.common_step(known.values())
    except ValidationError as exc:
        return render(request, "workflows/batch/confirm.html", {**context, "error": " ".join(exc.messages)},
                      status=400)
    entries = {entry.task.pk: entry for entry in task_entries([known[pk] for pk in ids if pk in known], request.user)}
    return render(request, "workflows/batch/confirm.html", {
        **context, "step": step, "ids": ids, "entries": [entries[pk] for pk in ids if pk in entries],
        "unknown": [pk for pk in ids if pk not in entries],
    })
