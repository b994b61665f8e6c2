from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.audit.checkpoints import write_checkpoint
from core.audit.verify import verify_chains


class Command(BaseCommand):
    help = _("校验审计日志的哈希链：发现被修改、删除或重排的事件时以非零状态退出，并指出第一个问题。")

    def add_arguments(self, parser):
        parser.add_argument("--no-checkpoint", action="store_true",
                            help=_("校验通过后不写入新的检查点（例如在只读副本上运行）。"))

    def handle(self, *args, no_checkpoint=False, **options):
        report = verify_chains()
        if report.ok:
            self.stdout.write(_("审计日志完好：%(chains)s 条链，共 %(events)s 个事件。") % {
                "chains": report.chains, "events": report.events,
            })
            if not no_checkpoint:
                # Printed so that it can be kept outside the database too: removing this
                # checkpoint (and everything after it) is what an attacker would need to hide.
                checkpoint = write_checkpoint()
                self.stdout.write(_("已写入检查点 #%(id)s：%(chains)s 条链，%(events)s 个事件，签名 %(signature)s。") % {
                    "id": checkpoint.pk, "chains": checkpoint.chains, "events": checkpoint.events,
                    "signature": checkpoint.signature,
                })
            return
        for problem in report.problems[1:]:
            self.stderr.write(_("另一问题：%(problem)s") % {"problem": problem})
        raise CommandError(_("审计日志校验失败（%(n)s 条链有问题）。第一个问题：%(problem)s") % {
            "n": len(report.problems), "problem": report.problems[0],
        })
