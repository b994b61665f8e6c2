"""The site's error handlers (core/urls.py's handler400/403/404/500): what Django answers when an
error never reached a view's own handling (a crash, a refused host name, an Http404 outside DRF).

Below /api/ the answer is the API's JSON shape ({"detail", "code"}), with DEBUG off as on: a
program calling the API must not have to parse an HTML page. Elsewhere Django's defaults, which
render the site's Chinese pages templates/400.html, 403.html, 404.html and 500.html.
"""

from django.utils.translation import gettext as _
from django.views import defaults

from workflows.api.errors import is_api_request, json_error


def bad_request(request, exception=None):
    if is_api_request(request):
        return json_error(_("请求无效。"), "bad_request", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return json_error(_("您无权执行此操作。"), "permission_denied", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api_request(request):
        return json_error(_("接口地址不存在，或编号无效。"), "not_found", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # The exception itself is logged by Django (django.request); the caller learns only that it failed.
    if is_api_request(request):
        return json_error(_("服务器内部错误，请稍后重试；错误已记录。"), "server_error", 500)
    return defaults.server_error(request)
