from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # the module holds other configs too (below)
    name = "core"
    verbose_name = _("核心")


# Two third-party apps whose names the admin's index shows ("AXES", "WORKFLOW"), renamed in
# Chinese; INSTALLED_APPS names these configs instead of the packages' own (labels unchanged, so
# their tables and migrations are the same).
from axes.apps import AppConfig as _AxesConfig  # noqa: E402
from viewflow.workflow.apps import WorkflowConfig as _WorkflowConfig  # noqa: E402


class AxesConfig(_AxesConfig):
    default = False
    verbose_name = _("登录防护")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # axes names its rows in English ("Access Log for … @ …"), which the admin shows as the
        # page title and breadcrumb of each row.
        AccessAttempt.__str__ = lambda row: str(_("%(user)s 的登录尝试（%(time)s）")
                                                % {"user": row.username, "time": row.attempt_time})
        AccessFailureLog.__str__ = lambda row: str(_("%(user)s 的登录失败（%(time)s）")
                                                   % {"user": row.username, "time": row.attempt_time})
        AccessLog.__str__ = lambda row: str(_("%(user)s 的登录记录（%(time)s）")
                                            % {"user": row.username, "time": row.attempt_time})


class WorkflowConfig(_WorkflowConfig):
    default = False
    verbose_name = _("流程引擎")

    def ready(self):
        super().ready()
        from viewflow.workflow.models import Task

        # viewflow names a task by its node's path and status code ("<app/flows.Flow.step/49> -
        # DONE"), which the admin shows as the task page's title and breadcrumb.
        Task.__str__ = lambda task: str(_("%(step)s #%(pk)s（%(status)s）") % {
            "step": task.flow_task.task_title or task.flow_task.name if task.flow_task else "",
            "pk": task.pk, "status": task.get_status_display()})
