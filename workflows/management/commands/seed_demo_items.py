"""`python manage.py seed_demo_items`: every demo piece's items in the demo city (workflows.demo),
then the printed "try this first" list (DEBUG only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text_table import table
from workflows.demo.guide import guide_rows, seed_pieces


class Command(BaseCommand):
    help = gettext_lazy("写入演示城市各环节的事项，并列出“先试试这些”（仅限 DEBUG 模式）。")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("拒绝写入演示数据：只能在开发环境（DEBUG=true）下运行。"))
        tries = seed_pieces()
        self.stdout.write("")
        self.stdout.write(_("先试试这些（用上面的演示账号登录）："))
        self.stdout.write(table([_("序号"), _("用户名"), _("姓名"), _("做什么")], guide_rows(tries)))
