"""Every campaign now has its programme (0022): the key becomes required and the strings go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0022_campaign_programmes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='campaign',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='workflows.programme', verbose_name='申报项目'),
        ),
        migrations.RemoveConstraint(
            model_name='campaign',
            name='campaign_unique_name_per_programme',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='programme_code',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='programme_name',
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.UniqueConstraint(fields=('programme', 'name'), name='campaign_unique_name_per_programme'),
        ),
    ]
