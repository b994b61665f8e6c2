"""The daily beat entry of exports: `workflows.exports_daily` at 03:20 deletes the files past their
expiry and stops jobs that lost their worker (services.expire_due). Written after every migrate,
idempotently, like the meetings' (meetings/beat.py)."""

from django.db import DEFAULT_DB_ALIAS

from core.periodic import ensure_daily

TASK_NAME = "workflows.exports_daily"
PERIODIC_TASK_NAME = "导出任务：删除过期文件（每日）"


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    ensure_daily(name=PERIODIC_TASK_NAME, task=TASK_NAME, hour=3, minute=20, using=using)
