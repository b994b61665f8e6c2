"""Configuring an organisation's group robot: validated, audited (the secret never goes into the
audit log)."""

from django.db import transaction

from core.audit.services import record_event
from notifications.models import WebhookEndpoint, WebhookFlavour


@transaction.atomic
def save_webhook(*, endpoint: WebhookEndpoint, by=None) -> WebhookEndpoint:
    """Validate and save a new or edited robot (the admin's form comes here)."""
    created = endpoint._state.adding
    endpoint.full_clean()
    endpoint.save()
    record_event(
        action="notifications.webhook_configured" if created else "notifications.webhook_changed",
        target=endpoint,
        actor=by,
        organisation=endpoint.organisation,
        data={"flavour": endpoint.flavour, "url": endpoint.url, "signed": bool(endpoint.secret), "active": endpoint.is_active},
    )
    return endpoint


def configure_webhook(*, organisation, url: str, flavour: str = WebhookFlavour.WECOM, secret: str = "",
                      is_active: bool = True, by=None) -> WebhookEndpoint:
    """Set the organisation's robot (one per organisation: an existing one is changed)."""
    endpoint = WebhookEndpoint.objects.filter(organisation=organisation).first() or WebhookEndpoint(
        organisation=organisation
    )
    endpoint.url, endpoint.flavour, endpoint.secret, endpoint.is_active = url, flavour, secret, is_active
    return save_webhook(endpoint=endpoint, by=by)
