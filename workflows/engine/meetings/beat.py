"""The daily beat entry of meetings: `workflows.meetings_daily` at 07:30 sends the reminders due
before each scheduled meeting (reminders.remind_due). Written after every migrate, idempotently,
like the timer dispatcher's (deadlines/beat.py) and the tenure's (tenure/beat.py)."""

from django.db import DEFAULT_DB_ALIAS

from core.periodic import ensure_daily

TASK_NAME = "workflows.meetings_daily"
PERIODIC_TASK_NAME = "会议：会前提醒（每日）"


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    ensure_daily(name=PERIODIC_TASK_NAME, task=TASK_NAME, hour=7, minute=30, using=using)
