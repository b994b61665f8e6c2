"""Django looks for an app's models here; the engine's live in workflows/engine/models.py."""

from workflows.engine.carbon_copy.models import CarbonCopy
from workflows.engine.certificates.models import Certificate, CertificateCounter
from workflows.engine.deadlines.extension_models import ExtensionRequest
from workflows.engine.deadlines.models import StepDeadlineRule, TaskDeadline
from workflows.engine.documents.models import Document, DocumentItem
from workflows.engine.exports.models import ExportJob
from workflows.engine.experts.models import Panel, PanelItem, Seat
from workflows.engine.experts.pool_models import Expert, ExpertConflict, ExpertField
from workflows.engine.fanout.models import FanOutChild
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.models import ListAct, ListMember, ListScan
from workflows.engine.meetings.models import Meeting, MeetingParticipant, MeetingReschedule, MinutesFile
from workflows.engine.models import Attachment, Decision, Item, RefCounter, Submission
from workflows.engine.notices.models import Notice, NoticeEntry, Objection
from workflows.engine.rubrics.models import GradeBand, Indicator, Rubric
from workflows.engine.scoring.models import ScoreLine, ScoreSheet, ScoringResult
from workflows.engine.signing.models import Signer, SignGroup
from workflows.engine.tenure.models import AnnualReport, Reassessment, Tenure, TermsPolicy
from workflows.programmes.models import CampaignNoticeSent, EvidenceSlot, Programme, ProgrammeQuota

__all__ = ["Attachment", "Decision", "Item", "RefCounter", "Submission"]
__all__ += ["Campaign", "DistrictQuota"]
__all__ += ["FanOutChild", "ListAct", "ListMember", "ListScan"]
__all__ += ["StepDeadlineRule", "TaskDeadline"]
__all__ += ["CarbonCopy"]
__all__ += ["ExtensionRequest"]
__all__ += ["SignGroup", "Signer"]
__all__ += ["Notice", "NoticeEntry", "Objection"]
__all__ += ["GradeBand", "Indicator", "Rubric"]
__all__ += ["Expert", "ExpertConflict", "ExpertField", "Panel", "PanelItem", "Seat"]
__all__ += ["AnnualReport", "Reassessment", "Tenure", "TermsPolicy"]
__all__ += ["ScoreLine", "ScoreSheet", "ScoringResult"]
__all__ += ["Document", "DocumentItem"]
__all__ += ["Meeting", "MeetingParticipant", "MeetingReschedule", "MinutesFile"]
__all__ += ["Certificate", "CertificateCounter"]
__all__ += ["ExportJob"]
__all__ += ["CampaignNoticeSent", "EvidenceSlot", "Programme", "ProgrammeQuota"]
