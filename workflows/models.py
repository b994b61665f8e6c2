"""Django looks for an app's models here; the engine's live in workflows/engine/models.py."""

from workflows.engine.campaign_models import Campaign, DistrictQuota
from workflows.engine.models import Attachment, Decision, Item, RefCounter, Submission

__all__ = ["Attachment", "Decision", "Item", "RefCounter", "Submission"]
__all__ += ["Campaign", "DistrictQuota"]
