"""System check: `manage.py check` warns when the audit triggers are missing on the database."""

from django.core.checks import Warning, register
from django.db import DatabaseError, connections
from django.utils.translation import gettext as _

from core.audit.triggers import missing_triggers, tables_exist


@register()
def audit_triggers_present(app_configs=None, **kwargs):
    problems = []
    for alias in connections:
        connection = connections[alias]
        try:
            # Before the first migrate there is nothing to protect yet; migrate installs them.
            if not tables_exist(connection):
                continue
            missing = missing_triggers(connection)
        except DatabaseError:
            continue  # an unreachable database is reported by whatever needs it
        if missing:
            problems.append(
                Warning(
                    _("数据库“%(alias)s”缺少审计日志的保护触发器：%(names)s") % {"alias": alias, "names": ", ".join(missing)},
                    hint=_("运行 python manage.py migrate 以重新创建触发器。"),
                    id="audit.W001",
                )
            )
    return problems
