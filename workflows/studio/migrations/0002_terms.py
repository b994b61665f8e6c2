"""The studio's terms, as data (TermsPolicy): three years, reminders 180 and 60 days before the
end, a second 不合格 revokes, and a renewal passes over the district's list, the department's
review and the defence (the department edits these in the admin)."""

from django.db import migrations

TERMS = {"name": "名优教师工作室（三年）", "validity_years": 3, "reminder_days": [180, 60], "report_opens": "11-01",
         "report_closes": "12-31", "failures_to_revoke": 2,
         "renewal_skips": ["district_recommend", "city_review", "defence"], "renewal_opens_days": 180,
         "revocation_doc_type": "revocation"}


def create(apps, schema_editor):
    TermsPolicy = apps.get_model("workflows", "TermsPolicy")
    TermsPolicy.objects.get_or_create(kind="studio", programme_code="", defaults=TERMS)


def remove(apps, schema_editor):
    apps.get_model("workflows", "TermsPolicy").objects.filter(kind="studio", programme_code="").delete()


class Migration(migrations.Migration):
    dependencies = [("studio", "0001_studio"), ("workflows", "0024_meeting_cancel")]
    operations = [migrations.RunPython(create, remove)]
