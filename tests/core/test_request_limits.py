"""An oversized request body is refused with 413 before anything reads it (core/request_limits.py)."""

import io

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.sample_files import pdf

pytestmark = pytest.mark.django_db


class RecordedInput(io.BytesIO):
    """The request body as the server hands it to Django, counting how much of it was read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def _post_upload(path: str, *, size: int, **headers):
    """POST a multipart body carrying a real PDF of `size` bytes, its length declared honestly."""
    body = encode_multipart(BOUNDARY, {"slot": "report", "file": io.BytesIO(pdf(size=size))})
    recorded = RecordedInput(body)
    response = Client().generic("POST", path, body, content_type=MULTIPART_CONTENT, **{"wsgi.input": recorded},
                                headers=headers)
    return response, recorded


def test_an_oversized_upload_to_the_api_is_a_json_413_and_is_never_read(settings):
    # The attack: an anonymous client streams a body far over the limit at an upload endpoint.
    settings.REQUEST_MAX_BYTES = 64 * 1024
    response, body = _post_upload("/api/v1/items/1/files/", size=100 * 1024)
    assert response.status_code == 413
    assert response.json() == {"detail": "提交的内容过大：一次提交（含全部附件）不能超过0.0625MB。请减少或压缩附件后重试。",
                               "code": "request_too_large"}
    assert body.bytes_read == 0


def test_an_oversized_form_post_gets_a_chinese_page_and_is_never_read(settings):
    settings.REQUEST_MAX_BYTES = 64 * 1024
    response, body = _post_upload("/accounts/login/", size=100 * 1024)
    assert response.status_code == 413 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "提交的内容过大" in page and "0.0625MB" in page and '<html lang="zh-hans">' in page
    assert body.bytes_read == 0


def test_a_body_within_the_limit_goes_on_as_usual(settings):
    settings.REQUEST_MAX_BYTES = 64 * 1024
    response, body = _post_upload("/api/v1/items/1/files/", size=32 * 1024)
    assert response.status_code == 401  # reached the API, which wants a sign-in
    response, body = _post_upload("/accounts/login/", size=32 * 1024)
    assert response.status_code == 200 and body.bytes_read > 0  # the sign-in form, read and redisplayed


def test_the_default_limit_is_one_largest_file_plus_form_overhead(settings):
    from core import settings as production

    assert production.REQUEST_MAX_BYTES == production.UPLOAD_MAX_BYTES + 1024 * 1024
