"""专家评分 over the API: the expert's own sheet (read, save a draft, submit), the panel's view
(states; scores once all are in), the chair's return, the department's close and result. Each
act is one call of workflows.engine.scoring.services, each read one of scoring.selectors (the
same rules as the pages); errors become 400/403/404/409."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.scoring_serializers import (
    OverviewSerializer,
    OwnSheetSerializer,
    ReturnReasonSerializer,
    ResultSerializer,
    SheetBodySerializer,
    SheetSerializer,
)
from workflows.api.views.common import JSON_ONLY, errors
from workflows.engine.scoring import selectors, services

ITEM_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("事项编号"))
SHEET_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("评分表编号"))
TAGS = ["scoring"]


def own_sheet(user, pk) -> Response:
    return Response(OwnSheetSerializer(selectors.sheet_view(user, pk)).data)


def _lines(request) -> dict:
    body = SheetBodySerializer(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data["lines"]


class OwnSheet(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="scoring_sheet_retrieve", tags=TAGS, summary=_("我的评分表"), parameters=[ITEM_ID],
                   description=_("评审组专家本人的评分表：每项指标的分值、评分说明及已填的得分和评语。"),
                   responses={200: OwnSheetSerializer, **errors(403, 404, 409)})
    def get(self, request, pk):
        return own_sheet(request.user, pk)

    @extend_schema(operation_id="scoring_sheet_save", tags=TAGS, summary=_("保存评分草稿"), parameters=[ITEM_ID],
                   description=_("保存部分或全部评分；超出分值、不是本评分指标中的指标的，整体不保存。"),
                   request=SheetBodySerializer, responses={200: OwnSheetSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        services.save_draft(item=pk, by=request.user, lines=_lines(request))
        return own_sheet(request.user, pk)


class SheetSubmit(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="scoring_sheet_submit", tags=TAGS, summary=_("提交评分表"), parameters=[ITEM_ID],
                   description=_("先保存随附的评分（可不附），再提交：每项末级指标都须在分值内打分；提交后不能再修改。"),
                   request=SheetBodySerializer, responses={200: OwnSheetSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        lines = _lines(request)
        if lines:
            services.save_draft(item=pk, by=request.user, lines=lines)
        services.submit_sheet(item=pk, by=request.user)
        return own_sheet(request.user, pk)


class ScoringOverview(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="scoring_retrieve", tags=TAGS, summary=_("评分情况"), parameters=[ITEM_ID],
                   description=_("评审组各专家的提交状态；全部提交后才含各专家的分数。评审组专家和主管处室可见。"),
                   responses={200: OverviewSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(OverviewSerializer(selectors.overview(request.user, pk)).data)


class SheetReturn(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="score_sheets_return", tags=TAGS, summary=_("退回评分表"), parameters=[SHEET_ID],
                   description=_("评审组组长将已提交的评分表退回专家修改，须写明理由。"), request=ReturnReasonSerializer,
                   responses={200: SheetSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        body = ReturnReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sheet = services.return_sheet(sheet=pk, by=request.user, reason=body.validated_data["reason"])
        return Response(SheetSerializer(sheet).data)


class ScoringClose(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="scoring_close", tags=TAGS, summary=_("确认评分结果"), parameters=[ITEM_ID],
                   description=_("主管处室在全部专家提交后确认结果：按评分指标的计分规则计算，结果决定事项去向。"),
                   request=None, responses={200: ResultSerializer, **errors(404, 409)})
    def post(self, request, pk):
        services.close_scoring(item=pk, by=request.user)
        return Response(ResultSerializer(selectors.result_table(request.user, pk)).data)


class ScoringResult(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="scoring_result", tags=TAGS, summary=_("评分结果"), parameters=[ITEM_ID],
                   description=_("主管处室可见：每位专家每项指标的得分、各项平均分、计算过程与评定结果；未确认时为按全部评分表计算的结果。"),
                   responses={200: ResultSerializer, **errors(404, 409)})
    def get(self, request, pk):
        return Response(ResultSerializer(selectors.result_table(request.user, pk)).data)
