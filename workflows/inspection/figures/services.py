"""The writes of 数据采集, one service per change, each one transaction with an audit event:

    create_collection(*, figure_set, year, name, by, districts=None, plan_ref="")
                                        the 督导室 asks a set of the schools (or districts) of `districts`
    mark_target(*, target, by, teaching_point, excluded_reason)
                                        the 督导室 records a 教学点 or why a school is left out
    submit_figures(*, target, section, values, by)
                                        a school (or its district) files one section's figures
    import_figures(*, collection, district, content, by, dry_run)
                                        a district's workbook: every row checked; written all or nothing

Bad input is a Chinese ValidationError keyed by the figure's code, and nothing is written."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit.services import record_event
from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.envelope import service
from workflows.engine.exceptions import NotAllowed
from workflows.engine.locking import lock_row
from workflows.inspection.figures import excel, rules, selectors
from workflows.inspection.figures.models import FigureCollection, FigureReturn, FigureTarget, Method
from workflows.inspection.figures.validation import check_values, stored

AUDIT_LABELS = {
    "figures_collection_create": gettext_lazy("发起数据采集"),
    "figures_target_marked": gettext_lazy("设置学校是否参与计算"),
    "figures_submit": gettext_lazy("填报要素数据"),
    "figures_import": gettext_lazy("导入要素数据"),
}


@service
def create_collection(*, figure_set, year, name, by, districts=None, plan_ref="") -> FigureCollection:
    """A new collection of `figure_set` for `year`: its targets are every active school of the
    set's types (优质均衡: 小学, 初中, 九年一贯制) in `districts` (default: every district), or the
    districts themselves for a county-level set (学前普及普惠)."""
    department = rules.check_manager(by)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("请填写数据采集的名称。")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("年度须在2000至2100之间。")
    chosen = Organisation.objects.filter(kind=OrgKind.DISTRICT, is_active=True)
    if districts is not None:
        wanted = {getattr(d, "pk", d) for d in districts}
        chosen = chosen.filter(pk__in=wanted)
        if not wanted or chosen.count() != len(wanted):
            errors["districts"] = _("请选择有效的区县。")
    if errors:
        raise ValidationError(errors)
    collection = FigureCollection.objects.create(figure_set=figure_set, year=year, name=name, department=department,
                                                 created_by=by, plan_ref=plan_ref or "")
    chosen = list(chosen.order_by("path"))
    if figure_set.method == Method.PRESCHOOL:
        targets = [FigureTarget(collection=collection, organisation=d, district=d) for d in chosen]
    else:
        by_path = {d.path: d for d in chosen}
        schools = Organisation.objects.filter(kind=OrgKind.SCHOOL, is_active=True, parent__in=chosen,
                                              school_type__in=selectors.BALANCED_TYPES).select_related("parent")
        targets = [FigureTarget(collection=collection, organisation=s, district=by_path[s.parent.path])
                   for s in schools.order_by("path")]
    if not targets:
        raise ValidationError({"districts": _("所选区县没有需要填报的学校。")})
    FigureTarget.objects.bulk_create(targets)
    record_event(action="figures_collection_create", target=collection, actor=by, organisation=department,
                 data={"figure_set": figure_set.code, "year": year, "targets": len(targets),
                       "districts": [d.pk for d in chosen]})
    return collection


@service
def mark_target(*, target, by, teaching_point: bool, excluded_reason: str = "") -> FigureTarget:
    target = rules.target_for_user(by, target)
    if not rules.owns(by, target.collection):
        raise NotAllowed(_("只有督导室可以设置学校是否参与计算。"))
    reason = (excluded_reason or "").strip()
    if len(reason) > 100:
        raise ValidationError({"excluded_reason": _("原因最多100个字。")})
    target = lock_row(FigureTarget, target.pk)
    before = {"teaching_point": target.teaching_point, "excluded_reason": target.excluded_reason}
    target.teaching_point, target.excluded_reason = bool(teaching_point), reason
    target.save(update_fields=["teaching_point", "excluded_reason"])
    record_event(action="figures_target_marked", target=target.collection, actor=by,
                 organisation=target.collection.department,
                 data={"target": target.pk, "school": target.organisation.code, "before": before,
                       "after": {"teaching_point": target.teaching_point, "excluded_reason": reason}})
    return target


def _refusal(collection):
    if not collection.is_open:
        raise ValidationError(_("该数据采集已结束，不再接受填报。"), code="closed")


@service
def submit_figures(*, target, section, values, by) -> FigureReturn:
    """File (or file again) one section's figures of `target`: each checked, all or nothing."""
    target = rules.target_for_user(by, getattr(target, "pk", target))
    rules.check_file(by, target)
    figure_set = target.collection.figure_set
    _refusal(target.collection)
    refusal = selectors.section_refusal(figure_set, target.organisation, section)
    if refusal:
        raise ValidationError({"section": refusal})
    figures, checks = list(figure_set.figures.all()), list(figure_set.rules.all())
    clean, errors = check_values(figures, checks, values if isinstance(values, dict) else {})
    if errors:
        raise ValidationError(errors)
    lock_row(FigureTarget, target.pk)  # two filings of one school at once: one waits its turn as a 409
    row = _write(target, section, stored(clean, figures), by, imported=False)
    record_event(action="figures_submit", target=target.collection, actor=by, organisation=target.organisation,
                 data={"target": target.pk, "school": target.organisation.code, "section": section,
                       "values": row.values})
    return row


