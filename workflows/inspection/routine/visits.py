"""Recording a visit (督导记录): one service, one transaction, audited on the visit. Only the 责任督学
of the school's zone (rules.school_of_zone: another zone's school is 404, a school head 403); a
visit in the future, without a kind or findings, or with a photo that is not a real picture is a
Chinese ValidationError and nothing is written, the photos included."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from workflows.engine.envelope import service
from workflows.inspection.routine import rules
from workflows.inspection.routine.files import check_files, store_files
from workflows.inspection.routine.models import Visit, VisitKind, VisitPhoto

FINDINGS_MAX = 5000


def clean_visit(*, visited_on, kinds, findings) -> tuple[datetime.date, list[str], str]:
    if not isinstance(visited_on, datetime.date) or isinstance(visited_on, datetime.datetime):
        raise ValidationError({"visited_on": _("请填写督导日期。")})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("督导日期不能晚于今天（%(today)s）。")
                               % {"today": timezone.localdate().isoformat()}})
    kinds = [str(kind) for kind in (kinds or ())]
    unknown = [kind for kind in kinds if kind not in VisitKind.values]
    if unknown:
        raise ValidationError({"kinds": _("未知的督导方式：%(kinds)s。") % {"kinds": "、".join(unknown)}})
    if not kinds:
        raise ValidationError({"kinds": _("请至少选择一种督导方式（听课、访谈、巡查等）。")})
    findings = (findings or "").strip()
    if not findings:
        raise ValidationError({"findings": _("请填写督导发现的情况。")})
    if len(findings) > FINDINGS_MAX:
        raise ValidationError({"findings": _("督导情况不能超过%(n)s个字。") % {"n": FINDINGS_MAX}})
    return visited_on, sorted(set(kinds), key=VisitKind.values.index), findings


@service
def record_visit(*, by, school, visited_on, kinds, findings, photos=()) -> Visit:
    """The 责任督学 `by` records a visit to `school` of their zone on `visited_on`."""
    zone, school = rules.school_of_zone(by, school)
    visited_on, kinds, findings = clean_visit(visited_on=visited_on, kinds=kinds, findings=findings)
    photos = check_files(photos, field="photos", images_only=True)
    visit = Visit.objects.create(school=school, zone=zone, inspector=by, visited_on=visited_on, kinds=kinds,
                                 findings=findings)
    stored = store_files(lambda: VisitPhoto(visit=visit, uploaded_by=by), photos)
    record_event(action="routine_visit_recorded", target=visit, actor=by, organisation=school,
                 data={"visit": visit.pk, "school": school.pk, "zone": zone.pk, "visited_on": visited_on.isoformat(),
                       "kinds": kinds, "photos": stored})
    return visit
