"""Who scores, who returns, who closes, and who sees which scores: each written once here.

The hidden rule: a scorer sees their own sheet; everybody's scores (the department's and the
other experts') are shown only once every scorer of the item has submitted (`all_submitted`).
`visible_sheets` is the one place pages and the API read sheets through.
"""

from django.utils.translation import gettext as _

from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.experts import rules as expert_rules
from workflows.engine.experts import selectors
from workflows.engine.experts.draw import exclusions_of
from workflows.engine.scoring.models import ScoreSheet, SheetState


def scoring_seat(user, item):
    """`user`'s seat allowed to score `item` now; NotFound if none, NotAllowed if excluded (回避)."""
    seat = next((seat for seat in selectors.scorers(item) if seat.expert.user_id == getattr(user, "pk", None)), None)
    if seat is None:
        raise NotFound(_("未找到该评审任务，或您无权评分。"))
    reasons = exclusions_of(seat.expert, item)
    if reasons:
        raise NotAllowed(_("您需回避该事项（%(reasons)s），不能评分。") % {"reasons": "、".join(reasons)})
    return seat


def item_seats(item) -> list:
    """The seats whose sheets count for `item`: its scorers while the panel is open; once the
    department's close has ended the panel, the seats that scored on it (so the result and the
    sheets stay readable after the panel is closed)."""
    return selectors.scorers(item) or selectors.scored_by(item)


def is_department_staff(user, item) -> bool:
    return expert_rules.drawing_departments(user).filter(pk=item.owner_department_id).exists()


def check_chair(user, sheet) -> None:
    chair = selectors.chair(sheet.seat.panel_id)
    if chair is None or chair.expert.user_id != getattr(user, "pk", None):
        raise NotFound(_("只有评审组组长可以退回评分表。"))


def all_submitted(item) -> bool:
    seats = [seat.pk for seat in item_seats(item)]
    done = ScoreSheet.objects.filter(item=item, seat_id__in=seats, state=SheetState.SUBMITTED).count()
    return bool(seats) and done == len(seats)


def visible_sheets(user, item) -> list[ScoreSheet]:
    """The sheets (with lines) `user` may read of `item`: their own always; all of them once every
    scorer has submitted, for the scorers and the department. Anyone else: NotFound."""
    staff = is_department_staff(user, item)
    own = [seat.pk for seat in item_seats(item) if seat.expert.user_id == getattr(user, "pk", None)]
    if not staff and not own:
        raise NotFound(_("未找到该评审任务，或您无权查看。"))
    sheets = ScoreSheet.objects.filter(item=item).select_related("expert__user", "seat").prefetch_related("lines")
    if not all_submitted(item):
        sheets = sheets.filter(seat_id__in=own)
    return list(sheets.order_by("seat__position"))


def sheet_states(user, item) -> list[dict]:
    """Who has submitted, without any score: for the chair and the department while scoring runs."""
    seats = item_seats(item)
    if not is_department_staff(user, item) and not any(
            seat.expert.user_id == getattr(user, "pk", None) for seat in seats):
        raise NotFound(_("未找到该评审任务，或您无权查看。"))
    sheets = {sheet.seat_id: sheet for sheet in ScoreSheet.objects.filter(item=item)}
    return [{"seat": seat, "expert": seat.expert, "sheet": sheets.get(seat.pk),
             "state": sheets[seat.pk].state if seat.pk in sheets else ""} for seat in seats]
