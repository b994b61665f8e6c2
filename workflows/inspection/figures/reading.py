"""What the pages and the API both show of a collection and a target, in one shape: the
collection with the targets the reader may see and which sections each has filed; a target's
returns; the district's template; an import report."""

from django.utils.translation import gettext as _

from workflows.inspection.figures import excel, rules, selectors
from workflows.inspection.figures.models import FigureReturn, Section


def target_rows(user, collection) -> list:
    """The reader's visible targets of `collection`, each with its sections and those filed: two queries."""
    targets = list(rules.visible_targets(user).filter(collection=collection)
                   .select_related("organisation", "district").order_by("district__path", "organisation__path"))
    filed = {}
    for target_id, section in FigureReturn.objects.filter(target__in=targets).values_list("target_id", "section"):
        filed.setdefault(target_id, []).append(section)
    for target in targets:
        target.sections = list(selectors.sections_for(collection.figure_set, target.organisation))
        target.filed = [s for s in target.sections if s in filed.get(target.pk, [])]
        target.section_labels = [str(Section(s).label) for s in target.sections]
        target.complete = len(target.filed) == len(target.sections)
    return targets


def collection_detail(user, collection) -> dict:
    return {**{name: getattr(collection, name) for name in ("id", "name", "year", "is_open", "plan_ref")},
            "figure_set": collection.figure_set, "figures": list(collection.figure_set.figures.all()),
            "targets": target_rows(user, collection),
            "result_districts": [{"id": d.pk, "name": d.name} for d in rules.result_districts(user, collection)]}


def target_figures(target) -> dict:
    target.sections = list(selectors.sections_for(target.collection.figure_set, target.organisation))
    returns = list(target.returns.select_related("submitted_by").order_by("section"))
    target.filed = [row.section for row in returns]
    return {"target": target, "returns": [
        {"section": row.section, "values": row.values, "submitted_by": str(row.submitted_by),
         "submitted_at": row.submitted_at, "imported": row.imported} for row in returns]}


def template_for(user, collection, district_pk) -> tuple[bytes, str]:
    """The district's workbook, for its own staff only (rules.check_import)."""
    targets = list(collection.targets.filter(district_id=district_pk).select_related("organisation", "district")
                   .order_by("organisation__path"))
    district = targets[0].district if targets else None
    rules.check_import(user, collection, district)
    figure_set = collection.figure_set
    returns = {(row.target_id, row.section): row.values for row in FigureReturn.objects.filter(target__in=targets)}
    content = excel.template_workbook(collection, targets, returns, list(figure_set.figures.all()),
                                      list(figure_set.rules.all()))
    return content, _("%(collection)s-%(district)s-导入模板.xlsx") % {"collection": collection.name,
                                                                   "district": district.name}


def report_data(report) -> dict:
    return {"rows": report.rows, "written": report.written, "dry_run": report.dry_run, "ok": report.ok,
            "errors": [{"row": row, "column": column, "message": str(message)}
                       for row, column, message in report.errors]}
