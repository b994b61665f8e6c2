"""The rows of a dispatched plan's cases as the fan-out creates them (one per plan and target: the
unique constraint that makes a restarted dispatch create nothing twice) and the 督导通知 to each
target. The plan's flow calls it (FanOut(created=...)), so it imports nothing of the flows."""

from core.orgs.models import RoleGrant
from notifications.api import notify_many
from workflows.engine.notify import item_link
from workflows.inspection.assignment import TARGET
from workflows.inspection.case_models import CaseDetails
from workflows.inspection.message_kinds import INSPECTION_NOTICE
from workflows.inspection.plan_models import PlanDetails


def cases_created(plan, cases) -> None:
    """FanOut(created=...): the new cases' rows, and the 督导通知 to each target's filers. A
    constant number of statements for the batch, plus one message insert per case."""
    CaseDetails.objects.bulk_create([CaseDetails(item=case, plan=plan, target=case.organisation) for case in cases])
    details = PlanDetails.objects.filter(item=plan).values("notice", "timeout_action").get()
    filers = {}
    grants = RoleGrant.objects.active().filter(
        organisation_id__in=[case.organisation_id for case in cases],
        role__in={TARGET.role_on(case) for case in cases}).select_related("user")
    for grant in grants:
        filers.setdefault((grant.organisation_id, grant.role), {})[grant.user_id] = grant.user
    for case in cases:
        # Read by the self-assessment's timeout as the case's task opens (flows.marks_missing).
        case.plan_timeout_action = details["timeout_action"]
        users = filers.get((case.organisation_id, TARGET.role_on(case)), {})
        if users:
            notify_many(recipients={f"inspection:{case.pk}:notice:{pk}": user for pk, user in users.items()},
                        kind=INSPECTION_NOTICE, target=case, link=item_link(case),
                        params={"title": case.title, "ref_no": case.ref_no, "notice": details["notice"]})
