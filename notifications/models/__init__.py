from notifications.models.delivery import Channel, Delivery, DeliveryState
from notifications.models.outbox import Notification, OutboxState
from notifications.models.policies import EscalationLevel, PolicyStep, ReminderPolicy, ScheduleKind
from notifications.models.preferences import ChannelPreference, EmailMode
from notifications.models.schedule import ScheduledReminder, ScheduleState
from notifications.models.webhooks import WebhookEndpoint, WebhookFlavour

__all__ = [
    "Channel",
    "ChannelPreference",
    "Delivery",
    "DeliveryState",
    "EmailMode",
    "EscalationLevel",
    "Notification",
    "OutboxState",
    "PolicyStep",
    "ReminderPolicy",
    "ScheduleKind",
    "ScheduleState",
    "ScheduledReminder",
    "WebhookEndpoint",
    "WebhookFlavour",
]
