"""The sign-in backend: Django's ModelBackend, whose `get_user` — the one statement every signed-in
request spends on its user — also reads whether that person is anyone's proxy (委托) today.

Why: the item-visibility query carries a branch for proxies (the principals' open tasks), and
its estimated cost pushed PostgreSQL's planner over `jit_above_cost` on every item page and
search, compiling for ~78 ms a query that runs in ~3 ms (issue "City scale"). Almost nobody is
a proxy on a given day, so `workflows.engine.access.scoped_items` leaves that branch out when
`user.acts_as_proxy` is False. A user loaded any other way (a token, a test's own object) has no
such attribute and keeps the full query, which is right for everyone, only costlier to plan.
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from core.orgs.models import User
from core.orgs.proxy_models import Proxy


def is_proxy_today(user_field: str = "pk") -> Exists:
    """Is the user named by the outer row's `user_field` anyone's proxy today? An EXISTS to
    annotate the statement that loads the user (here, and the API's token)."""
    return Exists(Proxy.objects.active().filter(proxy=OuterRef(user_field)))


def with_proxy_flag(queryset):
    return queryset.annotate(acts_as_proxy=is_proxy_today())


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = with_proxy_flag(User._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
