"""`python manage.py seed_demo [--logins [--all]] [--reset-passwords]`: the demo city.

Refuses unless DEBUG: it creates accounts with one well-known password. Idempotent: running it
again creates nothing new.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.orgs import demo_data
from core.orgs.demo import seed_demo_city
from core.orgs.models import Organisation, User
from core.orgs.roles import OrgKind, Role
from core.text_table import table

DEFAULT_DEMO_PASSWORD = "Demo@2026"


class Command(BaseCommand):
    help = gettext_lazy("写入演示数据：沈阳市教育局、13个区县(市)、学校和每个角色的演示账号（仅限 DEBUG 模式）。")

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help=gettext_lazy("写入后列出演示账号。"))
        parser.add_argument("--all", action="store_true", help=gettext_lazy("与 --logins 同用：列出全部学校的账号。"))
        parser.add_argument(
            "--reset-passwords", action="store_true", help=gettext_lazy("把已有演示账号的密码重置为演示密码。")
        )

    def handle(self, *args, logins=False, all=False, reset_passwords=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                _("拒绝写入演示数据：只能在开发环境（DEBUG=true）下运行，以免在生产数据库中创建使用公开密码的演示账号。")
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        result = seed_demo_city(password=password, reset_passwords=reset_passwords)
        self.stdout.write(
            _("演示数据：新建组织 %(orgs)d 个、用户 %(users)d 个、角色授权 %(grants)d 条。")
            % {"orgs": result.organisations, "users": result.users, "grants": result.grants}
        )
        if logins:
            self._print_logins(password=password, everything=all)

    def _print_logins(self, *, password, everything):
        present = set(User.objects.filter(username__in=[x.username for x in demo_data.demo_logins()])
                      .values_list("username", flat=True))
        names = {(o.kind, o.code): o.name for o in Organisation.objects.exclude(code="")}
        first_district = demo_data.DISTRICTS[0][0]
        school_district = {s.code: s.district_code for s in demo_data.demo_schools()}
        rows, hidden = [], 0
        for login in demo_data.demo_logins():
            if login.username not in present:
                continue
            if (
                login.org_kind == OrgKind.SCHOOL
                and login.role in (Role.SCHOOL_HEAD, Role.APPLICANT)
                and not everything
                and school_district[login.org_code] != first_district
            ):
                hidden += 1
                continue
            org_name = names.get((login.org_kind, login.org_code), login.org_code)
            rows.append([login.username, login.full_name, Role(login.role).label, org_name])

        self.stdout.write("")
        self.stdout.write(_("演示账号（密码均为 %(password)s）：") % {"password": password})
        self.stdout.write(table([_("用户名"), _("姓名"), _("角色"), _("所在组织")], rows))
        if hidden:
            self.stdout.write(
                _("另有 %(count)d 个学校账号未列出：school_head_<学校标识码>（学校负责人）、"
                  "applicant_<学校标识码>（申报人）；加 --all 列出全部。") % {"count": hidden}
            )
