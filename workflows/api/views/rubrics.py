"""评分指标 over the API, by the rules of the pages (workflows.engine.rubrics.rules: the owning
department's staff; anyone else 404): the department's rubrics by year and state, one rubric with
its tree and bands, and its acts — create, edit, bands, copy (复制为新版本 / 复制上一年度), and an
indicator added, edited, moved and removed. Each act is one service call; a frozen version is
409 and nothing is written; bad input is 400 with the services' Chinese messages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.rubric_serializers import (
    BandsSerializer,
    CopySerializer,
    IndicatorAddSerializer,
    IndicatorEditSerializer,
    IndicatorMoveSerializer,
    RubricCreateSerializer,
    RubricDetailSerializer,
    RubricEditSerializer,
    RubricSerializer,
)
from workflows.api.views.common import JSON_ONLY, errors
from workflows.engine.rubrics import indicator_edits, rules, selectors, services
from workflows.engine.rubrics.models import Indicator

RUBRIC_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("评分指标编号"))
INDICATOR_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("指标编号（id）"))
LIST_FILTERS = [
    OpenApiParameter("department", int, OpenApiParameter.QUERY, required=False,
                     description=_("处室编号；不填为您的第一个处室")),
    OpenApiParameter("year", int, OpenApiParameter.QUERY, required=False, description=_("年度")),
    OpenApiParameter("state", str, OpenApiParameter.QUERY, required=False, enum=[selectors.EDITING, selectors.FROZEN],
                     description=_("editing：编辑中；frozen：已冻结")),
]
TAGS = ["rubrics"]


def department_of(user, wanted):
    """The department of `user`'s named by `wanted` (else their first); NotFound if none."""
    departments = rules.staff_departments(user).order_by("path")
    chosen = departments.filter(pk=wanted).first() if str(wanted or "").isdigit() else \
        (None if wanted else departments.first())
    rules.check_department(user, chosen)
    return chosen


def rubric_data(user, pk, *, status_code=status.HTTP_200_OK) -> Response:
    view = selectors.rubric_view(user, pk)
    return Response(RubricDetailSerializer(view.rubric, context={"view": view}).data, status=status_code)


def _body(serializer_class, request) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _rubric_of_indicator(user, pk) -> int:
    """The indicator's rubric if it is in `user`'s scope, else NotFound (a missing one too)."""
    rubric = Indicator.objects.filter(pk=pk).values_list("rubric_id", flat=True).first()
    return rules.rubric_for(user, rubric).pk


