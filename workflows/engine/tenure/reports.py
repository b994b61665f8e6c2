"""年度考核: the holder files the year's report within the terms' annual window, and the owning
department rates it 优秀/合格/不合格 within the same window. The terms' rule "N 不合格 revoke"
(`TermsPolicy.failures_to_revoke`, data: two for a studio) is applied by `rate_report` itself:
the rating that reaches N revokes the tenure in the same transaction, with its 文号."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.tenure import records, rules
from workflows.engine.tenure.models import AnnualReport, Rating
from workflows.engine.tenure.revoking import revoke_locked

SUMMARY_MAX = 20000


@service
def file_report(*, tenure, by, summary: str, on=None) -> AnnualReport:
    """The holder's report for this year. 404 unseen, 403 not the holder, 400 empty, 409 outside
    the window, not active, or this year's already filed."""
    tenure = rules.tenure_for(by, tenure)
    rules.check_holder(by, tenure)
    summary = _text(summary, "summary", _("请填写年度总结。"), SUMMARY_MAX)
    tenure = records.locked(tenure)
    rules.check_active(tenure)
    year = rules.check_in_window(tenure.terms, on or rules.today())
    if AnnualReport.objects.filter(tenure=tenure, year=year).exists():
        raise InvalidState(_("%(year)s年度的总结已提交。") % {"year": year})
    report = AnnualReport.objects.create(tenure=tenure, year=year, summary=summary, filed_by=by)
    records.audit("tenure_report_filed", tenure, by, report=report.pk, year=year)
    return report


@service
def rate_report(*, report, by, rating: str, note: str = "", on=None) -> AnnualReport:
    """The department's rating of a filed report. 404 unseen, 403 not the owning department (a
    school never rates itself), 400 an unknown rating or a 不合格 without its reason, 409 outside
    the window, already rated, or the tenure no longer active. A rating that reaches the terms'
    count of 不合格 revokes the tenure."""
    found = AnnualReport.objects.filter(pk=pk_of(report)).values_list("tenure_id", flat=True).first()
    if found is None:
        raise NotFound(_("未找到该认定，或您无权查看。"))
    tenure = rules.tenure_for(by, found)
    rules.check_department(by, tenure)
    if rating not in Rating.values:
        raise ValidationError({"rating": ValidationError(_("请选择考核结果：优秀、合格或不合格。"), code="invalid")})
    note = (note or "").strip()
    if rating == Rating.FAIL and not note:
        raise ValidationError({"note": ValidationError(_("评为不合格必须填写考核意见。"), code="required")})
    tenure = records.locked(tenure)
    rules.check_active(tenure)
    report = AnnualReport.objects.get(pk=pk_of(report))
    opens, closes = rules.report_window(tenure.terms, report.year)
    rules.check_in_window(tenure.terms, on or rules.today())
    if (on or rules.today()).year != report.year:
        raise InvalidState(_("不在年度考核期内（%(opens)s至%(closes)s），不能提交或考核。")
                           % {"opens": opens.isoformat(), "closes": closes.isoformat()})
    if report.rating:
        raise InvalidState(_("该年度总结已考核为“%(rating)s”。") % {"rating": report.get_rating_display()})
    report.rating, report.rating_note, report.rated_by, report.rated_at = rating, note, by, timezone.now()
    report.save(update_fields=["rating", "rating_note", "rated_by", "rated_at"])
    records.audit("tenure_report_rated", tenure, by, comment=note, report=report.pk, year=report.year,
                  rating=rating)
    apply_failure_rule(tenure, by=by)
    return report


def apply_failure_rule(tenure, *, by) -> bool:
    """The terms' rule, on a locked active tenure: revoke once its 不合格 count reaches the terms'
    number (none: no such rule). True if it revoked."""
    limit = tenure.terms.failures_to_revoke
    if not limit:
        return False
    failures = AnnualReport.objects.filter(tenure=tenure, rating=Rating.FAIL).count()
    if failures < limit:
        return False
    reason = _("年度考核累计%(n)s次不合格，依规则撤销认定。") % {"n": failures}
    revoke_locked(tenure, by=by, reason=reason, action="tenure_revoked", rule="failures", failures=failures)
    return True


def _text(text, field, message, limit) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(message, code="required")})
    if len(text) > limit:
        raise ValidationError({field: ValidationError(_("不能超过%(n)s个字。") % {"n": limit}, code="max_length")})
    return text
