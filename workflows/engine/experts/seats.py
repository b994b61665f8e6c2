"""An expert's seat on a panel, one service per change, audited on the panel:

    accept_pledge(*, seat, by)            panel_pledge: the pledge (承诺书) accepted, with its time;
                                          the panel's items become visible to the expert
    decline_seat(*, seat, by, reason)     panel_decline: the seat left with a reason; the next
                                          reserve (候补) takes it and is told (PANEL_RESERVE_CALLED)
    close_panel(*, panel, by)             panel_closed: its items may have a new panel

Only the seat's own expert accepts or declines it (anyone else 404). Refused (409): a pledge
accepted twice, accepting or declining on a closed panel, a reserve accepting before being
called, declining once the pledge is accepted (the expert has seen the items: the department
takes them off instead), declining twice. A decline takes the panel's row lock (waiting a few
seconds), so two members declining at once call two different reserves. With no reserve left
the seat stays empty and an incident tells the department (experts.panel_vacancy).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.incidents.services import raise_incident
from core.orgs.models import Participation, ParticipationReason
from notifications import api as notifications
from workflows.engine import message_kinds as kinds
from workflows.engine.assignment import participation
from workflows.engine.envelope import service
from workflows.engine.exceptions import InvalidState
from workflows.engine.experts import rules
from workflows.engine.experts.models import Panel, PanelItem, Seat, SeatState
from workflows.engine.locking import lock_row, lock_waiting
from workflows.engine.models import Item

VACANCY_INCIDENT = "experts.panel_vacancy"


@service
def accept_pledge(*, seat, by) -> Seat:
    seat = _own_open_seat(seat, by)
    if seat.state == SeatState.ACCEPTED:
        raise InvalidState(_("您已于%(at)s签署保密承诺书，无需再次签署。")
                           % {"at": timezone.localtime(seat.pledged_at).strftime("%Y-%m-%d %H:%M")})
    if seat.state != SeatState.INVITED:
        raise InvalidState(_("此席位当前为“%(state)s”，不能签署承诺书。") % {"state": seat.get_state_display()})
    seat.state, seat.pledged_at = SeatState.ACCEPTED, timezone.now()
    seat.save(update_fields=["state", "pledged_at"])
    _reveal(seat)
    _audit(seat, "pledge", by)
    return seat


@service
def decline_seat(*, seat, by, reason: str) -> Seat:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("请填写谢绝理由。"), code="required")})
    found = rules.own_seat(by, seat)
    lock_waiting(Panel.objects.filter(pk=found.panel_id), timeout="5s")
    seat = _own_open_seat(found, by)
    if seat.state == SeatState.ACCEPTED:
        raise InvalidState(_("您已签署保密承诺书并可查看评审材料，不能再谢绝；如需退出，请联系主管处室。"))
    if seat.state == SeatState.DECLINED:
        raise InvalidState(_("您已谢绝此次评审。"))
    seated, was_chair = seat.state == SeatState.INVITED, seat.is_chair
    seat.state, seat.declined_at, seat.decline_reason, seat.is_chair = (SeatState.DECLINED, timezone.now(),
                                                                       reason, False)
    seat.save(update_fields=["state", "declined_at", "decline_reason", "is_chair"])
    called = _call_reserve(seat) if seated else None
    chair = _pass_chair(seat.panel) if was_chair else None
    _audit(seat, "decline", by, comment=reason, called=called.expert_id if called else None,
           chair=chair.expert_id if chair else None)
    if seated and called is None:
        _report_vacancy(seat)
    return seat


@service
def close_panel(*, panel, by) -> Panel:
    panel = lock_row(Panel, rules.panel_for(by, panel).pk)
    if panel.closed_at is not None:
        raise InvalidState(_("该评审组已结束。"))
    panel.closed_at = timezone.now()
    panel.save(update_fields=["closed_at"])
    PanelItem.objects.filter(panel=panel).update(current=False)
    record_event(action="panel_closed", target=panel, actor=by, organisation=panel.department)
    return panel


def _own_open_seat(ref, by) -> Seat:
    """The expert's own seat (else 404), its row locked (one NOWAIT attempt), on an open panel (else 409)."""
    seat = lock_row(Seat, rules.own_seat(by, ref).pk)
    seat = Seat.objects.select_related("panel", "expert__user").get(pk=seat.pk)
    if seat.panel.closed_at is not None:
        raise InvalidState(_("该评审组已结束。"))
    return seat


def _reveal(seat) -> None:
    """The one way an expert comes to see a panel's items: their participation as panel member
    (one insert; one update that starts again a participation ended earlier)."""
    items = list(Item.objects.filter(panel_items__panel=seat.panel_id))
    user, reason = seat.expert.user, ParticipationReason.PANEL_MEMBER
    Participation.objects.bulk_create([participation(user=user, item=item, reason=reason) for item in items],
                                      ignore_conflicts=True)
    Participation.objects.filter(user=user, content_type=ContentType.objects.get_for_model(Item), reason=reason,
                                 object_id__in=[item.pk for item in items], valid_until__isnull=False) \
        .update(valid_until=None)


def _call_reserve(seat) -> Seat | None:
    """The first reserve in order takes the declined seat, and is told."""
    reserve = Seat.objects.filter(panel=seat.panel_id, state=SeatState.RESERVE).order_by("position") \
        .select_related("expert__user").first()
    if reserve is None:
        return None
    reserve.state, reserve.seated_at = SeatState.INVITED, timezone.now()
    reserve.save(update_fields=["state", "seated_at"])
    seat.replaced_by = reserve
    seat.save(update_fields=["replaced_by"])
    notifications.notify(key=f"panel:{seat.panel_id}:seat:{reserve.pk}:called", recipient=reserve.expert.user,
                         kind=kinds.PANEL_RESERVE_CALLED, target=seat.panel,
                         params={"title": seat.panel.title, "panel": seat.panel_id})
    return reserve


def _pass_chair(panel) -> Seat | None:
    """The chair passes to the first member still on the panel."""
    chair = Seat.objects.filter(panel=panel, state__in=(SeatState.INVITED, SeatState.ACCEPTED)) \
        .order_by("position").first()
    if chair is not None:
        chair.is_chair = True
        chair.save(update_fields=["is_chair"])
    return chair


def _audit(seat, action, by, *, comment="", **data) -> None:
    record_event(action=f"panel_{action}", target=seat.panel, actor=by, organisation=seat.panel.department,
                 comment=comment, data={"seat": seat.pk, "expert": seat.expert_id, **data})


def _report_vacancy(seat) -> None:
    panel = seat.panel
    values = {"panel": panel.title, "expert": seat.expert.user.full_name}
    raise_incident(kind=VACANCY_INCIDENT, key=f"panel:{panel.pk}",
                   title=_("评审组“%(panel)s”缺少专家") % values,
                   detail=_("%(expert)s谢绝了评审组“%(panel)s”，已无候补专家可递补。请主管处室重新抽取或调整评审组。") % values,
                   payload={"panel": panel.pk, "seat": seat.pk})
