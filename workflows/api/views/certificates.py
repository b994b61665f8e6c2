"""Certificates over the API, for the signed-in who may see them (the holder's organisation, the
owning department: workflows.engine.certificates.rules, the same rule as the pages; anyone else
404): the list, one certificate, its PDF. Verification is the public page alone: the API
verifies no codes and never shows one."""

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.certificate_serializers import CertificateSerializer
from workflows.api.views.common import errors
from workflows.api.views.files import AnyAccept
from workflows.engine.certificates import rules
from workflows.engine.certificates.downloading import download_certificate

CERTIFICATE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("证书编号（内部）"))
TAGS = ["certificates"]


class CertificateList(GenericAPIView):
    serializer_class = CertificateSerializer

    @extend_schema(operation_id="certificates_list", tags=TAGS, summary=_("证书"),
                   description=_("您可查看的证书（本单位的，或本处室主管的），最新的在前。"),
                   responses={200: CertificateSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(rules.visible_certificates(request.user))
        return self.get_paginated_response(CertificateSerializer(page, many=True).data)


class CertificateDetail(APIView):
    @extend_schema(operation_id="certificates_read", tags=TAGS, summary=_("证书详情"),
                   parameters=[CERTIFICATE_ID], responses={200: CertificateSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(CertificateSerializer(rules.certificate_for(request.user, pk)).data)


class CertificateDownload(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="certificates_download", tags=TAGS, summary=_("下载证书"),
                   description=_("证书PDF（含查验二维码）。仅持证单位和主管处室可下载；否则 404。"),
                   parameters=[CERTIFICATE_ID],
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("证书PDF")),
                              **errors(404)})
    def get(self, request, pk):
        certificate = download_certificate(certificate=pk, by=request.user)
        return FileResponse(certificate.file.open("rb"), as_attachment=True, filename=certificate.file_name,
                            content_type="application/pdf")
