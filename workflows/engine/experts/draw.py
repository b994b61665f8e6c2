"""Drawing a panel (专家抽取): draw_panel, one transaction, audited on the panel (`panel_drawn`).

    draw_panel(*, items, size, by, reserves=0, fields=(), title="", campaign=None, pledge_text=None)

The department's reviewer or head (rules.check_drawer) draws for items their department owns:
`size` members (at least 3) and up to `reserves` 候补 from the active experts of its pool who have
every one of `fields` (ExpertField rows or ids), excluding whom lots.exclusions names for any of
the items. The experts with the fewest seats on this campaign's panels come first (without a
campaign: on the department's panels with none), ties broken by a random seed that is recorded.
The audit event keeps the seed, the eligible candidates with their loads (lots.replay redraws
the same panel from them), the members, the reserves and every excluded expert with the reasons.

Refused, nothing written: fewer than 3 members or a negative number of reserves, no items, an
item of another department or out of sight (404), an item that has a current panel or is a
draft (409), items or panels of the same item being drawn at this moment (409: the items' rows
are locked, one NOWAIT attempt), and a pool that cannot fill `size` (PanelShort, 400, reported as
an incident once the refusal is rolled back).
"""

import secrets

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.incidents.services import raise_incident
from notifications import api as notifications
from workflows.engine import message_kinds as kinds
from workflows.engine.access import scoped_items
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.experts import lots, rules
from workflows.engine.experts.models import MIN_SIZE, Panel, PanelItem, Seat, SeatState, SEATED
from workflows.engine.experts.pledge import default_pledge
from workflows.engine.experts.pool_models import Expert, ExpertField
from workflows.engine.locking import lock_processes
from workflows.engine.models import BaseStatus, Item

SHORT_INCIDENT = "experts.panel_short"
UNSUBMITTED = (BaseStatus.DRAFT, BaseStatus.WITHDRAWN)


class PanelShort(ValidationError):
    """The pool has fewer eligible experts than the panel's size."""

    def __init__(self, *, found: int, need: int):
        super().__init__(_("符合条件且无需回避的专家只有%(found)d人，评审组需要%(need)d人，未能抽取。请补充专家库或调整专业领域要求。")
                         % {"found": found, "need": need}, code="panel_short")
        self.found, self.need = found, need


@service
def draw_panel(*, items, size, by, reserves=0, fields=(), title="", campaign=None, pledge_text=None) -> Panel:
    size, reserves = _check_numbers(size, reserves)
    items = _items_for(items, by)
    department = items[0].owner_department
    fields = list(ExpertField.objects.filter(pk__in=[pk_of(field) for field in fields]))
    if campaign is not None and campaign.owner_department_id != department.pk:
        raise ValidationError({"campaign": _("申报批次不属于该处室。")})
    # The items' rows, one NOWAIT attempt in key order: a second draw of any of them now is 409.
    lock_processes(Item, [item.pk for item in items])
    if PanelItem.objects.filter(item__in=items, current=True).exists():
        raise InvalidState(_("所选事项已有评审组，不能重复抽取。"))
    targets = [_target(item) for item in items]
    candidates = _candidates(department, fields)
    excluded = {c.expert_id: lots.exclusions(c, targets) for c in candidates}
    eligible = [c.expert_id for c in candidates if not excluded[c.expert_id]]
    if len(eligible) < size:
        exc = PanelShort(found=len(eligible), need=size)
        exc.report_after_rollback = lambda: _report_short(department, items, exc)
        raise exc
    loads = _loads(department, campaign, eligible)
    seed = secrets.randbits(63)
    members, called = lots.replay(candidates=eligible, loads=loads, seed=seed, size=size, reserves=reserves)
    panel = Panel.objects.create(department=department, campaign=campaign, seed=seed, size=size, reserves=reserves,
                                 title=(title or "").strip() or _default_title(items), drawn_by=by,
                                 pledge_text=(pledge_text or "").strip() or default_pledge())
    panel.required_fields.set(fields)
    PanelItem.objects.bulk_create([PanelItem(panel=panel, item=item) for item in items])
    seats = _seat(panel, members, called)
    _audit(panel, by, items, fields, loads, eligible, seats, excluded, candidates)
    _invite([seat for seat in seats if seat.state in SEATED], panel)
    return panel


def _check_numbers(size, reserves) -> tuple[int, int]:
    try:
        size, reserves = int(size), int(reserves or 0)
    except (TypeError, ValueError):
        raise ValidationError(_("评审专家人数和候补人数必须是整数。"), code="not_a_number") from None
    if size < MIN_SIZE:
        raise ValidationError({"size": _("评审组至少需要%(n)d名专家。") % {"n": MIN_SIZE}})
    if reserves < 0:
        raise ValidationError({"reserves": _("候补人数不能为负数。")})
    return size, reserves


def _items_for(refs, by) -> list[Item]:
    """The items, each owned by a department `by` draws for (all the same one) and in sight."""
    pks = sorted({pk_of(ref) for ref in refs})
    if not pks:
        raise ValidationError({"items": _("请选择要评审的事项。")})
    items = list(scoped_items(by, Item.objects.filter(pk__in=pks))
                 .select_related("organisation", "owner_department").order_by("pk"))
    if len(items) != len(pks):
        raise NotFound(_("未找到所选事项，或您无权为其抽取专家。"))
    if len({item.owner_department_id for item in items}) != 1:
        raise ValidationError({"items": _("一个评审组只能评审同一处室主管的事项。")})
    rules.check_drawer(by, items[0].owner_department)
    if any(item.status in UNSUBMITTED for item in items):
        raise InvalidState(_("草稿或已撤回的事项不能抽取专家。"))
    return items


