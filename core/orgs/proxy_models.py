"""委托/代理: a person names someone to act for them over a range of days (out of office).

During the range the proxy sees and acts on the principal's tasks in the principal's name; every
such act is audited as "proxy acting for principal". The engine reads `Proxy.objects.active()`;
`core` itself only keeps the record (workflows/engine/proxies.py says what a proxy may do) and
who may be one: a colleague holding one of the principal's roles at the same organisation
(PROXY_ROLES). A range is in force only while that stays true, so that a proxy who has moved on
(to a school, say) no longer acts for their old colleague.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import PROXY_ROLES

PROXY_RANGE_ERROR = _("委托的结束日期不能早于开始日期。")


class ProxyQuerySet(models.QuerySet):
    def active(self, at=None):
        """Ranges in force on the local day of `at` (default now), not cancelled, whose proxy
        still has an active account. Both dates are inclusive."""
        day = timezone.localdate(at) if at is not None else timezone.localdate()
        return self.filter(
            _shares_a_grant(principal=OuterRef("principal_id"), proxy=OuterRef("proxy_id"), at=at),
            cancelled_at__isnull=True, starts_on__lte=day, ends_on__gte=day, proxy__is_active=True,
        )

    def current_or_future(self, at=None):
        """Not cancelled and not over yet: what may not overlap a new range."""
        day = timezone.localdate(at) if at is not None else timezone.localdate()
        return self.filter(cancelled_at__isnull=True, ends_on__gte=day)


def _shares_a_grant(*, principal, proxy, at=None) -> Exists:
    """Does `proxy` hold, now, one of `principal`'s current grants in PROXY_ROLES (same role, same
    organisation)? Both may be OuterRefs: an EXISTS, no statement of its own."""
    RoleGrant = apps.get_model("orgs", "RoleGrant")  # noqa: N806 - models.py imports this module: by name

    principal_holds = RoleGrant.objects.active(at).filter(
        user_id=OuterRef(principal) if isinstance(principal, OuterRef) else principal,
        role=OuterRef("role"), organisation_id=OuterRef("organisation_id"),
    )
    proxy_holds = RoleGrant.objects.active(at).filter(user_id=proxy, role__in=PROXY_ROLES)
    return Exists(proxy_holds.filter(Exists(principal_holds)))


def eligible_proxies(principal, at=None):
    """The people `principal` may name as proxy: active, not themselves, holding one of the
    principal's roles at the same organisation. For the 委托 page's and the API's choices, and
    create_proxy's check."""
    User = apps.get_model("orgs", "User")  # noqa: N806 - as in _shares_a_grant

    return (User.objects.filter(is_active=True).exclude(pk=principal.pk)
            .filter(_shares_a_grant(principal=principal.pk, proxy=OuterRef("pk"), at=at))
            .order_by("full_name", "username"))


class Proxy(models.Model):
    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proxies_named", verbose_name=_("委托人")
    )
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proxies_held", verbose_name=_("代理人")
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("委托原因"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("设置人")
    )
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("结束人"),
    )

    objects = ProxyQuerySet.as_manager()

    class Meta:
        verbose_name = _("委托代理")
        verbose_name_plural = _("委托代理")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="proxy_range_ordered",
                                   violation_error_message=PROXY_RANGE_ERROR),
            models.CheckConstraint(condition=~Q(proxy=F("principal")), name="proxy_not_self",
                                   violation_error_message=_("不能委托给自己。")),
            # No two live ranges of one principal overlap: the service checks under a lock on the
            # principal; on PostgreSQL an exclusion constraint (migration 0003) also guards it.
        ]
        indexes = [models.Index(fields=["proxy", "starts_on"]), models.Index(fields=["principal", "starts_on"])]

    def __str__(self):
        return _("%(proxy)s 代 %(principal)s（%(start)s 至 %(end)s）") % {
            "proxy": self.proxy, "principal": self.principal, "start": self.starts_on, "end": self.ends_on,
        }

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
