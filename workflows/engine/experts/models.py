"""An expert panel (专家评审组): the experts drawn to review one item or a group of items (one panel
scores a district's batch), with its seats.

A Panel is drawn by its department (experts.draw.draw_panel) with `size` members and up to
`reserves` 候补, from the department's pool (pool_models), recording the seed of the draw. A
PanelItem says which items it reviews; an item has at most one current panel (a constraint, and
the draw locks the items). A Seat is one expert's place on it, with its state:

    invited   drawn onto the panel: sees nothing of the items until the pledge (承诺书) is accepted
    accepted  the pledge accepted (`pledged_at`): may see and score the items
    declined  declined with a reason: the next reserve took the seat (`replaced_by`)
    reserve   a 候补, waiting to be called in order of `position`

The chair (组长) is one seat of the panel (`is_chair`): the first member drawn, passed on when that
member declines. Who may see what is experts.rules; a scoring step asks experts.selectors.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import OrgKind

MIN_SIZE = 3


class Panel(models.Model):
    department = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="panels",
                                   limit_choices_to={"kind": OrgKind.DEPARTMENT}, verbose_name=_("主管处室"))
    campaign = models.ForeignKey("workflows.Campaign", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("申报批次"))
    title = models.CharField(_("评审组名称"), max_length=200)
    size = models.PositiveSmallIntegerField(_("评审专家人数"))
    reserves = models.PositiveSmallIntegerField(_("候补人数"), default=0)
    required_fields = models.ManyToManyField("workflows.ExpertField", blank=True, related_name="+",
                                             verbose_name=_("要求的专业领域"))
    # The random seed that broke ties in the draw: with the candidates and loads in the audit
    # event, experts.draw.replay gives the same panel again.
    seed = models.BigIntegerField(_("抽取随机种子"))
    pledge_text = models.TextField(_("保密承诺书"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("抽取人"))
    drawn_at = models.DateTimeField(_("抽取时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家评审组")
        verbose_name_plural = _("专家评审组")
        ordering = ["-drawn_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gte=MIN_SIZE), name="panel_at_least_three")]

    def __str__(self):
        return self.title


class PanelItem(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="panel_items", verbose_name=_("评审组"))
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="panel_items",
                             verbose_name=_("事项"))
    # False once the panel is closed: the item may then have a new panel (a re-assessment).
    current = models.BooleanField(_("当前评审组"), default=True)

    class Meta:
        verbose_name = _("评审事项")
        verbose_name_plural = _("评审事项")
        ordering = ["panel", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "item"], name="panelitem_once"),
            models.UniqueConstraint(fields=["item"], condition=Q(current=True), name="panelitem_one_current_panel"),
        ]


class SeatState(models.TextChoices):
    INVITED = "invited", _("待签承诺书")
    ACCEPTED = "accepted", _("已签承诺书")
    DECLINED = "declined", _("已谢绝")
    RESERVE = "reserve", _("候补")


# The seats that make the panel (and count as an expert's load): drawn or called in, not declined.
SEATED = (SeatState.INVITED, SeatState.ACCEPTED)


class Seat(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="seats", verbose_name=_("评审组"))
    expert = models.ForeignKey("workflows.Expert", on_delete=models.PROTECT, related_name="seats",
                               verbose_name=_("专家"))
    # Members 1..size in the order drawn, then the reserves in the order they are called.
    position = models.PositiveSmallIntegerField(_("顺序"))
    state = models.CharField(_("状态"), max_length=20, choices=SeatState.choices)
    is_chair = models.BooleanField(_("组长"), default=False)
    seated_at = models.DateTimeField(_("入组时间"), null=True, blank=True)
    pledged_at = models.DateTimeField(_("签署承诺书时间"), null=True, blank=True)
    declined_at = models.DateTimeField(_("谢绝时间"), null=True, blank=True)
    decline_reason = models.TextField(_("谢绝理由"), blank=True)
    replaced_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="replaces", verbose_name=_("递补人"))

    class Meta:
        verbose_name = _("评审席位")
        verbose_name_plural = _("评审席位")
        ordering = ["panel", "position"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="seat_once_per_panel"),
            models.UniqueConstraint(fields=["panel", "position"], name="seat_unique_position"),
            models.UniqueConstraint(fields=["panel"], condition=Q(is_chair=True), name="seat_one_chair"),
            models.CheckConstraint(condition=~Q(state="accepted") | Q(pledged_at__isnull=False),
                                   name="seat_accepted_has_pledge"),
            models.CheckConstraint(condition=~Q(state="declined") | ~Q(decline_reason=""),
                                   name="seat_declined_has_reason"),
        ]

    def __str__(self):
        return f"{self.panel_id}#{self.position} {self.expert_id} {self.state}"
