from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar.forms import DayActionForm, EnterYearForm
from core.calendar.models import CalendarDay, CalendarYear
from core.calendar.services import correct_days, enter_year


def days_url(year: int) -> str:
    return reverse("admin:workcalendar_calendarday_changelist") + f"?year__year__exact={year}"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Covered years. "Add" enters a whole year through the service; nothing is edited or deleted
    here: days are corrected one by one, so every change is announced."""

    list_display = ["year", "source", "working_days", "rest_days", "entered_by", "entered_at", "days_link"]
    list_filter = ["source"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("entered_by")
            .annotate(
                working_count=Count("days", filter=Q(days__is_working=True)),
                rest_count=Count("days", filter=Q(days__is_working=False)),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("工作日数"), ordering="working_count")
    def working_days(self, obj):
        return obj.working_count

    @admin.display(description=gettext_lazy("休息日数"), ordering="rest_count")
    def rest_days(self, obj):
        return obj.rest_count

    @admin.display(description=gettext_lazy("日期"))
    def days_link(self, obj):
        return format_html('<a href="{}">{}</a>', days_url(obj.year), _("查看与更正"))

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = EnterYearForm(request.POST or None, initial={"year": self._next_missing_year()})
        if request.method == "POST" and form.is_valid():
            try:
                calendar_year = enter_year(
                    year=form.cleaned_data["year"], source=form.cleaned_data["source"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.log_addition(request, calendar_year, [{"added": {}}])
                self.message_user(
                    request,
                    _("已录入 %(year)d 年的工作日历。请核对节假日和调休上班日，逐日更正。")
                    % {"year": calendar_year.year},
                    messages.SUCCESS,
                )
                return redirect(days_url(calendar_year.year))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("录入新年度"),
            "form": form,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/workcalendar/calendaryear/enter_year.html", context)

    def _next_missing_year(self) -> int:
        covered = set(CalendarYear.objects.values_list("year", flat=True))
        year = timezone.localdate().year
        while year in covered:
            year += 1
        return year


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Days of covered years. Changes go through correct_days, which announces them after commit."""

    list_display = ["date", "weekday", "is_working", "note", "updated_by", "updated_at"]
    list_filter = ["year", "is_working"]
    date_hierarchy = "date"
    search_fields = ["note"]
    list_per_page = 62  # two months at a glance
    fields = ["date", "weekday", "is_working", "note", "updated_by", "updated_at"]
    readonly_fields = ["date", "weekday", "updated_by", "updated_at"]
    action_form = DayActionForm
    actions = ["mark_rest_days", "mark_working_days"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("updated_by")

    def has_add_permission(self, request):
        return False  # days come with their year

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("星期"))
    def weekday(self, obj):
        return date_format(obj.date, "l")

    def save_model(self, request, obj, form, change):
        correct_days(dates=[obj.date], is_working=obj.is_working, note=obj.note, by=request.user)

    @admin.action(description=gettext_lazy("设为休息日（节假日）"), permissions=["change"])
    def mark_rest_days(self, request, queryset):
        self._mark(request, queryset, is_working=False)

    @admin.action(description=gettext_lazy("设为工作日（调休上班）"), permissions=["change"])
    def mark_working_days(self, request, queryset):
        self._mark(request, queryset, is_working=True)

    def _mark(self, request, queryset, *, is_working: bool):
        note = request.POST.get("note", "").strip() or None
        try:
            days = correct_days(
                dates=list(queryset.values_list("date", flat=True)), is_working=is_working, note=note, by=request.user
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        for day in days:
            self.log_change(request, day, _("批量设为工作日") if is_working else _("批量设为休息日"))
        self.message_user(request, _("已更正 %(count)d 天。") % {"count": len(days)}, messages.SUCCESS)
