"""One error shape for every endpoint: {"detail": message, "code": code, "fields": {name: [messages]}}.

The engine's errors map through workflows.engine.exceptions.http_status: bad input 400 (with
field errors), a visible act the user may not take 403, out of scope 404, conflicts and stale
state 409. Anything else is DRF's own (401, 405, 415 …) in the same shape. What never reaches
DRF's handler (a crash, a refused host, an oversized body) gets the same shape through
json_error: workflows/api/handlers.py and core/middleware.py.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.json_errors import API_PREFIX, body, is_api_request, json_error  # noqa: F401  (the API's names)
from workflows.engine.exceptions import WorkflowError, http_status

NON_FIELD = ("__all__", "non_field_errors")
# Where the API lives (core/urls.py mounts workflows.api.urls here): answers below it are JSON.
def _messages(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(message) for item in value for message in _messages(item)]
    if isinstance(value, dict):
        return [str(message) for item in value.values() for message in _messages(item)]
    return [str(value)]


def _first_code(detail, default: str) -> str:
    if isinstance(detail, dict):
        detail = next(iter(detail.values()), None)
    if isinstance(detail, (list, tuple)):
        detail = detail[0] if detail else None
    if isinstance(detail, (dict, list, tuple)):
        return _first_code(detail, default)
    return getattr(detail, "code", None) or default


def _from_field_errors(errors: dict, code: str) -> dict:
    fields = {name: _messages(messages) for name, messages in errors.items() if name not in NON_FIELD}
    general = [message for name in NON_FIELD for message in _messages(errors.get(name, []))]
    detail = general[0] if general else _("请检查填写的内容：%(fields)s。") % {"fields": _("、").join(fields)}
    return body(detail, code, fields)


def _django_validation(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        code = next((e.code for errors in exc.error_dict.values() for e in errors if e.code), "invalid")
        return _from_field_errors({name: [m for e in errors for m in e.messages] for name, errors in
                                   exc.error_dict.items()}, code)
    code = next((e.code for e in exc.error_list if e.code), "invalid")
    return body(exc.messages[0], code)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response(_django_validation(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, WorkflowError):
        # Some errors say more (a too-early urge: when it is allowed again).
        data = {**body(str(exc.message), _snake(type(exc).__name__)), **getattr(exc, "extra", {})}
        return Response(data, status=exc.status_code)
    code = http_status(exc)
    if code == 409:  # a concurrent transition or a held lock that escaped the service wrapper
        return Response(body(_("其他人正在办理此事项，请稍后刷新。"), "busy"), status=code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        response.data = _from_field_errors(exc.detail, _first_code(exc.detail, "invalid"))
    elif isinstance(exc, exceptions.APIException):
        messages = _messages(exc.detail)
        response.data = body(messages[0] if messages else str(exc), _first_code(exc.detail, exc.default_code))
    else:  # Django's Http404 / PermissionDenied, converted by DRF
        response.data = body(_messages(response.data.get("detail", ""))[0], "not_found"
                             if response.status_code == 404 else "permission_denied")
    return response
