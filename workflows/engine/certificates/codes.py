"""Verification codes: 192 bits, URL-safe (32 characters), kept only as SHA-256.

A certificate's code is the HMAC of a random salt (128 bits from `secrets`, stored in its row)
under a key derived from SECRET_KEY: the PDF, rendered after the issuing act has committed, can
recompute it from the row, while a reader of the database (salt and hash) can neither derive a
code nor reverse the hash. Rotating SECRET_KEY keeps old PDFs re-renderable as long as the old
key stays in SECRET_KEY_FALLBACKS; verification itself reads only the hash and never needs the key.

A code is looked up by its hash, so the database comparison runs on a digest the caller cannot
steer toward a stored one; a malformed code is hashed and looked up all the same (it finds
nothing), so the answer and its timing do not tell a malformed code from an unknown one."""

import base64
import hashlib
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

CODE_BYTES = 24  # 192 bits
SALT_BYTES = 16
KEY_SALT = "workflows.certificates.verification-code"


class CodeUnavailable(RuntimeError):
    """The code cannot be recomputed: SECRET_KEY changed and the old one is not a fallback."""


def new_code() -> str:
    """A random code of a code's shape (what someone trying codes would send)."""
    return secrets.token_urlsafe(CODE_BYTES)


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def code_from(salt: str, secret=None) -> str:
    digest = salted_hmac(KEY_SALT, salt, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:CODE_BYTES]).decode("ascii")


def code_of(certificate) -> str:
    """The certificate's code, recomputed from its salt and checked against its hash."""
    if certificate.code_salt:
        for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
            code = code_from(certificate.code_salt, secret)
            if code_hash(code) == certificate.code_hash:
                return code
    raise CodeUnavailable(f"The verification code of certificate {certificate.pk} cannot be recomputed "
                          "(SECRET_KEY changed without the old key in SECRET_KEY_FALLBACKS)")


def code_hash(code: str) -> str:
    return hashlib.sha256(str(code).encode("utf-8", "surrogatepass")).hexdigest()
