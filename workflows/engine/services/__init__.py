"""The engine's services: one function per state change, keyword-only, one transaction each.

Kinds call these from their own services (e.g. `accreditation_submit(*, item, by)` calls
`submit_item(item=item, by=by, flow_class=AccreditationFlow)`); views, the API, flow nodes and
Celery tasks call services and never change state themselves.
"""

from workflows.engine.carbon_copy.services import cc_task
from workflows.engine.handover.services import (
    complete_delegation,
    delegate_task,
    recall_delegation,
    transfer_task,
)
from workflows.engine.proxies.services import (
    create_proxy,
    end_proxy,
    proxies_of,
    proxy_candidates,
    user_named,
)
from workflows.engine.services.items import (
    add_evidence,
    create_item,
    edit_item,
    may_sign_off,
    may_submit,
    remove_evidence,
    reopen_item,
    submit_item,
    withdraw_item,
)
from workflows.engine.services.tasks import (
    approve_task,
    claim_task,
    decide,
    reject_task,
    resubmit_item,
    return_task,
    unclaim_task,
)
from workflows.engine.signing.services import (
    add_signer,
    add_signer_to_step,
    redraw_signer,
    remove_signer,
    remove_signer_from_step,
    step_candidates,
)
from workflows.engine.urging.services import urge_task

__all__ = [
    "add_evidence",
    "add_signer",
    "add_signer_to_step",
    "step_candidates",
    "approve_task",
    "cc_task",
    "claim_task",
    "complete_delegation",
    "create_item",
    "create_proxy",
    "decide",
    "delegate_task",
    "edit_item",
    "end_proxy",
    "may_sign_off",
    "may_submit",
    "proxies_of",
    "proxy_candidates",
    "recall_delegation",
    "redraw_signer",
    "reject_task",
    "remove_evidence",
    "remove_signer",
    "remove_signer_from_step",
    "reopen_item",
    "resubmit_item",
    "return_task",
    "submit_item",
    "transfer_task",
    "unclaim_task",
    "urge_task",
    "user_named",
    "withdraw_item",
]
