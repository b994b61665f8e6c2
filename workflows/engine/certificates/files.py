"""The certificate's PDF file, rendered once after the issuing act (see engine.rendering)."""

from django.core.files.base import ContentFile
from django.db import transaction

from workflows.engine.certificates import codes
from workflows.engine.certificates.models import Certificate
from workflows.engine.certificates.render import certificate_pdf


def ensure_file(certificate) -> Certificate:
    """The certificate with its PDF stored: rendered now under the row's lock unless it is there."""
    if getattr(certificate, "file", None):  # rendered already: no lock, no second read
        return certificate
    pk = getattr(certificate, "pk", certificate)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update(of=("self",)).select_related("tenure", "item").get(pk=pk)
        if not certificate.file:
            data = certificate_pdf(certificate, codes.code_of(certificate))
            certificate.file.save(f"{certificate.number}.pdf", ContentFile(data), save=False)
            certificate.save(update_fields=["file"])
    return certificate


def unrendered():
    return Certificate.objects.filter(file="")
