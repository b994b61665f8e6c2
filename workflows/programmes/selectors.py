"""What the programme pages and the API read, through rules.py, in a fixed number of queries."""

from django.db.models import Count, Prefetch
from django.utils import timezone

from workflows.engine.lists.campaign_models import DistrictQuota
from workflows.programmes import rules
from workflows.programmes.models import ProgrammeQuota


def this_year() -> int:
    return timezone.localdate().year


def programme_rows(user):
    """The programmes `user` manages, newest year first, with their campaigns counted."""
    return (rules.manageable(user).select_related("owner_department", "rubric")
            .annotate(campaign_count=Count("campaigns")).order_by("-year", "owner_department__path", "name"))


def programme_queryset(user):
    return rules.manageable(user).select_related("owner_department", "rubric", "doc_type", "copied_from") \
        .prefetch_related("slots", Prefetch("district_quotas",
                                            queryset=ProgrammeQuota.objects.select_related("district")))


def programme_detail(user, pk):
    """One programme with its slots and default quotas (404 outside `user`'s departments)."""
    return rules.programme_for(user, pk, queryset=programme_queryset(user))


def campaign_rows(programme):
    return programme.campaigns.order_by("-opens_at", "-pk")


def campaign_queryset(user):
    return rules.managed_campaigns(user).select_related("programme", "owner_department").prefetch_related(
        Prefetch("district_quotas", queryset=DistrictQuota.objects.select_related("district")))


def campaign_detail(user, pk):
    return rules.campaign_for(user, pk, queryset=campaign_queryset(user))


def progress_by_district(progress, quotas) -> list[dict]:
    """Per district (in tree order): its quota row (or None) and how many schools are at each state."""
    rows = {}
    for row in progress:
        district = row.school.parent
        entry = rows.setdefault(district.pk, {"district": district, "quota": quotas.get(district.pk),
                                              "none": 0, "started": 0, "submitted": 0})
        entry[row.state] += 1
    return sorted(rows.values(), key=lambda entry: entry["district"].path)
