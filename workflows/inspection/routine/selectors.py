"""The lists 常态督导's pages and API show, each under rules' scope in a fixed number of queries."""

from workflows.inspection.routine import rules
from workflows.inspection.routine.models import Zone


def visit_list(user, *, school=None):
    visits = rules.visible_visits(user).select_related("school", "inspector").prefetch_related("photos")
    if school is not None:
        visits = visits.filter(school_id=school)
    return visits.order_by("-visited_on", "-pk")


def notice_list(user, *, state=""):
    notices = rules.visible_notices(user).select_related("school", "document", "zone__inspector")
    if state:
        notices = notices.filter(state=state)
    return notices.order_by("-issued_at", "-pk")


def zone_list():
    return Zone.objects.select_related("inspector", "department").prefetch_related("members__school") \
        .order_by("name", "pk")
