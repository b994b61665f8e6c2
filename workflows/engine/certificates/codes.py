"""Verification codes: 192 bits from `secrets`, URL-safe (32 characters), kept only as SHA-256.

A code is looked up by its hash, so the database comparison runs on a digest the caller cannot
steer toward a stored one; a malformed code is hashed and looked up all the same (it finds
nothing), so the answer and its timing do not tell a malformed code from an unknown one."""

import hashlib
import secrets

CODE_BYTES = 24  # 192 bits


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def code_hash(code: str) -> str:
    return hashlib.sha256(str(code).encode("utf-8", "surrogatepass")).hexdigest()
