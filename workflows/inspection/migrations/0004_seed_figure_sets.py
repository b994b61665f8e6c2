"""The two figure sets the city starts with (workflows.inspection.figures.seed): 义务教育优质均衡
and 县域学前教育普及普惠. Reversing leaves them (they may be in use)."""

from django.db import migrations


def install(apps, schema_editor):
    from workflows.inspection.figures.seed import install_sets

    install_sets(apps.get_model("inspection", "FigureSet"), apps.get_model("inspection", "Figure"),
                 apps.get_model("inspection", "FigureRule"), apps.get_model("inspection", "FigureIndicator"))


class Migration(migrations.Migration):
    dependencies = [("inspection", "0003_figures")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
