"""The daily beat entry of life after approval: `workflows.tenure_daily` at 00:30 expires the
tenures past their end and sends the reminders due (expiry.expire_due, expiry.remind_due). Written
after every migrate, idempotently, like the timer dispatcher's (deadlines/beat.py)."""

from django.db import DEFAULT_DB_ALIAS

from core.periodic import ensure_daily

TASK_NAME = "workflows.tenure_daily"
PERIODIC_TASK_NAME = "认定有效期：到期处理与到期提醒（每日）"


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    ensure_daily(name=PERIODIC_TASK_NAME, task=TASK_NAME, hour=0, minute=30, using=using)
