"""The default policy of DOMAIN.md: reminders at 09:00 on the working day 3 and 1 before the due
date and on the due day; escalations at 09:00 on the 1st working day after it to the head of the
handler's organisation and on the 3rd to the owning city department's head."""

import datetime

from django.db import migrations

NINE = datetime.time(9, 0)
STEPS = [
    ("reminder", 3, ""),
    ("reminder", 1, ""),
    ("reminder", 0, ""),
    ("escalation", 1, "handler_org"),
    ("escalation", 3, "owner_department"),
]


def create_default(apps, schema_editor):
    Policy = apps.get_model("notifications", "ReminderPolicy")
    Step = apps.get_model("notifications", "PolicyStep")
    policy, created = Policy.objects.get_or_create(
        code="default", version=1, defaults={"name": "默认提醒与督办策略"}
    )
    if created:
        Step.objects.bulk_create(
            Step(policy=policy, kind=kind, working_days=days, at_time=NINE, level=level) for kind, days, level in STEPS
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
