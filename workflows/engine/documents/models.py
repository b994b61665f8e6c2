"""发文: an issued document (Document) with its 文号 from core.docnumbers, its type (whose prefix
is data), its stored PDF, and the items it names in order (DocumentItem).

A Document is written once, by workflows.engine.documents.services.issue_document, and never
edited: what it said is what the PDF says. Who issues and who reads: workflows.engine.documents.rules.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def document_path(document, filename: str) -> str:
    return f"documents/{document.issued_on:%Y}/{filename}"


class Document(models.Model):
    doc_type = models.ForeignKey("docnumbers.DocumentType", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("公文类型"))
    doc_number = models.OneToOneField("docnumbers.DocNumber", on_delete=models.PROTECT, related_name="document",
                                      verbose_name=_("文号"))
    # The number as printed, e.g. 沈教发〔2026〕3号 (the register's row keeps prefix/year/number).
    number_text = models.CharField(_("文号"), max_length=40)
    title = models.CharField(_("标题"), max_length=300)
    agency = models.CharField(_("发文机关"), max_length=100)
    owner_department = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("主管处室"))
    # The paragraph before the list, and the one after it.
    opening = models.TextField(_("正文"), blank=True)
    closing = models.TextField(_("结语"), blank=True)
    issued_on = models.DateField(_("成文日期"))
    # None: issued by the system (a rule's revocation: tenure's "two 不合格 revoke").
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("发文人"))
    list_act = models.ForeignKey("workflows.ListAct", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="documents", verbose_name=_("名单"))
    # Empty (size 0, no digest) until rendered after the issuing act commits (engine.rendering).
    file = models.FileField(_("PDF文件"), upload_to=document_path, max_length=255, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("发文时间"), default=timezone.now)

    class Meta:
        verbose_name = _("发文")
        verbose_name_plural = _("发文")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["list_act", "doc_type"], name="document_once_per_list_type")]

    def __str__(self):
        return f"{self.number_text} {self.title}"

    @property
    def file_name(self) -> str:
        return f"{self.number_text}.pdf"


class DocumentItem(models.Model):
    """One line of the document's list: the item it names and the line as printed."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="lines", verbose_name=_("发文"))
    rank = models.PositiveIntegerField(_("序号"))
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="document_lines",
                             verbose_name=_("事项"))
    text = models.CharField(_("名单内容"), max_length=300)

    class Meta:
        verbose_name = _("发文名单")
        verbose_name_plural = _("发文名单")
        ordering = ["document", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["document", "item"], name="document_item_once"),
            models.UniqueConstraint(fields=["document", "rank"], name="document_rank_once"),
        ]
