"""A graded programme's outcome (幼儿园星级评定: 五星 … 一星): the band of the item's expert-review
result, data of the rubric (its GradeBand rows), never of the code."""

from workflows.engine.scoring.models import ScoringResult
from workflows.programmes.models import Outcome


def grade_of(item) -> str:
    """The band the item's latest scoring result fell in, when its programme is graded; else ""."""
    from workflows.accreditation.models import AccreditationDetails

    details = AccreditationDetails.objects.filter(item=item).select_related("campaign__programme").first()
    if details is None or details.campaign.programme.outcome != Outcome.GRADED:
        return ""
    result = ScoringResult.objects.filter(item=item).order_by("-closed_at", "-pk").first()
    return result.band if result is not None else ""