def _write(target, section, values, by, *, imported) -> FigureReturn:
    row, _created = FigureReturn.objects.update_or_create(
        target=target, section=section, defaults={"values": values, "submitted_by": by, "imported": imported})
    return row


@dataclass
class ImportReport:
    """A district workbook's check: each error as (row, column, message); `written` returns on import."""

    rows: int = 0
    errors: list = field(default_factory=list)
    written: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


@service
def import_figures(*, collection, district, content: bytes, by, dry_run: bool = True) -> ImportReport:
    """Check every row of the district's workbook (excel.template_workbook's layout); unless
    `dry_run` and only if there is no error at all, file every row. A 学校标识码 that matches no
    school, or a school not among the district's targets, is an error of its row."""
    collection = rules.collection_for_user(by, getattr(collection, "pk", collection))
    district = Organisation.objects.filter(pk=getattr(district, "pk", district), kind=OrgKind.DISTRICT).first()
    rules.check_import(by, collection, district)
    _refusal(collection)
    figure_set = collection.figure_set
    figures, checks = list(figure_set.figures.all()), list(figure_set.rules.all())
    targets = {t.organisation.code: t for t in collection.targets.filter(district=district)
               .select_related("organisation")}
    read = excel.read_workbook(content, figures)
    report = ImportReport(rows=len(read.rows), errors=list(read.errors), dry_run=dry_run)
    known = set(Organisation.objects.filter(kind=OrgKind.SCHOOL, code__in=[r.code for r in read.rows])
                .values_list("code", flat=True))
    accepted, seen = [], {}
    for row in read.rows:
        target = targets.get(row.code)
        if target is None:
            message = (_("学校标识码“%(code)s”不是本区县参加本次数据采集的学校。") if row.code in known or row.code in targets
                       else _("学校标识码“%(code)s”没有对应的学校。"))
            report.errors.append((row.number, excel.CODE_COLUMN, message % {"code": row.code}))
            continue
        section = excel.section_code(row.section)
        refusal = selectors.section_refusal(figure_set, target.organisation, section)
        if refusal:
            report.errors.append((row.number, excel.SECTION_COLUMN, refusal))
            continue
        if (target.pk, section) in seen:
            report.errors.append((row.number, excel.SECTION_COLUMN, _("与第%(row)s行重复：同一学校同一学段只能填一行。")
                                  % {"row": seen[(target.pk, section)]}))
            continue
        seen[(target.pk, section)] = row.number
        clean, errors = check_values(figures, checks, row.values)
        for code, message in errors.items():
            report.errors.append((row.number, read.columns.get(code, ""), message))
        if not errors:
            accepted.append((target, section, stored(clean, figures)))
    if not read.rows and not report.errors:
        report.errors.append((None, "", _("表中没有数据行。")))
    report.errors.sort(key=lambda e: e[0] or 0)  # stable: within a row, in column order
    if report.errors or dry_run:
        return report
    for target, section, values in accepted:
        _write(target, section, values, by, imported=True)
    report.written = len(accepted)
    record_event(action="figures_import", target=collection, actor=by, organisation=district,
                 data={"rows": report.written, "schools": sorted({t.organisation.code for t, _s, _v in accepted})})
    return report
