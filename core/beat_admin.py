"""django-celery-beat's admin (周期任务), with the labels its own admin leaves in English: the
schedule's description ("At 07:30 AM" by cron-descriptor in the machine's locale, under the field
names "Human readable" and "Crontab translation"), the "Scheduler" column and the "Task Name" of
the schedules' task lists. The rest of its admin, and what it saves, stay django-celery-beat's.
Its other strings are translated in locale/zh_Hans."""

from cron_descriptor import ExpressionDescriptor, FormatException, MissingFieldException, Options
from cron_descriptor import WrongArgumentException
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat
from django_celery_beat.models import (
    ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule,
)

# cron-descriptor's locales for ours; anything else is described in English.
CRON_LOCALES = {"zh-hans": "zh_CN"}


def describe(crontab) -> str:
    """The crontab in words of the active language, with its time zone ("在 07:30 Asia/Shanghai")."""
    expression = " ".join([crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year,
                           crontab.day_of_week])
    options = Options()
    options.locale_code = CRON_LOCALES.get(translation.get_language(), "en_US")
    options.use_24hour_time_format = True
    try:
        words = ExpressionDescriptor(expression, options).get_description()
    except (FormatException, MissingFieldException, WrongArgumentException):
        words = expression
    return f"{words} {crontab.timezone}"


class PeriodicTaskInline(beat.PeriodicTaskInline):
    fields = ("name", "task_name", "args", "kwargs")
    readonly_fields = fields

    @admin.display(description=_("任务"))
    def task_name(self, task):
        return task.task


class ScheduleAdmin(admin.ModelAdmin):
    inlines = [PeriodicTaskInline]


class TaskFilter(admin.SimpleListFilter):
    """By Celery task (the field's own title is an untranslated "Task Name")."""

    title = _("任务")
    parameter_name = "task"

    def lookups(self, request, model_admin):
        tasks = PeriodicTask.objects.order_by("task").values_list("task", flat=True).distinct()
        return [(task, task) for task in tasks]

    def queryset(self, request, queryset):
        return queryset.filter(task=self.value()) if self.value() else queryset


class PeriodicTaskAdmin(beat.PeriodicTaskAdmin):
    list_display = ("name", "enabled", "schedule", "interval", "start_time", "last_run_at", "one_off")
    list_filter = ["enabled", "one_off", TaskFilter, "start_time", "last_run_at"]

    @admin.display(description=_("计划"))
    def schedule(self, task):
        return describe(task.crontab) if task.crontab else task.scheduler

    @admin.display(description=_("执行时间"))
    def crontab_translation(self, task):
        return describe(task.crontab) if task.crontab else ""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form's script shows the chosen crontab's description from this table.
        readable = {crontab.pk: describe(crontab) for crontab in CrontabSchedule.objects.all()}
        return admin.ModelAdmin.changeform_view(self, request, object_id, form_url,
                                                extra_context={**(extra_context or {}),
                                                               "readable_crontabs": readable})


class CrontabScheduleAdmin(ScheduleAdmin):
    list_display = ("__str__", "description")
    fields = ("description", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    readonly_fields = ("description",)

    @admin.display(description=_("说明"))
    def description(self, crontab):
        return describe(crontab)


class ClockedScheduleAdmin(ScheduleAdmin):
    fields = list_display = ("clocked_time",)


for model, model_admin in ((PeriodicTask, PeriodicTaskAdmin), (CrontabSchedule, CrontabScheduleAdmin),
                           (ClockedSchedule, ClockedScheduleAdmin), (IntervalSchedule, ScheduleAdmin),
                           (SolarSchedule, ScheduleAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
