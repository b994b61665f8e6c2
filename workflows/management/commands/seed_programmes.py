"""manage.py seed_programmes [--year 2021]: install the programmes of 沈教发〔2021〕1号 that are
missing (workflows.programmes.seed), as the system. Safe to run again: it writes nothing twice."""

from django.core.management.base import BaseCommand

from workflows.programmes.seed import YEAR, seed_programmes


class Command(BaseCommand):
    help = "写入2021年工作要点中的申报项目（已有的不重复写入）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=YEAR, help="项目年度，默认2021")

    def handle(self, *args, year, **options):
        made = seed_programmes(year=year)
        for programme in made:
            self.stdout.write(f"{programme} · {programme.owner_department.name} · "
                              f"{programme.total_quota if programme.total_quota is not None else '不限'}")
        self.stdout.write(f"写入{len(made)}个申报项目。")
