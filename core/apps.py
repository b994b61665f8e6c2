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


class WorkflowConfig(_WorkflowConfig):
    default = False
    verbose_name = _("流程引擎")
