"""The document's PDF file, rendered once after the issuing act (see engine.rendering)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from workflows.engine.documents import render
from workflows.engine.documents.models import Document


def ensure_file(document) -> Document:
    """The document with its PDF stored: rendered now under the row's lock unless it is there."""
    if getattr(document, "file", None):  # rendered already: no lock, no second read
        return document
    pk = getattr(document, "pk", document)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=pk)
        if not document.file:
            lines = list(document.lines.order_by("rank").values_list("text", flat=True))
            data = render.render(agency=document.agency, number_text=document.number_text, title=document.title,
                                 opening=document.opening, lines=lines, closing=document.closing,
                                 issued_on=document.issued_on)
            number = document.doc_number
            document.file.save(f"{number.prefix}-{number.year}-{number.number}.pdf", ContentFile(data), save=False)
            document.size, document.sha256 = len(data), hashlib.sha256(data).hexdigest()
            document.save(update_fields=["file", "size", "sha256"])
    return document


def unrendered():
    return Document.objects.filter(file="")