def _target(item) -> lots.Target:
    district = item.organisation.district()
    return lots.Target(item_id=item.pk, organisation_id=item.organisation_id,
                       organisation_path=item.organisation.path, district_path=district.path if district else None,
                       submitter_id=item.submitter_id)


def _candidates(department, fields) -> list[lots.Candidate]:
    """The pool's active experts (active accounts) who have every one of `fields`. Two queries."""
    experts = Expert.objects.filter(department=department, is_active=True, user__is_active=True)
    if fields:
        experts = experts.annotate(matched=Count("fields", filter=Q(fields__in=fields), distinct=True)) \
            .filter(matched=len(fields))
    experts = experts.select_related("home").prefetch_related("conflicts__organisation").order_by("pk")
    return [_candidate(e) for e in experts]


def _candidate(e) -> lots.Candidate:
    return lots.Candidate(expert_id=e.pk, user_id=e.user_id, home_id=e.home_id, home_path=e.home.path,
                          conflicts=tuple((c.organisation.path, f"{c.get_reason_display()}：{c.organisation.name}")
                                          for c in e.conflicts.all()))


def exclusions_of(expert, item) -> list[str]:
    """Why `expert` must not review `item` now (回避: a conflict declared after the draw counts),
    as labels; empty when they may. What a scoring step asks before each sheet is written."""
    reasons = lots.exclusions(_candidate(expert), [_target(item)])
    return [str(lots.REASON_LABELS[reason.code]) + (f"：{reason.detail}" if reason.detail else "")
            for reason in reasons]


def _loads(department, campaign, expert_ids) -> dict[int, int]:
    """Expert id → seats held on the campaign's panels (or the department's without a campaign)."""
    seats = Seat.objects.filter(expert_id__in=expert_ids, state__in=SEATED, panel__department=department,
                                panel__campaign=campaign)
    return dict(seats.values("expert_id").annotate(n=Count("pk")).values_list("expert_id", "n"))


def _seat(panel, members, called) -> list[Seat]:
    seats = [Seat(panel=panel, expert_id=expert_id, position=n, state=SeatState.INVITED, is_chair=n == 1,
                  seated_at=panel.drawn_at) for n, expert_id in enumerate(members, start=1)]
    seats += [Seat(panel=panel, expert_id=expert_id, position=len(members) + n, state=SeatState.RESERVE)
              for n, expert_id in enumerate(called, start=1)]
    return Seat.objects.bulk_create(seats)


def _default_title(items) -> str:
    first = items[0]
    if len(items) == 1:
        return _("“%(title)s”专家评审组") % {"title": first.title}
    return _("“%(title)s”等%(n)d项专家评审组") % {"title": first.title, "n": len(items)}


def _audit(panel, by, items, fields, loads, eligible, seats, excluded, candidates) -> None:
    names = dict(Expert.objects.filter(pk__in=[c.expert_id for c in candidates]).values_list("pk", "user__full_name"))
    record_event(action="panel_drawn", target=panel, actor=by, organisation=panel.department, data={
        "seed": panel.seed, "size": panel.size, "reserves": panel.reserves,
        "campaign": panel.campaign_id, "items": [item.pk for item in items],
        "fields": [str(field) for field in fields],
        "candidates": [[expert_id, loads.get(expert_id, 0)] for expert_id in eligible],
        "members": [seat.expert_id for seat in seats if seat.state in SEATED],
        "reserve_list": [seat.expert_id for seat in seats if seat.state == SeatState.RESERVE],
        "excluded": [{"expert": expert_id, "name": names.get(expert_id, ""),
                      "reasons": [{"code": r.code, "item": r.item_id, "detail": r.detail} for r in reasons]}
                     for expert_id, reasons in excluded.items() if reasons],
    })


def _invite(seats, panel) -> None:
    people = {expert.pk: expert.user for expert in
              Expert.objects.filter(pk__in=[seat.expert_id for seat in seats]).select_related("user")}
    notifications.notify_many(
        recipients={f"panel:{panel.pk}:seat:{seat.pk}:invited": people[seat.expert_id] for seat in seats},
        kind=kinds.PANEL_INVITED, target=panel, params={"title": panel.title, "panel": panel.pk},
    )


def _report_short(department, items, exc) -> None:
    values = {"department": department.name, "found": exc.found, "need": exc.need,
              "items": "、".join(item.title for item in items[:5])}
    raise_incident(
        kind=SHORT_INCIDENT, key=f"department:{department.pk}",
        title=_("%(department)s专家库人数不足，未能抽取评审组") % values,
        detail=_("为“%(items)s”抽取评审组时，符合条件且无需回避的专家只有%(found)d人，需要%(need)d人。"
                 "请补充专家库或调整专业领域要求后重新抽取。") % values,
        payload={"department": department.pk, "items": [item.pk for item in items], "found": exc.found,
                 "need": exc.need},
    )
