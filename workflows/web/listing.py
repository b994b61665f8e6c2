"""Filtering and paginating the lists in the database, so that a page costs the same few queries
however many rows match."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from workflows.engine.models import Item
from workflows.engine.reading.search import ItemFilters, search_items

PAGE_SIZE = 20
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass
class ListError(Exception):
    """A bad page number: the page says why instead of failing."""

    message: str
    status: int


def paginate(rows, page_param, per_page: int = PAGE_SIZE) -> Page:
    raw = (page_param or "1").strip()
    if not PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise ListError(_("页码“%(page)s”无效：页码应为正整数。") % {"page": raw[:20]}, 400)
    paginator = Paginator(rows, per_page)
    number = int(raw)
    if number > paginator.num_pages:
        raise ListError(
            _("没有第%(page)s页：符合条件的共%(pages)s页。") % {"page": number, "pages": paginator.num_pages}, 404
        )
    return paginator.page(number)


def item_filters(data: dict) -> ItemFilters:
    """The engine's search filters from a cleaned ItemFilterForm."""
    return ItemFilters(
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        district=data["district"].pk if data.get("district") else None,
        campaign=data["campaign"].pk if data.get("campaign") else None,
        year=data.get("year"),
        created_after=data.get("created_after"),
        created_before=data.get("created_before"),
        overdue=True if data.get("overdue") else None,
    )


def filter_items(items: QuerySet, data: dict) -> QuerySet:
    """Apply the cleaned ItemFilterForm `data` to a (scoped) queryset of items."""
    return search_items(items, item_filters(data))


def item_filters_used(data: dict) -> bool:
    return any(value not in (None, "", False) for name, value in data.items() if name != "sort")


def filter_by_item(rows: QuerySet, data: dict, item_field: str) -> QuerySet:
    """Filter tasks or decisions by their item: `item_field` is the path to the item's id."""
    if not item_filters_used(data):
        return rows
    return rows.filter(**{f"{item_field}__in": filter_items(Item.objects.all(), data).values("pk")})
