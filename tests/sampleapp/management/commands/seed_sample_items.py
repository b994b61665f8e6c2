"""`python manage.py seed_sample_items`: sample applications in the demo city (DEBUG only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tests.sampleapp.demo import seed_sample_items


class Command(BaseCommand):
    help = gettext_lazy("写入示例申报事项，使演示账号的待办不为空（仅限 DEBUG 模式）。")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("拒绝写入示例数据：只能在开发环境（DEBUG=true）下运行。"))
        count = seed_sample_items()
        self.stdout.write(_("示例申报：新建 %(count)d 件。") % {"count": count})
