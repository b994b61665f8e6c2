"""The sample application flow in bare viewflow, for bench/transitions.py only.

The same nodes' shape as ApplicationFlow (start → district review → city review → end) and the
same lock as our BaseFlow, but no item, no services, no audit and no outbox: what viewflow itself
costs per completed human task, the yardstick our service layer is measured against. Not imported
by the app: only the bench uses it (a viewflow flow must live in an installed app's package).
"""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.base import Flow

from workflows.engine.locking import nowait_lock

# Reviewers hold this permission; viewflow's queue matches on permission names.
REVIEW_PERMISSION = "sampleapp.change_sampledetails"


class BareApplicationFlow(Flow):
    lock_impl = nowait_lock

    start = flow.StartHandle().Next(this.district_review)
    district_review = flow.View(None).Permission(REVIEW_PERMISSION).Next(this.city_review)
    city_review = flow.View(None).Permission(REVIEW_PERMISSION).Next(this.approved)
    approved = flow.End()
