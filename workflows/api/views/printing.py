"""打印审批单 over the API: the item's approval sheet as a PDF, scoped like the item itself."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from workflows.api.views.common import errors
from workflows.api.views.files import AnyAccept
from workflows.api.views.items import ITEM_ID
from workflows.engine.reading import selectors
from workflows.web.printing.sheet import approval_sheet
from workflows.web.printing.pdf import pdf_response


class ItemSheet(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="items_sheet", tags=["items"], summary=_("审批单（PDF）"),
        description=_("事项的审批单：申报内容、各环节的审批意见（办理人、时间）和当前状态。"
                      "事项在您的可见范围内时返回 PDF；否则 404。"),
        parameters=[ITEM_ID],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("审批单 PDF")),
                   **errors(403, 404)},
    )
    def get(self, request, pk):
        item = selectors.get_item_for(request.user, pk)
        return pdf_response(approval_sheet(item, request.user))
