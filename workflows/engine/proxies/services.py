"""委托/代理: naming a proxy for a range of days, and ending it early.

Who may act as whom lives in workflows.engine.proxies.rules; these are the two state changes of the
record itself, each one transaction, audited, the proxy told through notifications.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import Proxy, RoleGrant, User
from core.orgs.proxy_models import eligible_proxies
from core.orgs.roles import PROXY_ROLES
from notifications import api
from notifications.kinds import INFO
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import Conflict, NotAllowed, NotFound
from workflows.engine.locking import lock_row
from workflows.engine.people import Candidate, people_of

REASON_MAX = Proxy._meta.get_field("reason").max_length


def proxies_of(user):
    """The ranges `user` named (as principal) or holds (as proxy), newest first."""
    if not (user and user.is_authenticated):
        return Proxy.objects.none()
    return Proxy.objects.filter(Q(principal=user) | Q(proxy=user)).select_related("principal", "proxy")


def not_a_choice(username) -> str:
    """The one refusal for a username that may not be named proxy, whether it is unknown, inactive
    or not a colleague: it confirms nothing about anyone (the form accepts any username)."""
    return _("“%(username)s”不是您可以选择的代理人：代理人须在您任职的单位担任与您相同的角色（评审专家、督学除外）。") % {
        "username": username}


def proxy_candidates(user) -> list[Candidate]:
    """Whom `user` may name as proxy (eligible_proxies, the one rule), for the 委托 page's and the
    API's choices: each labelled by the post they share with `user` ("宋佳 · 和平区 · 区县审核员").
    Two queries however many."""
    posts = Q(pk__in=[])
    for role, organisation_id in RoleGrant.objects.active().filter(user=user, role__in=PROXY_ROLES).values_list(
            "role", "organisation_id"):
        posts |= Q(role=role, organisation_id=organisation_id)
    grants = (RoleGrant.objects.active().filter(posts, user__in=eligible_proxies(user))
              .select_related("user", "organisation").order_by("user__full_name", "user__username", "role"))
    return people_of(grants)


def user_named(username: str) -> User:
    """The user with this username, for forms that name a proxy; a field error if there is none."""
    username = (username or "").strip()
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValidationError(not_a_choice(username), code="unknown_user")
    return user


@service
def create_proxy(*, principal, proxy, starts_on, ends_on, reason: str, by) -> Proxy:
    """`principal` names `proxy` to act for them from `starts_on` to `ends_on`, both days
    included. Only for oneself; the range may not start in the past, run backwards, or overlap
    another live range of the principal (checked under a lock on the principal, so two requests
    at once cannot both pass). The proxy must be a colleague holding one of the principal's roles
    at the same organisation (core.orgs.proxy_models.eligible_proxies): naming anyone in the city
    would hand them the principal's powers."""
    if by.pk != principal.pk:
        raise NotAllowed(_("只能为自己设置委托代理。"))
    reason = (reason or "").strip()
    _check_input(principal=principal, proxy=proxy, starts_on=starts_on, ends_on=ends_on, reason=reason)
    lock_row(User, principal.pk)
    clash = (Proxy.objects.filter(principal=principal, cancelled_at__isnull=True, starts_on__lte=ends_on,
                                  ends_on__gte=starts_on).select_related("proxy").first())
    if clash is not None:
        raise ValidationError(
            {"starts_on": ValidationError(
                _("与已有的委托（%(proxy)s，%(start)s 至 %(end)s）时间重叠。")
                % {"proxy": clash.proxy, "start": clash.starts_on, "end": clash.ends_on}, code="overlap")}
        )
    row = Proxy.objects.create(principal=principal, proxy=proxy, starts_on=starts_on, ends_on=ends_on,
                               reason=reason, created_by=by)
    record_event(action="proxy_created", target=row, actor=by, comment=reason,
                 data={"principal": principal.pk, "proxy": proxy.pk, "starts_on": starts_on, "ends_on": ends_on})
    api.notify(key=f"proxy:{row.pk}:created", recipient=proxy, kind=INFO, target=row,
               params={"title": _("%(principal)s委托您在 %(start)s 至 %(end)s 代为办理")
                       % {"principal": principal, "start": starts_on, "end": ends_on}},
               link=reverse("workflows:proxies"))
    return row


def _check_input(*, principal, proxy, starts_on, ends_on, reason) -> None:
    errors = {}
    if proxy is None:
        errors["proxy"] = _("请选择代理人。")
    elif proxy.pk == principal.pk:
        errors["proxy"] = _("不能委托给自己。")
    elif not eligible_proxies(principal).filter(pk=proxy.pk).exists():  # inactive accounts included
        errors["proxy"] = not_a_choice(proxy.get_username())
    if starts_on is None:
        errors["starts_on"] = _("请填写开始日期。")
    elif starts_on < timezone.localdate():
        errors["starts_on"] = _("开始日期不能早于今天。")
    if ends_on is None:
        errors["ends_on"] = _("请填写结束日期。")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("委托的结束日期不能早于开始日期。")
    if not reason:
        errors["reason"] = _("请填写委托原因。")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("委托原因不能超过%(max)s个字。") % {"max": REASON_MAX}
    if errors:
        raise ValidationError({name: ValidationError(message, code=name) for name, message in errors.items()})


@service
def end_proxy(*, proxy, by) -> Proxy:
    """End a range now (or cancel one not yet begun). The principal may, and so may the proxy
    (declining it); to anyone else it does not exist."""
    try:
        row = proxies_of(by).get(pk=pk_of(proxy))
    except (Proxy.DoesNotExist, ValueError):
        raise NotFound() from None
    row = lock_row(Proxy, row.pk)
    if row.cancelled_at is not None:
        raise Conflict(_("此委托已结束。"))
    if row.ends_on < timezone.localdate():
        raise Conflict(_("此委托已到期。"))
    row.cancelled_at, row.cancelled_by = timezone.now(), by
    row.save(update_fields=["cancelled_at", "cancelled_by"])
    record_event(action="proxy_ended", target=row, actor=by,
                 data={"principal": row.principal_id, "proxy": row.proxy_id, "starts_on": row.starts_on,
                       "ends_on": row.ends_on})
    other = row.proxy if by.pk == row.principal_id else row.principal
    api.notify(key=f"proxy:{row.pk}:ended", recipient=other, kind=INFO, target=row,
               params={"title": _("%(proxy)s代%(principal)s办理的委托已结束")
                       % {"proxy": row.proxy, "principal": row.principal}},
               link=reverse("workflows:proxies"))
    return row
