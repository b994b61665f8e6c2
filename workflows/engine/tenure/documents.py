"""The numbered document of a revocation (撤销决定): its 文号 from core.docnumbers, with the
prefix of the terms' document type (data the 办公室 keeps; an unknown or inactive type is refused,
400, and nothing is revoked).

The seam for what other pieces build: the rendered PDF (`workflows.engine.documents`) and the
certificate's verification page saying 已撤销 (`workflows.engine.certificates`). Neither had
landed when this was written: `after_revocation` is where their calls go; until then the 文号,
the reason and the tenure's state are the record."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.docnumbers.services import issue_for_type


def revocation_number(tenure, *, by):
    """The next 文号 of the terms' revocation document type, titled for this item."""
    item = tenure.item
    title = _("关于撤销%(name)s“%(title)s”认定的决定") % {"name": item.organisation.name, "title": item.title}
    return issue_for_type(tenure.terms.revocation_doc_type, timezone.localdate().year, title=title, by=by)


def after_revocation(tenure, *, by) -> None:
    """Hand the revocation to the document and certificate pieces, once they exist (the seam)."""
