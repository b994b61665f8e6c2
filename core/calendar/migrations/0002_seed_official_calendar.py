"""Seed every year the installed chinesecalendar package covers (2004-2026 in 1.11.0)."""

from django.db import migrations

from core.calendar import official


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    have = set(CalendarYear.objects.values_list("year", flat=True))
    years = [
        CalendarYear(year=year, source="chinesecalendar")
        for year in official.covered_years()
        if year not in have
    ]
    CalendarYear.objects.bulk_create(years)
    days = [
        CalendarDay(date=day, year_id=calendar_year.year, is_working=is_working, note=note)
        for calendar_year in years
        for day, is_working, note in official.official_days_of_year(calendar_year.year)
    ]
    CalendarDay.objects.bulk_create(days, batch_size=2000)


def unseed(apps, schema_editor):
    apps.get_model("workcalendar", "CalendarYear").objects.filter(source="chinesecalendar").delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
