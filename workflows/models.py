"""Django looks for an app's models here; the engine's live in workflows/engine/models.py."""

from workflows.engine.batch_models import ListAct, ListMember
from workflows.engine.campaign_models import Campaign, DistrictQuota
from workflows.engine.cc_models import CarbonCopy
from workflows.engine.deadline_models import StepDeadlineRule, TaskDeadline
from workflows.engine.extension_models import ExtensionRequest
from workflows.engine.fanout_models import FanOutChild
from workflows.engine.signing_models import SignGroup, Signer
from workflows.engine.models import Attachment, Decision, Item, RefCounter, Submission

__all__ = ["Attachment", "Decision", "Item", "RefCounter", "Submission"]
__all__ += ["Campaign", "DistrictQuota"]
__all__ += ["FanOutChild", "ListAct", "ListMember"]
__all__ += ["StepDeadlineRule", "TaskDeadline"]
__all__ += ["CarbonCopy"]
__all__ += ["ExtensionRequest"]
__all__ += ["SignGroup", "Signer"]
