"""The lists: 待办 (my tasks), 可领取 (my organisation's queue), 已办 (what I decided), 抄送我的 (what
was copied to me), 我的申请 (what I submitted) and 事项查询 (every item I may see). Each filters, sorts and paginates in the database."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.engine.carbon_copy import rules as carbon_copy
from workflows.engine.exports import rules as export_rules
from workflows.engine.models import Decision
from workflows.engine.reading import selectors
from workflows.engine.reading.search import ITEM_ORDERINGS
from workflows.web import batch, due, rows
from workflows.web.forms import ItemFilterForm
from workflows.web.listing import ListError, filter_by_item, filter_items, paginate

TASK_ITEM = "process__artifact_object_id"

TASK_SORTS = {
    "due": (gettext_lazy("期限最近的在前"), due.order_by_due),
    "oldest": (gettext_lazy("到达最早的在前"), lambda qs: qs.order_by("created", "pk")),
    "newest": (gettext_lazy("到达最晚的在前"), lambda qs: qs.order_by("-created", "-pk")),
}


def _item_order(key):
    return lambda items: items.order_by(*ITEM_ORDERINGS[key])


ITEM_SORTS = {
    "-updated_at": (gettext_lazy("最近更新的在前"), _item_order("-updated_at")),
    "-created_at": (gettext_lazy("最近创建的在前"), _item_order("-created_at")),
    "created_at": (gettext_lazy("最早创建的在前"), _item_order("created_at")),
    "ref_no": (gettext_lazy("按编号"), _item_order("ref_no")),
    "status": (gettext_lazy("按状态"), _item_order("status")),
}
DECISION_SORTS = {
    "newest": (gettext_lazy("最近办理的在前"), lambda qs: qs.order_by("-created_at", "-pk")),
    "oldest": (gettext_lazy("最早办理的在前"), lambda qs: qs.order_by("created_at", "pk")),
}


def _list_page(request, *, queryset, apply_filters, sorts, build_rows, template, page_name, exports=False,
               offers=None):
    """Validate the filter, then filter, sort, paginate and build the page's rows. A bad filter or
    page number is said on the page (400 / 404), never a server error. `offers(rows)`: what the
    page offers on its rows beyond each row's own link (批量审批), in the context as `offer`."""
    form = ItemFilterForm(request.GET, sorts=sorts)
    page, error, status = None, "", 200
    if not form.is_valid():
        error, status = _("筛选条件有误，请按提示修改。"), 400
    else:
        rows_queryset = apply_filters(queryset, form.cleaned_data)
        try:
            page = paginate(form.sorter()(rows_queryset), request.GET.get("page"))
        except ListError as exc:
            error, status = exc.message, exc.status
        else:
            page.object_list = build_rows(page.object_list)
    offer = offers(page.object_list) if offers is not None and page is not None else None
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page"])
    context = {"form": form, "page": page, "error": error, "query": query, "page_name": page_name, "offer": offer,
               "filtered": bool(query),
               "export_url": f"{reverse(f'workflows:{page_name}-export')}?{query}" if exports else "",
               # More rows than one waits for: the page offers the background export (导出任务).
               "export_background": exports and page is not None and export_rules.needs_background(page.paginator.count)}
    return render(request, template, context, status=status)


def _by_item(queryset, data):
    return filter_by_item(queryset, data, TASK_ITEM)


@dataclass(frozen=True)
class ListSpec:
    """What a list shows: the user's rows (their scope), how the filter applies, the sorts, the
    page's rows built from a page of them. The page and its Excel export (workflows.web.exports)
    read it from here, so an export never reaches beyond the page."""

    queryset: Callable
    apply_filters: Callable
    sorts: dict
    build_rows: Callable  # (objects, user) -> rows


def _decisions(user):
    """已办: every decision I made, on items I can still see."""
    return Decision.objects.filter(
        actor=user, item__in=selectors.visible_items(user).values("pk")
    ).select_related("item__organisation", "task", "acting_for")


LISTS = {
    "todo": ListSpec(selectors.my_tasks_queryset, _by_item, TASK_SORTS, rows.task_rows),
    "claimable": ListSpec(selectors.queue_queryset, _by_item, TASK_SORTS, rows.task_rows),
    "done": ListSpec(_decisions, lambda qs, data: filter_by_item(qs, data, "item"), DECISION_SORTS,
                     lambda decisions, user: rows.decision_rows(decisions)),
    "items": ListSpec(lambda user: selectors.visible_items(user).select_related("organisation", "submitter"),
                      filter_items, ITEM_SORTS, rows.item_rows),
}


def _spec_page(request, name, template, offers=None):
    spec, user = LISTS[name], request.user
    return _list_page(request, queryset=spec.queryset(user), apply_filters=spec.apply_filters, sorts=spec.sorts,
                      build_rows=lambda objects: spec.build_rows(objects, user), template=template, page_name=name,
                      exports=True, offers=offers)


@login_required
def todo(request):
    """待办: tasks claimed by me or assigned to me by name, soonest deadline first."""
    return _spec_page(request, "todo", "workflows/todo.html", offers=batch.mark_selectable)


@login_required
def claimable(request):
    """可领取: unclaimed tasks in the queues of the roles I hold, where I hold them."""
    return _spec_page(request, "claimable", "workflows/claimable.html", offers=batch.mark_selectable)


@login_required
def done(request):
    """已办: every decision I made, on items I can still see."""
    return _spec_page(request, "done", "workflows/done.html")


COPY_SORTS = {
    "newest": (gettext_lazy("最近抄送的在前"), lambda qs: qs.order_by("-created_at", "-pk")),
    "oldest": (gettext_lazy("最早抄送的在前"), lambda qs: qs.order_by("created_at", "pk")),
}


@login_required
def copied(request):
    """抄送我的: the items copied to me for information, on items I can still see."""
    return _list_page(
        request, queryset=carbon_copy.copied_to(request.user),
        apply_filters=lambda qs, data: filter_by_item(qs, data, "item"), sorts=COPY_SORTS,
        build_rows=rows.copy_rows, template="workflows/copied.html", page_name="copied",
    )


@login_required
def mine(request):
    """我的申请: the items I submitted (drafts too), with where each stands now."""
    items = selectors.visible_items(request.user).filter(submitter=request.user).select_related("organisation")
    return _list_page(
        request, queryset=items, apply_filters=filter_items, sorts=ITEM_SORTS,
        build_rows=lambda page: rows.item_rows(page, request.user),
        template="workflows/mine.html", page_name="mine",
    )


@login_required
def search(request):
    """事项查询: every item in my scope, by reference number, school or text, and the filters."""
    return _spec_page(request, "items", "workflows/items.html")
