"""The API's error body, `{"detail", "code", "fields"}`, for the pieces below the API that answer
an /api/ request themselves (the request-size limit, the error handlers): core may not import
workflows, so the shape lives here and workflows.api.errors builds on it."""

from django.http import JsonResponse

API_PREFIX = "/api/"


def body(detail: str, code: str, fields: dict | None = None) -> dict:
    data = {"detail": detail, "code": code}
    if fields:
        data["fields"] = fields
    return data


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse(body(detail, code), status=status)
