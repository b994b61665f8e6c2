"""The scoring step's changes, one service per change, each one transaction audited on the item.
Bad input (a score out of range, an indicator not in the rubric) is a Chinese ValidationError and
nothing is written; an excluded expert (回避) is 403; anyone not on the panel 404."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Process

from core.audit.services import record_event
from notifications import api as notifications
from workflows.engine import message_kinds as kinds
from workflows.engine import notify
from workflows.engine.branches import choices as branches
from workflows.engine.advance import advance
from workflows.engine.envelope import org_ref, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.assignment import holders_of
from workflows.engine.experts import selectors as panels
from workflows.engine.experts.rules import STAFF_ROLES
from workflows.engine.experts.seats import close_panel
from workflows.engine.locking import lock_processes, lock_row, lock_waiting
from workflows.engine.models import Item
from workflows.engine.nodes import Finish
from workflows.engine.notices.step import completed_towards
from workflows.engine.rubrics import results
from workflows.engine.rubrics.services import use_rubric
from workflows.engine.rubrics.tree import rubric_tree
from workflows.engine.scoring import rules
from workflows.engine.scoring.models import ScoreLine, ScoreSheet, ScoringResult, SheetState
from workflows.engine.scoring.selectors import complete_sheets, outcome_of, rubric_of_item
from workflows.engine.scoring.step import scoring_task


def _item_at_step(item_ref):
    """The item (locked, waiting a few seconds), its scoring task; 409 when it is not being scored."""
    pk = getattr(item_ref, "pk", item_ref)
    try:
        lock_waiting(Item.objects.filter(pk=pk), timeout="5s")
    except Item.DoesNotExist:
        raise NotFound(_("未找到该评审任务，或您无权评分。")) from None
    item = Item.objects.select_related("organisation", "owner_department", "submitter").get(pk=pk).as_kind()
    task = scoring_task(item)
    if task is None:
        raise InvalidState(_("该事项当前不在专家评分环节。"))
    return item, task


def _audit(item, action, by, *, comment="", **data):
    record_event(action=f"scoring_{action}", target=item, actor=by, organisation=org_ref(item.owner_department_id),
                 comment=comment, data=data)


def _own_sheet(item, by):
    """`by`'s sheet of `item` (created at the first save, which freezes the rubric); 409 once submitted."""
    seat = rules.scoring_seat(by, item)
    sheet = ScoreSheet.objects.filter(item=item, seat=seat).first()
    if sheet is None:
        rubric = rubric_of_item(item)  # one rubric per item
        use_rubric(rubric=rubric, by=by, user=_("专家评分：%(ref)s") % {"ref": item.ref_no})
        sheet = ScoreSheet.objects.create(item=item, seat=seat, expert=seat.expert, rubric=rubric)
    if sheet.state == SheetState.SUBMITTED:
        raise InvalidState(_("您已提交评分表，不能再修改；如需更正，请联系评审组组长退回。"))
    return sheet


def _clean_lines(tree, lines) -> dict:
    """{code: (score or None, comment)}; refuses codes outside the rubric, groups and bad scores."""
    specs, leaves = tree.by_code(), {spec.code for spec in tree.leaves}
    errors, clean = {}, {}
    for code, line in (lines or {}).items():
        line = line if isinstance(line, dict) else {"score": line}
        if code not in specs:
            errors[str(code)] = _("“%(code)s”不是本评分指标中的指标。") % {"code": code}
            continue
        if code not in leaves:
            errors[code] = _("“%(name)s”是指标分组，请为其下的各项指标打分。") % {"name": specs[code].name}
            continue
        score = line.get("score")
        if score in (None, ""):
            clean[code] = (None, str(line.get("comment") or "").strip())
            continue
        try:
            value = results.validate_values(tree.__class__(indicators=(specs[code],)), {code: score})[code]
        except ValidationError as exc:
            errors[code] = exc.message_dict[code][0]
            continue
        clean[code] = (value, str(line.get("comment") or "").strip())
    if errors:
        raise ValidationError(errors)
    return clean


@service
def save_draft(*, item, by, lines) -> ScoreSheet:
    """Save (part of) the expert's sheet as a draft: {code: {"score": s, "comment": c}}."""
    item, _task = _item_at_step(item)
    sheet = lock_row(ScoreSheet, _own_sheet(item, by).pk)
    clean = _clean_lines(rubric_tree(sheet.rubric), lines)
    for code, (score, comment) in clean.items():
        ScoreLine.objects.update_or_create(sheet=sheet, code=code, defaults={"score": score, "comment": comment})
    if sheet.state != SheetState.RETURNED:
        sheet.state = SheetState.DRAFT
    sheet.save(update_fields=["state", "updated_at"])
    _audit(item, "draft", by, sheet=sheet.pk, codes=sorted(clean))
    return sheet


