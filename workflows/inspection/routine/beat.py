"""The daily beat entry of 常态督导: `inspection.routine_daily` at 08:30 sends the reminders of
schools not visited this month (reminders.remind_unvisited). Written after every migrate,
idempotently, like the engine's (workflows/engine/tenure/beat.py)."""

from django.db import DEFAULT_DB_ALIAS

from core.periodic import ensure_daily

TASK_NAME = "inspection.routine_daily"
PERIODIC_TASK_NAME = "常态督导：本月未督导学校提醒（每日）"


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    ensure_daily(name=PERIODIC_TASK_NAME, task=TASK_NAME, hour=8, minute=30, using=using)
