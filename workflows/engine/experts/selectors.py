"""What pages, the API and the scoring step read of panels and pools. Reads only, through rules.

For a scoring step:
    current_panel(item)      the item's current panel (open or closed), or None
    scorers(item)            the seats that may score the item now: accepted pledge, on its
                             current open panel (with expert and user loaded), in seat order
    scored_by(item)          once its panel is closed: the accepted seats of the item's latest
                             closed panel, whose sheets its result counted
    may_score(user, item)    (rules.may_score) whether `user` is one of them
    chair(panel)             the chair's seat, or None
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.audit.models import AuditEvent
from workflows.engine.exceptions import NotAllowed
from workflows.engine.experts import rules
from workflows.engine.experts.models import Panel, PanelItem, Seat
from workflows.engine.experts.pool_models import Expert, ExpertConflict
from workflows.engine.models import Item

may_score = rules.may_score


def current_panel(item) -> Panel | None:
    link = PanelItem.objects.filter(item_id=getattr(item, "pk", item), current=True).select_related("panel").first()
    return link.panel if link else None


def scorers(item) -> list[Seat]:
    return list(Seat.objects.filter(rules.scoring_seats_q(getattr(item, "pk", item)))
                .select_related("expert__user", "expert__home").order_by("position"))


def scored_by(item) -> list[Seat]:
    pk = getattr(item, "pk", item)
    panel = Panel.objects.filter(panel_items__item_id=pk, closed_at__isnull=False).order_by("-closed_at", "-pk") \
        .values_list("pk", flat=True).first()
    if panel is None:
        return []
    return list(Seat.objects.filter(panel_id=panel, state__in=rules.REVEALING)
                .select_related("expert__user", "expert__home").order_by("position"))


def chair(panel) -> Seat | None:
    return Seat.objects.filter(panel=panel, is_chair=True).select_related("expert__user").first()


def seats_of(panel) -> list[Seat]:
    """Every seat of the panel, members then reserves, with expert, user and home: for the department."""
    return list(Seat.objects.filter(panel=panel).select_related("expert__user", "expert__home", "replaced_by")
                .order_by("position"))


def items_of(panel) -> list[Item]:
    return list(Item.objects.filter(panel_items__panel=panel).select_related("organisation").order_by("pk"))


def draw_record(panel) -> dict:
    """The draw's audit data (seed, candidates and loads, members, reserves, who was excluded and why)."""
    event = AuditEvent.objects.filter(action="panel_drawn", object_id=str(panel.pk),
                                      content_type__model="panel").order_by("seq").first()
    return dict(event.data) if event else {}


def pool(user, department) -> list[Expert]:
    """The department's experts, with fields and conflicts, for whoever manages the pool (else 404)."""
    rules.check_pool(user, department)
    conflicts = Prefetch("conflicts", queryset=ExpertConflict.objects.select_related("organisation"))
    return list(Expert.objects.filter(department=department).select_related("user", "home")
                .prefetch_related("fields", conflicts).order_by("-is_active", "pk"))


def my_seats(user) -> list[Seat]:
    """`user`'s seats, newest panel first, with the panel. What each shows of its items is `seat_items`."""
    return list(rules.own_seats(user).select_related("panel__department").order_by("-panel__drawn_at", "position"))


def revealed_items(seats) -> dict[int, list[Item]]:
    """Panel id → its items, for those of these seats (one person's) that reveal them. One query."""
    panels = [seat.panel_id for seat in seats if rules.reveals(seat)]
    shown: dict[int, list[Item]] = {}
    for link in PanelItem.objects.filter(panel_id__in=panels).select_related("item__organisation").order_by("item_id"):
        shown.setdefault(link.panel_id, []).append(link.item)
    return shown


def seat_items(user, seat) -> list[Item]:
    """The items of `user`'s own seat, once its pledge is accepted; refused before (403; 404 for a seat not theirs)."""
    seat = rules.own_seat(user, seat)
    if not rules.reveals(seat):
        raise NotAllowed(_("请先签署保密承诺书，再查看评审材料。"))
    return items_of(seat.panel_id)
