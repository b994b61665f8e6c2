"""What the API's views share: the documented error responses, and the bulk loads that keep a
page of rows at a fixed number of queries."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework.parsers import JSONParser

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.api.errors import json_error
from workflows.api.serializers import ErrorSerializer
from workflows.engine.reading.stats import DISTRICT_PATH_LENGTH

# For operations whose body nests (objects, lists of lines): a form body cannot say it, and a
# multipart one would be read into something else and accepted; anything but JSON is 415.
JSON_ONLY = [JSONParser]

ERROR_TEXT = {
    400: gettext_lazy("输入有误：detail 说明原因，fields 给出各字段的错误"),
    401: gettext_lazy("未登录：请使用令牌（Authorization: Token …）或登录会话"),
    403: gettext_lazy("可以看到，但无权执行此操作（或须先修改密码）"),
    404: gettext_lazy("不存在，或不在您的可见范围内"),
    409: gettext_lazy("冲突：他人正在办理或已经处理，事项状态已变化，请刷新后重试"),
}


def errors(*codes: int) -> dict:
    """extend_schema responses for these error statuses (401 always)."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_TEXT[code]) for code in sorted({401, *codes})}


def districts_of(items) -> dict:
    """item pk → its district (None for items at the bureau or a department): one query."""
    paths = {item.pk: item.organisation.path[:DISTRICT_PATH_LENGTH] for item in items}
    found = {org.path: org for org in Organisation.objects.filter(path__in=set(paths.values()), kind=OrgKind.DISTRICT)}
    return {pk: found.get(path) for pk, path in paths.items()}


def queue_organisations(tasks) -> dict:
    """str(organisation pk) → organisation, for the queues these tasks wait in: one query."""
    ids = {task.owner_permission_obj_pk for task in tasks if task.owner_permission and not task.owner_id}
    if not ids:
        return {}
    return {str(org.pk): org for org in Organisation.objects.filter(pk__in=[int(pk) for pk in ids])}


@csrf_exempt  # a JSON 404 for any method; it changes nothing
def not_found(request, *args, **kwargs):
    return json_error(_("接口地址不存在，或编号无效。"), "not_found", 404)
