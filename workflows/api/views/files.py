from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from workflows.api.views.common import errors
from workflows.engine.files.uploads import attachment_response
from workflows.engine.reading.selectors import get_attachment_for


class AnyAccept(BaseContentNegotiation):
    """A download is the file whatever the client accepts; errors are still JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FileDownload(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="files_download", tags=["files"], summary=_("下载附件"),
        description=_("附件所属事项在您的可见范围内时返回文件（原文件名）；否则 404。"),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("附件编号"))],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description=_("文件内容")),
                   **errors(403, 404)},
    )
    def get(self, request, pk):
        return attachment_response(get_attachment_for(request.user, pk))
