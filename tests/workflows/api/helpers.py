"""Calling the API as someone: a token client (as other systems do) or a session client."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workflows.engine.models import Item


def client_for(user, *, session=False) -> APIClient:
    client = APIClient()
    if user is None:
        return client
    if session:
        client.force_login(user)
    else:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def reload(item):
    return Item.objects.get(pk=item.pk).as_kind()