class RubricList(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = RubricSerializer

    @extend_schema(operation_id="rubrics_list", tags=TAGS, summary=_("评分指标"), parameters=LIST_FILTERS,
                   description=_("处室的评分指标，同名的按年度、版本从新到旧；含状态、使用方和指标数。"),
                   responses={200: RubricSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        department = department_of(request.user, request.query_params.get("department"))
        year = request.query_params.get("year", "")
        rows = selectors.rubric_list(request.user, department, year=int(year) if year.isdigit() else None,
                                     state=request.query_params.get("state"))
        page = self.paginate_queryset(rows.select_related("department"))
        return self.get_paginated_response(RubricSerializer(page, many=True).data)

    @extend_schema(operation_id="rubrics_create", tags=TAGS, summary=_("新建评分指标"), request=RubricCreateSerializer,
                   description=_("新建的评分指标还没有指标；同名同年度已有的，为下一版本。"),
                   responses={201: RubricDetailSerializer, **errors(400, 404)})
    def post(self, request):
        data = _body(RubricCreateSerializer, request)
        department = department_of(request.user, data.pop("department", None))
        rubric = services.create_rubric(department=department, by=request.user, **data)
        return rubric_data(request.user, rubric.pk, status_code=status.HTTP_201_CREATED)


class RubricDetail(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="rubrics_retrieve", tags=TAGS, summary=_("评分指标详情"), parameters=[RUBRIC_ID],
                   description=_("基本信息、计分规则、满分合计、指标（深度优先）和等级。"),
                   responses={200: RubricDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return rubric_data(request.user, pk)

    @extend_schema(operation_id="rubrics_edit", tags=TAGS, summary=_("修改评分指标"), parameters=[RUBRIC_ID],
                   description=_("只改给出的字段；已冻结的版本为409，请复制为新版本。"), request=RubricEditSerializer,
                   responses={200: RubricDetailSerializer, **errors(400, 404, 409)})
    def patch(self, request, pk):
        rules.rubric_for(request.user, pk)  # 404 before reading the body
        services.edit_rubric(rubric=pk, by=request.user, **_body(RubricEditSerializer, request))
        return rubric_data(request.user, pk)


class RubricBands(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="rubrics_bands", tags=TAGS, summary=_("设置等级划分"), parameters=[RUBRIC_ID],
                   description=_("以给出的等级替换原有的；分数范围重叠、名称重复时拒绝且不写入。"), request=BandsSerializer,
                   responses={200: RubricDetailSerializer, **errors(400, 404, 409)})
    def put(self, request, pk):
        rules.rubric_for(request.user, pk)
        services.set_bands(rubric=pk, bands=_body(BandsSerializer, request)["bands"], by=request.user)
        return rubric_data(request.user, pk)


class RubricCopy(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="rubrics_copy", tags=TAGS, summary=_("复制为新版本"), parameters=[RUBRIC_ID],
                   description=_("复制指标、等级、合格分数线和计分规则为可修改的新版本（已冻结的也可复制）；"
                                 "给出 year 即复制上一年度的到该年度。"), request=CopySerializer,
                   responses={201: RubricDetailSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        rules.rubric_for(request.user, pk)
        copy = services.copy_rubric(rubric=pk, by=request.user, year=_body(CopySerializer, request)["year"])
        return rubric_data(request.user, copy.pk, status_code=status.HTTP_201_CREATED)


class RubricIndicators(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="rubrics_indicators_add", tags=TAGS, summary=_("添加指标"), parameters=[RUBRIC_ID],
                   description=_("排在同级指标的最后；parent 为上级指标的编号。"), request=IndicatorAddSerializer,
                   responses={201: RubricDetailSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        rules.rubric_for(request.user, pk)
        indicator_edits.add_indicator(rubric=pk, by=request.user, **_body(IndicatorAddSerializer, request))
        return rubric_data(request.user, pk, status_code=status.HTTP_201_CREATED)


class IndicatorDetail(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="rubrics_indicators_edit", tags=TAGS, summary=_("修改指标"), parameters=[INDICATOR_ID],
                   description=_("只改给出的字段；改了上级指标的，排到新上级下的最后。"), request=IndicatorEditSerializer,
                   responses={200: RubricDetailSerializer, **errors(400, 404, 409)})
    def patch(self, request, pk):
        rubric = _rubric_of_indicator(request.user, pk)
        indicator_edits.edit_indicator(indicator=pk, by=request.user, **_body(IndicatorEditSerializer, request))
        return rubric_data(request.user, rubric)

    @extend_schema(operation_id="rubrics_indicators_remove", tags=TAGS, summary=_("删除指标"), parameters=[INDICATOR_ID],
                   description=_("连同其下的全部指标。"), responses={204: None, **errors(404, 409)})
    def delete(self, request, pk):
        _rubric_of_indicator(request.user, pk)
        indicator_edits.remove_indicator(indicator=pk, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IndicatorMove(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="rubrics_indicators_move", tags=TAGS, summary=_("移动指标"), parameters=[INDICATOR_ID],
                   request=IndicatorMoveSerializer, responses={200: RubricDetailSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        rubric = _rubric_of_indicator(request.user, pk)
        indicator_edits.move_indicator(indicator=pk, by=request.user, **_body(IndicatorMoveSerializer, request))
        return rubric_data(request.user, rubric)


