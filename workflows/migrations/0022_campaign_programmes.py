"""Each campaign named its programme by code and name (0002): link it to a programme row (0021)."""

from django.db import migrations


def link_campaigns(apps, schema_editor):
    """Each campaign named its programme by code and name: make one programme per code and year
    (of the campaign's opening, in the department that ran it) and link the campaign to it. The
    eligibility is unknown from the strings: every school type and both 公办 and 民办, for the
    department to narrow on its programme page."""
    Campaign = apps.get_model("workflows", "Campaign")
    Programme = apps.get_model("workflows", "Programme")
    every_type = ["kindergarten", "primary", "junior", "nine_year", "senior", "vocational", "special"]
    made = {}
    for campaign in Campaign.objects.order_by("opens_at", "pk"):
        key = (campaign.programme_code, campaign.opens_at.year)
        if key not in made:
            name, n = campaign.programme_name, 1
            while Programme.objects.filter(name=name, year=key[1]).exists():
                n += 1
                name = f"{campaign.programme_name}（{n}）"
            made[key] = Programme.objects.create(
                kind="accreditation", code=campaign.programme_code, year=key[1], name=name,
                owner_department_id=campaign.owner_department_id, school_types=every_type,
                ownerships=["public", "private"], total_quota=campaign.total_quota)
        campaign.programme = made[key]
        campaign.save(update_fields=["programme"])


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0021_programmes'),
    ]

    operations = [
        migrations.RunPython(link_campaigns, migrations.RunPython.noop),
    ]
