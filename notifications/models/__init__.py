from notifications.models.outbox import MessageKind, Notification, OutboxState
from notifications.models.policies import EscalationLevel, PolicyStep, ReminderPolicy, ScheduleKind
from notifications.models.schedule import ScheduledReminder, ScheduleState

__all__ = [
    "EscalationLevel",
    "MessageKind",
    "Notification",
    "OutboxState",
    "PolicyStep",
    "ReminderPolicy",
    "ScheduleKind",
    "ScheduleState",
    "ScheduledReminder",
]
