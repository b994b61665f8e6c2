"""The public verification of a code (`/verify/<code>/`), without sign-in.

`lookup` hashes whatever it is given — a well-formed code, a malformed one, an empty string — and
asks the database for that digest: a code that is not a certificate's finds nothing, however it
is shaped, so a caller learns nothing by trying codes beyond "not found". `public_view` is all
the page may show: holder, programme, number, dates and state."""

from dataclasses import dataclass

from django.utils import timezone

from workflows.engine.certificates import codes
from workflows.engine.certificates.models import Certificate

MAX_CODE_LENGTH = 200


@dataclass(frozen=True)
class PublicView:
    holder: str
    programme: str
    number: str
    issued_on: object
    starts_on: object
    valid_until: object
    state: str
    state_label: str


def lookup(code: str) -> Certificate | None:
    digest = codes.code_hash(str(code or "")[:MAX_CODE_LENGTH])
    return Certificate.objects.filter(code_hash=digest).select_related("tenure").first()


def public_view(certificate: Certificate) -> PublicView:
    state = certificate.state_on(timezone.localdate())
    return PublicView(holder=certificate.holder, programme=certificate.programme, number=certificate.number,
                      issued_on=certificate.issued_on, starts_on=certificate.starts_on,
                      valid_until=certificate.valid_until, state=state,
                      state_label=str(type(certificate).state_label(state)))
