"""The item page's 认定有效期 card: the item's whole life after approval — each tenure with its
period and state, its annual reports and ratings, its re-assessments, its renewal, its revocation
— and the acts the reader may take now (workflows.engine.tenure.rules.offered, the services' own
rule). Nothing is drawn for an item that never had a tenure; a renewal application names the
tenure it renews."""

from dataclasses import dataclass, field

from workflows.engine.tenure import rules
from workflows.engine.tenure.models import ReassessmentOutcome, Tenure
from workflows.engine.tenure.selectors import life_of


@dataclass
class TenureRow:
    tenure: Tenure
    offer: rules.Offer = field(default_factory=rules.Offer)
    this_year: int = 0

    @property
    def open_reassessment(self):
        return next((r for r in self.tenure.reassessments.all() if r.outcome == ReassessmentOutcome.OPEN), None)

    @property
    def rateable(self) -> list:
        """The reports the reader may rate now: this year's, not rated yet."""
        if not self.offer.rate:
            return []
        return [r for r in self.tenure.reports.all() if not r.rating and r.year == self.this_year]


@dataclass
class TenurePanel:
    rows: list[TenureRow]
    renews: Tenure | None  # when this item is a renewal application: the tenure it renews


def tenure_panel(item, user) -> TenurePanel | None:
    tenures = list(life_of(Tenure.objects.filter(item_id=item.pk)).order_by("starts_on", "pk"))
    renews = Tenure.objects.filter(renewal_item_id=item.pk).select_related("item").first()
    if not tenures and renews is None:
        return None
    today = rules.today()
    rows = [TenureRow(tenure, rules.offered(user, tenure, on=today) if tenure.is_active else rules.Offer(),
                      today.year) for tenure in tenures]
    return TenurePanel(rows=rows, renews=renews)
