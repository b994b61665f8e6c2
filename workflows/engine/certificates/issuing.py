"""Issuing: the certificate of a tenure just granted, in the granting (approving) transaction —
its number from the programme's counter (locked, so numbers run without gaps: a rolled-back
approval rolls its number back too), a fresh code, audited; the PDF is rendered once the act has committed (engine.rendering)."""

from django.db import transaction
from django.utils import timezone

from core.audit.services import record_event
from core.pdf.fonts import cjk_font
from workflows.engine.certificates import codes
from workflows.engine.certificates.models import Certificate, CertificateCounter
from workflows.engine.rendering import render_after_commit


def series_of(tenure, programme_code: str = "") -> str:
    """Numbers run per programme (the item's kind when it has none) and year."""
    return (programme_code or tenure.terms.programme_code or tenure.item.kind).upper()


def next_sequence(series: str, year: int) -> int:
    """Take the next number of the series and year, its counter row locked until commit."""
    CertificateCounter.objects.bulk_create([CertificateCounter(series=series, year=year)], ignore_conflicts=True)
    counter = CertificateCounter.objects.select_for_update().get(series=series, year=year)
    number = counter.next_number
    counter.next_number = number + 1
    counter.save(update_fields=["next_number"])
    return number


def format_number(series: str, year: int, sequence: int) -> str:
    return f"{series}-{year}-{sequence:04d}"


@transaction.atomic
def issue_certificate(tenure, *, programme_code: str = "", by=None) -> Certificate:
    """The tenure's certificate (the existing one if it has one already)."""
    existing = Certificate.objects.filter(tenure=tenure).first()
    if existing is not None:
        return existing
    cjk_font()  # a machine that cannot print the certificate refuses the approval
    item = tenure.item
    issued_on = timezone.localdate(tenure.created_at) if tenure.created_at else tenure.starts_on
    series, year = series_of(tenure, programme_code), tenure.starts_on.year
    sequence = next_sequence(series, year)
    salt = codes.new_salt()
    certificate = Certificate(tenure=tenure, item=item, series=series, year=year, sequence=sequence,
                              number=format_number(series, year, sequence), holder=item.organisation.name,
                              programme=tenure.terms.name, title=item.title, issued_on=issued_on,
                              starts_on=tenure.starts_on, valid_until=tenure.valid_until,
                              code_salt=salt, code_hash=codes.code_hash(codes.code_from(salt)))
    certificate.save()
    render_after_commit("certificate", certificate.pk)
    record_event(action="certificate_issued", target=certificate, actor=by, organisation=item.owner_department,
                 to_status="valid", data={"item": item.pk, "tenure": tenure.pk, "number": certificate.number})
    return certificate
