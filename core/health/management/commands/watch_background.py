from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.health.watch import probe_background, watch_background


class Command(BaseCommand):
    help = _("检查 Celery beat 与 worker 是否仍在运行：停止超过 5 分钟时登记异常事件并邮件通知系统管理员。"
             "由 systemd 定时器每分钟运行（不依赖 beat）。")

    def handle(self, *args, **options):
        background = probe_background()
        incident = watch_background(background=background)
        if background.ok:
            self.stdout.write(_("后台任务运行正常。"))
            return
        raise CommandError(incident.detail if incident else _("后台任务已停止。"))
