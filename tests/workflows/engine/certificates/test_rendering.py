"""A certificate's PDF is rendered after the approval commits, from its row: its verification
code is recomputed from the stored salt under SECRET_KEY (codes.code_of), so it survives a key
rotation that keeps the old key as a fallback and is refused, not silently changed, without it."""

import pytest
from django.test import override_settings

from tests.workflows.engine.certificates.certificate_helpers import certificate_of, code_in, pdf_of, url_in_text
from tests.workflows.engine.tenure.tenure_helpers import granted  # noqa: F401
from workflows.engine.certificates import codes, verification
from workflows.engine.certificates.files import ensure_file

pytestmark = pytest.mark.django_db


def test_the_approval_stores_no_file_and_the_pdf_carries_the_recomputed_code(granted):
    certificate = certificate_of(granted.item)
    assert not certificate.file and certificate.code_salt
    code = code_in(url_in_text(pdf_of(certificate)))
    assert code == codes.code_of(certificate) and len(code) == 32
    assert verification.lookup(code) == certificate
    # What the database holds gives no code: neither the salt nor the hash is one.
    assert verification.lookup(certificate.code_salt) is None
    assert verification.lookup(certificate.code_hash) is None


def test_a_rotated_key_kept_as_fallback_still_renders_and_without_it_is_refused(granted, settings):
    certificate = certificate_of(granted.item)
    code = codes.code_of(certificate)
    with override_settings(SECRET_KEY="a-new-key-" + "x" * 40, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert codes.code_of(certificate) == code
        assert code in url_in_text(pdf_of(certificate))
    certificate_of(granted.item).file.delete()  # the stored file lost: it must be rendered again
    with override_settings(SECRET_KEY="a-new-key-" + "x" * 40, SECRET_KEY_FALLBACKS=[]):
        with pytest.raises(codes.CodeUnavailable):
            ensure_file(certificate)
    assert not certificate_of(granted.item).file  # nothing stored with a wrong code
