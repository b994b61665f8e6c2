"""A district's results as the page, its charts and the API show them: the same rows for all
three, so that a chart and its table cannot disagree. Values are the computations' (balanced.py,
preschool.py), rounded only here, for showing."""

from django.utils.translation import gettext as _

from workflows.inspection.figures import selectors
from workflows.inspection.figures.balanced import section_label
from workflows.inspection.figures.indicators import percent, show
from workflows.inspection.figures.models import Method

CV_DECIMALS = 4


def _value(item) -> dict:
    return {"indicator": item.spec.code, "name": item.spec.name, "unit": item.spec.unit, "value": item.shown,
            "threshold": show(item.threshold, item.spec.decimals), "comparison": item.spec.comparison,
            "met": item.met, "ratio": percent(item.ratio), "note": item.note}


def district_results(collection, district) -> dict:
    progress = selectors.progress(collection, district)
    data = {"method": collection.figure_set.method, "collection": collection.pk,
            "district": {"id": district.pk, "name": district.name},
            "progress": {"expected": progress.expected, "filed": progress.filed,
                         "missing": [{"target": t.pk, "code": t.organisation.code, "name": t.organisation.name,
                                      "section": s} for t, s in progress.missing]},
            "schools": [], "left_out": [], "dispersions": [], "indicators": [], "reasons": [], "summary": "",
            "passed": False}
    if collection.figure_set.method == Method.PRESCHOOL:
        result = selectors.preschool_result(collection, district)
        if result is None:
            data["summary"] = _("区县尚未填报，暂无结果。")
            return data
        data.update(passed=result.passed, summary=result.summary,
                    indicators=[{**_value(item), "verdict": words} for item, words in zip(result.values,
                                                                                          result.verdicts)])
        return data
    result = selectors.balanced_result(collection, district)
    data.update(
        passed=result.passed, reasons=result.reasons,
        summary=_("达到义务教育优质均衡资源配置标准。") if result.passed else _("未达到义务教育优质均衡资源配置标准。"),
        schools=[{"code": r.unit.code, "name": r.unit.name, "section": r.unit.section,
                  "section_label": section_label(r.unit.section), "passed": r.passed, "met_count": r.met_count,
                  "verdict": r.verdict, "values": [_value(item) for item in r.values]} for r in result.schools],
        left_out=[{"code": u.code, "name": u.name, "section": u.section, "reason": reason}
                  for u, reason in result.left_out],
        dispersions=[{"indicator": d.spec.code, "name": d.spec.name, "section": d.section,
                      "section_label": section_label(d.section), "schools": d.schools,
                      "students": show(d.students, 0), "mean": show(d.mean, d.spec.decimals),
                      "deviation": show(d.deviation, d.spec.decimals),
                      "cv": show(d.cv, CV_DECIMALS) if d.cv is not None else None,
                      "limit": show(d.limit, 2), "passed": d.passed, "note": d.note} for d in result.dispersions],
    )
    return data


def chart_data(data: dict) -> dict:
    """What static/js/figures_charts.js draws: per section, each indicator's 差异系数 against its
    limit (优质均衡); each indicator's value against its standard (学前)."""
    if data["method"] == Method.PRESCHOOL:
        return {"kind": "preschool", "title": str(_("各项指标与标准")),
                "names": [row["name"] for row in data["indicators"]],
                "series": [{"name": str(_("本县")), "data": [row["value"] for row in data["indicators"]]},
                           {"name": str(_("标准")), "data": [row["threshold"] for row in data["indicators"]]}]}
    sections = []
    for section in ("primary", "junior"):
        rows = [row for row in data["dispersions"] if row["section"] == section and row["cv"] is not None]
        if rows:
            sections.append({"title": str(_("%(section)s各指标差异系数") % {"section": section_label(section)}),
                             "names": [row["name"] for row in rows],
                             "series": [{"name": str(_("差异系数")), "data": [row["cv"] for row in rows]},
                                        {"name": str(_("上限")), "data": [row["limit"] for row in rows]}]})
    return {"kind": "balanced", "sections": sections}
