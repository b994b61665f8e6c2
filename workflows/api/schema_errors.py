"""The 415 every operation with a request body can answer.

DRF answers 415 (`unsupported_media_type`) when a body comes with a media type none of the
parsers reads, or with none at all (JSON, form and multipart are read). That is true of every
operation that takes a body, so this postprocessing hook documents it once for all of them, in
the same error shape as their 401, instead of repeating it in every view's extend_schema.
"""

from django.utils.translation import gettext as _

METHODS = ("post", "put", "patch")


def document_unsupported_media(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.get("responses", {})
            if method in METHODS and "requestBody" in operation and "401" in responses:
                responses.setdefault("415", {
                    "content": responses["401"].get("content", {}),
                    "description": _("请求体的媒体类型不受支持：请用 JSON、表单或 multipart/form-data"),
                })
    return result
