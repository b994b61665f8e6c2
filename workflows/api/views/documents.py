"""发文 over the API: the documents I read, one with its lines, its PDF, and issuing a list's
document. Scoped by workflows.engine.documents.rules (404 to anyone else; 403 to a non-issuer
who sees the items); the issuing is one call of workflows.engine.documents.lists."""

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.document_serializers import DocumentDetailSerializer, DocumentSerializer, IssueSerializer
from workflows.api.views.common import errors
from workflows.api.views.files import AnyAccept
from workflows.engine.documents import rules, selectors
from workflows.engine.documents.files import ensure_file
from workflows.engine.documents.lists import issue_list_document

DOCUMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("发文编号"))
LIST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("名单编号"))
TAGS = ["documents"]


def detail(user, pk, *, status_code=status.HTTP_200_OK) -> Response:
    return Response(DocumentDetailSerializer(selectors.document_detail(user, pk)).data, status=status_code)


class DocumentList(GenericAPIView):
    serializer_class = DocumentSerializer

    @extend_schema(operation_id="documents_list", tags=TAGS, summary=_("发文"),
                   description=_("您可以查看的发文（本处室所发的，及名单中有您可见事项的），最新的在前。"),
                   responses={200: DocumentSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(selectors.document_list(request.user))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)


class DocumentDetail(APIView):
    @extend_schema(operation_id="documents_retrieve", tags=TAGS, summary=_("发文详情"), parameters=[DOCUMENT_ID],
                   responses={200: DocumentDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return detail(request.user, pk)


class DocumentPdf(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="documents_pdf", tags=TAGS, summary=_("下载发文PDF"), parameters=[DOCUMENT_ID],
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("PDF文件")),
                              **errors(404)})
    def get(self, request, pk):
        document = ensure_file(rules.readable_document(request.user, pk))
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name,
                            content_type="application/pdf")


class ListIssue(APIView):
    @extend_schema(operation_id="lists_issue_document", tags=TAGS, summary=_("从名单发文"), parameters=[LIST_ID],
                   description=_("为一份已办理的名单（决定、批复等）发文：分配文号，生成PDF，记入每个事项的时间线。"
                                 "每份名单每种公文类型只发一次。仅主管处室的审核员或负责人可以发文。"),
                   request=IssueSerializer, responses={201: DocumentDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = IssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = issue_list_document(list_act=pk, by=request.user, **body.validated_data)
        return detail(request.user, document.pk, status_code=status.HTTP_201_CREATED)
