"""The inbox pages: the list (newest first, unread highlighted), opening one (marks it read, then
goes to the item), marking all read, and each person's channel choices per kind of message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.inbox import inbox, mark_all_read, mark_read
from notifications.kinds import kind_label, registered_kinds
from notifications.messages import details_of, subject_of
from notifications.models import EmailMode, Notification
from notifications.preferences import channel_preferences, set_channel_preference

PAGE_SIZE = 20


@login_required
def inbox_page(request):
    paginator = Paginator(inbox(user=request.user).only("id", "kind", "params", "link", "created_at", "read_at"),
                          PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(_("没有这一页。")) from exc
    rows = [{"notification": n, "subject": subject_of(n), "kind": kind_label(n.kind), "details": details_of(n)}
            for n in page.object_list]
    return render(request, "notifications/inbox.html", {"page": page, "rows": rows})


def _safe_link(request, link: str) -> str | None:
    """Only a link on this site: a stored link is data, and must never send a person elsewhere."""
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return link
    return None


@login_required
@require_POST
def open_notification(request, pk):
    try:
        notification = mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404(_("没有这条通知。")) from exc
    return redirect(_safe_link(request, notification.link) or "notifications:inbox")


@login_required
@require_POST
def read_all(request):
    count = mark_all_read(user=request.user)
    messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": count})
    return redirect("notifications:inbox")


def _preference_rows(choices: dict, errors: dict) -> list[dict]:
    return [
        {
            "kind": kind.code,
            "label": kind.label,
            "email": choices[kind.code]["email"],
            "webhook": choices[kind.code]["webhook"],
            "digest_allowed": kind.digest_allowed,
            "error": errors.get(kind.code, ""),
        }
        for kind in registered_kinds()
    ]


def _save_preferences(user, post) -> tuple[dict, dict]:
    """Every kind's choice at once, or none of them: any refused choice rolls all back."""
    submitted, errors = {}, {}
    with transaction.atomic():
        for code in [kind.code for kind in registered_kinds()]:
            submitted[code] = {"email": post.get(f"{code}-email", ""), "webhook": post.get(f"{code}-webhook") == "on"}
            try:
                set_channel_preference(user=user, kind=code, **submitted[code])
            except ValidationError as exc:
                errors[code] = " ".join(exc.messages)
        if errors:
            transaction.set_rollback(True)
    return submitted, errors


@login_required
def preferences_page(request):
    status, errors = 200, {}
    if request.method == "POST":
        submitted, errors = _save_preferences(request.user, request.POST)
        if not errors:
            messages.success(request, _("通知设置已保存。"))
            return redirect("notifications:preferences")
        choices, status = submitted, 400
    else:
        choices = channel_preferences(user=request.user)
    context = {"rows": _preference_rows(choices, errors), "email_modes": EmailMode.choices,
               "digest": EmailMode.DIGEST, "has_errors": bool(errors)}
    return render(request, "notifications/preferences.html", context, status=status)
