"""The numbered document of a revocation (撤销决定): a 发文 (workflows.engine.documents) with its
文号 from core.docnumbers, the prefix of the terms' document type (data the 办公室 keeps; an
unknown or inactive type is refused, 400, and nothing is revoked), its PDF naming the item and
the reason, in the item's timeline and readable by its people.

The certificate (`workflows.engine.certificates`) needs no call: its state reads the tenure's, so
its verification page says 已撤销 as soon as this transaction commits."""

from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.documents.services import issue_document


def revocation_number(tenure, *, by, reason: str = ""):
    """Issue the revocation's 发文 (the next 文号 of the terms' revocation document type, titled for
    this item) and return its 文号. Whoever may revoke issues it (the department's head, or the
    system for a rule): the revocation's own rules allowed it."""
    item = tenure.item
    title = _("关于撤销%(name)s“%(title)s”认定的决定") % {"name": item.organisation.name, "title": item.title}
    opening = _("经研究，决定撤销以下事项的认定（自%(day)s起）：") % {"day": timezone.localdate().isoformat()}
    closing = _("撤销理由：%(reason)s") % {"reason": reason} if reason else ""
    document = issue_document(doc_type=tenure.terms.revocation_doc_type, items=[item], by=by, title=title,
                              opening=opening, closing=closing, check=False)
    return document.doc_number


def after_revocation(tenure, *, by) -> None:
    """The seam for what else a revocation tells (the certificate follows the tenure by itself)."""
