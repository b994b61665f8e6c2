"""公示 over the API, for the owning department: the notices (and publishing one), one notice with
its lines and objections, one objection with its objector, and its handling. Each act is one call
of workflows.engine.notices; its errors become 400/403/404/409. Objections themselves come only
from the public page (no sign-in, CSRF): the API lodges none."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.notice_serializers import (
    NoteSerializer,
    NoticeDetailSerializer,
    NoticeSerializer,
    ObjectionSerializer,
    PublishSerializer,
    ReasonSerializer,
)
from workflows.api.views.common import errors
from workflows.engine.exceptions import NotFound
from workflows.engine.notices import handling, rules, selectors
from workflows.engine.notices.step import publish_notice

NOTICE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("公示编号"))
OBJECTION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("异议编号"))
TAGS = ["notices"]


def notice_data(user, pk, *, status_code=status.HTTP_200_OK) -> Response:
    notice = selectors.handled_notice(user, pk)
    notice = type(notice).objects.prefetch_related("entries__item", "entries__objections").get(pk=notice.pk)
    return Response(NoticeDetailSerializer(notice).data, status=status_code)


class NoticeList(GenericAPIView):
    serializer_class = NoticeSerializer

    @extend_schema(operation_id="notices_list", tags=TAGS, summary=_("公示"),
                   description=_("本处室发布的公示（公示中和已结束的），最新的在前。"),
                   responses={200: NoticeSerializer(many=True), **errors(400, 403, 404)})
    def get(self, request):
        page = self.paginate_queryset(rules.handled_notices(request.user).order_by("-starts_at", "-pk"))
        return self.get_paginated_response(NoticeSerializer(page, many=True).data)

    @extend_schema(operation_id="notices_publish", tags=TAGS, summary=_("发布公示"),
                   description=_("对在公示步骤等待的多个事项发布一份公示，公示期按工作日计算。须能办理每个事项的待办。"),
                   request=PublishSerializer, responses={201: NoticeDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request):
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        step = selectors.step_named(data["step"])
        if step is None:
            raise NotFound(_("没有这个公示步骤。"))
        notice = publish_notice(step=step, items=data["items"], by=request.user, title=data["title"],
                                days=data.get("days"), comment=data["comment"])
        return notice_data(request.user, notice.pk, status_code=status.HTTP_201_CREATED)


class NoticeDetail(APIView):
    @extend_schema(operation_id="notices_retrieve", tags=TAGS, summary=_("公示详情"), parameters=[NOTICE_ID],
                   responses={200: NoticeDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return notice_data(request.user, pk)


class ObjectionDetail(APIView):
    @extend_schema(operation_id="objections_retrieve", tags=TAGS, summary=_("公示异议"), parameters=[OBJECTION_ID],
                   description=_("异议及异议人信息：仅主管处室可见。"), responses={200: ObjectionSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(ObjectionSerializer(selectors.handled_objection(request.user, pk)).data)


def _handled(request, pk, body_class, service, field) -> Response:
    body = body_class(data=request.data)
    body.is_valid(raise_exception=True)
    service(objection=pk, by=request.user, **{field: body.validated_data[field]})
    return Response(ObjectionSerializer(selectors.handled_objection(request.user, pk)).data)


class ObjectionInvestigate(APIView):
    @extend_schema(operation_id="objections_investigate", tags=TAGS, summary=_("调查异议"), parameters=[OBJECTION_ID],
                   description=_("标记为调查中并记录调查情况（内部）。"), request=NoteSerializer,
                   responses={200: ObjectionSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        return _handled(request, pk, NoteSerializer, handling.investigate_objection, "note")


class ObjectionUphold(APIView):
    @extend_schema(operation_id="objections_uphold", tags=TAGS, summary=_("异议成立"), parameters=[OBJECTION_ID],
                   description=_("事项退回决定环节并释放名额；如异议人留有邮箱，告知处理结果。"), request=ReasonSerializer,
                   responses={200: ObjectionSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        return _handled(request, pk, ReasonSerializer, handling.uphold_objection, "reason")


class ObjectionDismiss(APIView):
    @extend_schema(operation_id="objections_dismiss", tags=TAGS, summary=_("异议不成立"), parameters=[OBJECTION_ID],
                   description=_("须写明理由；公示已结束且该事项再无未处理的异议时，事项继续办理。"), request=ReasonSerializer,
                   responses={200: ObjectionSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        return _handled(request, pk, ReasonSerializer, handling.dismiss_objection, "reason")