@service
def submit_sheet(*, item, by) -> ScoreSheet:
    """Submit the expert's sheet: every leaf scored within its range (results.validate_values)."""
    item, _task = _item_at_step(item)
    sheet = lock_row(ScoreSheet, _own_sheet(item, by).pk)
    tree = rubric_tree(sheet.rubric)
    values = {line.code: line.score for line in sheet.lines.all()}
    sheet.total = results.sheet_total(tree, values)
    sheet.state, sheet.submitted_at = SheetState.SUBMITTED, timezone.now()
    sheet.save(update_fields=["state", "total", "submitted_at", "updated_at"])
    _audit(item, "submit", by, sheet=sheet.pk, total=str(sheet.total),
           scores={code: str(score) for code, score in values.items()})
    if rules.all_submitted(item):
        _tell_department(item)
    return sheet


def _tell_department(item) -> None:
    """The department's reviewers and heads hear that the result can be confirmed."""
    recipients = {user.pk: user for role in STAFF_ROLES for user in holders_of(role, item.owner_department_id)}
    notifications.notify_many(recipients={f"scoring:{item.pk}:all:{user.pk}": user for user in recipients.values()},
                              kind=kinds.SCORES_SUBMITTED, target=item,
                              params={"title": item.title, "ref_no": item.ref_no}, link=notify.item_link(item))


@service
def return_sheet(*, sheet, by, reason: str) -> ScoreSheet:
    """The chair sends a submitted sheet back to its expert for correction, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回理由。")})
    found = ScoreSheet.objects.filter(pk=getattr(sheet, "pk", sheet)).select_related("seat", "expert__user").first()
    if found is None:
        raise NotFound(_("未找到该评分表。"))
    rules.check_chair(by, found)
    item, _task = _item_at_step(found.item_id)
    sheet = lock_row(ScoreSheet, found.pk)
    if sheet.state != SheetState.SUBMITTED:
        raise InvalidState(_("只能退回已提交的评分表。"))
    sheet.state, sheet.returned_at, sheet.return_reason = SheetState.RETURNED, timezone.now(), reason
    sheet.save(update_fields=["state", "returned_at", "return_reason", "updated_at"])
    _audit(item, "return", by, comment=reason, sheet=sheet.pk, expert=found.expert_id)
    notifications.notify(key=f"scoring:{sheet.pk}:returned:{sheet.returned_at.timestamp()}",
                         recipient=found.expert.user, kind=kinds.SCORE_SHEET_RETURNED, target=item,
                         params={"title": item.title, "ref_no": item.ref_no, "reason": reason},
                         link=notify.item_link(item))
    return sheet


def _close_panel_when_scored(item, by) -> None:
    """The panel ends with the result of the last item it scores: a panel of one item at once, a
    batch's panel when its last item's result is confirmed. A closed panel shows its experts
    nothing more to score, no longer counts as the items' current panel and keeps its sheets
    readable (rules.item_seats)."""
    panel = panels.current_panel(item)
    if panel is None or panel.closed_at is not None:
        return
    items = {link.pk for link in panels.items_of(panel)}
    scored = set(ScoringResult.objects.filter(item__in=items, closed_at__gte=panel.drawn_at)
                 .values_list("item_id", flat=True))
    if scored >= items:
        close_panel(panel=panel, by=by)


@service
def close_scoring(*, item, by) -> ScoringResult:
    """The department computes the result from every submitted sheet (the rubric's rule, pass
    mark, bands) and the verdict moves the item. Refused until every scorer has submitted."""
    ref = Item.objects.filter(pk=getattr(item, "pk", item)).first()
    if ref is None or not rules.is_department_staff(by, ref):
        raise NotFound(_("未找到该事项，或您无权确认评分结果。"))
    item, task = _item_at_step(ref.pk)
    sheets, rubric = complete_sheets(by, item, refusal=_("还有专家未提交评分表，不能确认结果。"))
    _tree, _values, outcome = outcome_of(sheets, rubric, key=item.pk)
    computation = outcome.computation
    result = ScoringResult.objects.create(
        item=item, rubric=rubric, total=computation.result, passed=outcome.verdict.passed,
        band=outcome.verdict.band, closed_by=by,
        computation={"rule": computation.rule, "counted": [str(v) for v in computation.counted],
                     "dropped": [str(v) for v in computation.dropped],
                     "sheets": [{"sheet": s.pk, "expert": s.expert_id, "name": s.expert.user.full_name,
                                 "total": str(s.total)} for s in sheets],
                     "indicators": {code: str(v) for code, v in outcome.indicator_scores.items()}})
    step = task.flow_task
    destination = step.destination(outcome.verdict)
    lock_processes(Process, [task.process_id])
    task.process.artifact = item
    activation = completed_towards(step, item, task, to=destination)
    opened = activation.opened
    # Through an optional stage's branch (an on-site visit the programme asks for): where it landed.
    landed = branches.landing(destination, activation)
    advance(item, landed.item_status, action="scoring_closed", by=by,
            organisation=org_ref(item.owner_department_id),
            data={"task": task.pk, "step": step.name, "to": landed.name, "result": result.pk,
                  "total": str(result.total), "passed": result.passed, "band": result.band})
    branches.record_choices(item, destination, activation, by=by, organisation=org_ref(item.owner_department_id))
    notify.task_closed(task)
    for activation in opened:
        notify.task_opened(activation, item)
    _close_panel_when_scored(item, by)
    if isinstance(landed, Finish):
        notify.item_finished(item, outcome="approved" if result.passed else "rejected",
                             event_key=f"scoring:{result.pk}")
    return result
