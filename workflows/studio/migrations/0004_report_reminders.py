"""The studio's terms remind the host of the year's report 30 and 7 days before the window
closes (12-31) and tell the school's head 3 days before, while there is time to file (data: the
department edits these in the admin)."""

from django.db import migrations


def remind(apps, schema_editor):
    apps.get_model("workflows", "TermsPolicy").objects.filter(kind="studio").update(
        report_reminder_days=[30, 7], report_escalate_days=3)


def forget(apps, schema_editor):
    apps.get_model("workflows", "TermsPolicy").objects.filter(kind="studio").update(
        report_reminder_days=[], report_escalate_days=None)


class Migration(migrations.Migration):
    dependencies = [("studio", "0003_district_rating_choices"), ("workflows", "0027_annual_report_reminders")]
    operations = [migrations.RunPython(remind, forget)]
