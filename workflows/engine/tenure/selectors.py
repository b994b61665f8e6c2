"""Reading life after approval: tenures with all that their life shows (terms, revocation, renewal,
reports and re-assessments with their people) in a fixed number of queries, for the item page,
the list and the API. Who sees which is rules.visible_tenures."""

from django.db.models import Prefetch

from workflows.engine.tenure.models import AnnualReport, Reassessment


def life_of(queryset):
    return queryset.select_related("terms", "ended_by", "document", "renewal_item", "renews__item",
                                   "item__organisation", "item__owner_department").prefetch_related(
        Prefetch("reports", AnnualReport.objects.select_related("filed_by", "rated_by").order_by("year")),
        Prefetch("reassessments", Reassessment.objects.select_related("opened_by", "closed_by").order_by("opened_at")),
    )
