from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.audit.rotation import rotate_to_newest_key


class Command(BaseCommand):
    help = _("完成审计密钥轮换：先用 AUDIT_HMAC_KEYS 中的全部密钥校验审计日志，通过后以最新密钥重新签名全部链头并写入检查点。"
             "旧事件仍以原密钥校验。")

    def handle(self, *args, **options):
        rotation = rotate_to_newest_key()
        if not rotation.report.ok:
            raise CommandError(_("审计日志校验未通过，未作任何更改。第一个问题：%(problem)s") % {
                "problem": rotation.report.problems[0]})
        self.stdout.write(_("已改用密钥“%(key)s”：重新签名 %(heads)s 个链头，写入检查点 #%(checkpoint)s；"
                            "审计日志完好（%(chains)s 条链，共 %(events)s 个事件）。") % {
            "key": rotation.key_id, "heads": rotation.resigned, "checkpoint": rotation.checkpoint.pk,
            "chains": rotation.report.chains, "events": rotation.report.events})
