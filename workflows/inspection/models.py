"""The inspection kind's models (its Item proxies and its own tables). Each part of the app keeps
its models in its own module; this one imports them all so Django finds them (the figures' and
常态督导's helpers add their lines here)."""

from workflows.inspection.case_models import (  # noqa: F401
    CaseDetails,
    Finding,
    InspectionCase,
    Rating,
    ReexaminationRequest,
    RectificationReport,
    SelfScore,
    TeamMember,
)
from workflows.inspection.plan_models import (  # noqa: F401
    InspectionKind,
    InspectionPlan,
    PlanDetails,
    PlanTarget,
    TimeoutAction,
)
from workflows.inspection.routine.models import NoticeReport, RectificationNotice, ReportFile, Visit, VisitPhoto, Zone, ZoneSchool  # noqa: F401,E501  常态督导's tables
from workflows.inspection.figures import models as figures  # noqa: E402,F401 - 数据采集 (its tables, in their own package)
