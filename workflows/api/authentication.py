"""API tokens, whose user carries `acts_as_proxy` like a signed-in page's (core.accounts.backends):
read in the token's own statement, so the API's item queries also leave out the 委托 branch
for whoever is nobody's proxy today."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from core.accounts.backends import is_proxy_today


class Token(TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        token = (model.objects.select_related("user")
                 .annotate(acts_as_proxy=is_proxy_today("user_id"))
                 .filter(key=key).first())
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("该令牌的用户已停用或已删除。"))
        token.user.acts_as_proxy = token.acts_as_proxy
        return token.user, token
