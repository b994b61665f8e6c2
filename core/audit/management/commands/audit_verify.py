from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.audit.verify import verify_chains


class Command(BaseCommand):
    help = _("校验审计日志的哈希链：发现被修改、删除或重排的事件时以非零状态退出，并指出第一个问题。")

    def handle(self, *args, **options):
        report = verify_chains()
        if report.ok:
            self.stdout.write(_("审计日志完好：%(chains)s 条链，共 %(events)s 个事件。") % {
                "chains": report.chains, "events": report.events,
            })
            return
        for problem in report.problems[1:]:
            self.stderr.write(_("另一问题：%(problem)s") % {"problem": problem})
        raise CommandError(_("审计日志校验失败（%(n)s 条链有问题）。第一个问题：%(problem)s") % {
            "n": len(report.problems), "problem": report.problems[0],
        })
