"""Downloading a certificate's PDF: the rule (`rules.certificate_for`: 404 to anyone else), then
an audit event naming who took a copy; the file rendered first if the task has not yet done it."""

from core.audit.services import record_event
from workflows.engine.certificates import rules
from workflows.engine.certificates.files import ensure_file
from workflows.engine.certificates.models import Certificate


def download_certificate(*, certificate, by) -> Certificate:
    certificate = rules.certificate_for(by, getattr(certificate, "pk", certificate))
    record_event(action="certificate_downloaded", target=certificate, actor=by,
                 organisation=certificate.item.owner_department, data={"number": certificate.number})
    return ensure_file(certificate)
