"""Finding items: the search box and the filters that item lists share (pages and the API).

    items = search_items(visible_items(user), ItemFilters(q="和平", kind="sample", year=2026))

Every filter is applied in the database on a queryset that is already scoped, so a filter can only
narrow what the user may see. Bad filter values are the caller's to refuse (a form or serializer
with a Chinese field error); here they are already typed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.models import OPEN, Item, kind_models
from workflows.engine.reading.selectors import HUMAN

# The sort orders an item list offers: name → order_by fields (newest first by default).
ITEM_ORDERINGS = {
    "-created_at": ("-created_at", "-pk"),
    "created_at": ("created_at", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
    "updated_at": ("updated_at", "pk"),
    "ref_no": ("ref_no",),
    "-ref_no": ("-ref_no",),
    "status": ("status", "-created_at", "-pk"),
    "title": ("title", "pk"),
}
DEFAULT_ORDERING = "-created_at"


@dataclass
class ItemFilters:
    q: str = ""  # reference number, organisation (school) name, title or submitter's name
    kind: str = ""
    status: str = ""  # a status code, or several joined by commas (the codes kinds share one label under)
    district: int | None = None  # an organisation id of kind district: its own items and its schools'
    organisation: int | None = None
    campaign: int | None = None
    year: int | None = None  # the year the item was created (its reference number's year)
    created_after: date | None = None  # inclusive, local dates
    created_before: date | None = None
    overdue: bool | None = None  # has (True) or has no (False) open task past its deadline
    ordering: str = DEFAULT_ORDERING


def campaign_lookups() -> dict[str, str]:
    """kind → the lookup from Item to its campaign, for kinds that declare `CAMPAIGN_LOOKUP`
    (e.g. "accreditation__campaign"). Items of other kinds belong to no campaign."""
    return {
        kind: model.CAMPAIGN_LOOKUP for kind, model in kind_models().items() if getattr(model, "CAMPAIGN_LOOKUP", "")
    }


def _local_start(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))


def search_items(queryset: QuerySet, filters: ItemFilters) -> QuerySet:
    f = filters
    if f.q.strip():
        for word in f.q.split():
            queryset = queryset.filter(
                Q(ref_no__icontains=word) | Q(title__icontains=word) | Q(organisation__name__icontains=word)
                | Q(submitter__full_name__icontains=word)
            )
    if f.kind:
        queryset = queryset.filter(kind=f.kind)
    if f.status:
        queryset = queryset.filter(status__in=f.status.split(","))
    if f.organisation is not None:
        queryset = queryset.filter(organisation_id=f.organisation)
    if f.district is not None:
        path = Organisation.objects.filter(pk=f.district, kind=OrgKind.DISTRICT).values_list("path", flat=True).first()
        queryset = queryset.filter(organisation__path__startswith=path) if path else queryset.none()
    if f.campaign is not None:
        by_kind = Q(pk__in=[])
        for kind, lookup in campaign_lookups().items():
            by_kind |= Q(kind=kind, **{lookup: f.campaign})
        queryset = queryset.filter(by_kind)
    if f.year is not None:
        queryset = queryset.filter(created_at__gte=_local_start(date(f.year, 1, 1)),
                                   created_at__lt=_local_start(date(f.year + 1, 1, 1)))
    if f.created_after is not None:
        queryset = queryset.filter(created_at__gte=_local_start(f.created_after))
    if f.created_before is not None:
        queryset = queryset.filter(created_at__lt=_local_start(f.created_before + timedelta(days=1)))
    if f.overdue is not None:
        late = Q(pk__in=overdue_item_ids())
        queryset = queryset.filter(late if f.overdue else ~late)
    return queryset.order_by(*ITEM_ORDERINGS.get(f.ordering, ITEM_ORDERINGS[DEFAULT_ORDERING]))


def overdue_tasks(now=None) -> QuerySet:
    """Open human tasks of items whose deadline has passed (a pending deadline is not overdue)."""
    return Task.objects.filter(
        flow_task_type=HUMAN, status__in=OPEN, deadline__due_at__lt=now or timezone.now(),
        process__artifact_content_type=ContentType.objects.get_for_model(Item),
    )


def overdue_item_ids(now=None) -> QuerySet:
    """Ids of items with an open task past its deadline, as a subquery."""
    return overdue_tasks(now).values("process__artifact_object_id")


def with_overdue(queryset: QuerySet, now=None) -> QuerySet:
    """Items annotated with `is_overdue`, in the same query."""
    return queryset.annotate(
        is_overdue=Exists(overdue_tasks(now).filter(process__artifact_object_id=OuterRef("pk")))
    )

