"""督导分析 over the API (/api/v1/inspection-plans/{id}/insights/): the page's data under the same
rule (access.py: the 督导室 and administrators all targets, a target district its own row, 404
for anyone else)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.views.common import errors
from workflows.inspection.insights.access import plan_for_insights
from workflows.inspection.insights.reading import plan_insights

PLAN_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("督导计划编号"))
DISTRICT = OpenApiParameter("district", int, OpenApiParameter.QUERY, required=False,
                            description=_("查看历年结果的督导对象编号（区县只能看本区县）"))
SCORE = {"max_digits": 8, "decimal_places": 2, "allow_null": True}


class InsightRowSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case_id")
    target = serializers.IntegerField(source="target.pk")
    target_name = serializers.CharField(source="target.name")
    scores = serializers.DictField(child=serializers.DecimalField(**SCORE))
    ranks = serializers.DictField(child=serializers.IntegerField())
    overall = serializers.DecimalField(**SCORE)
    overall_rank = serializers.IntegerField(allow_null=True)


class InsightAlertSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["idle", "returns"], help_text=_("idle：七日无动态；returns：多次退回"))
    case = serializers.IntegerField(source="case_id")
    target = serializers.IntegerField(source="target.pk")
    target_name = serializers.CharField(source="target.name")
    last_event_at = serializers.DateTimeField(allow_null=True)
    returns = serializers.IntegerField()


class InsightYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    plan = serializers.IntegerField()
    plan_title = serializers.CharField()
    overall = serializers.DecimalField(**SCORE)


class InsightsSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField())
    rows = InsightRowSerializer(many=True)
    alerts = InsightAlertSerializer(many=True)
    history = InsightYearSerializer(many=True)


class PlanInsights(APIView):
    @extend_schema(operation_id="inspection_plans_insights", tags=["inspection"], summary=_("督导分析"),
                   parameters=[PLAN_ID, DISTRICT],
                   description=_("各督导对象按指标和总分排名、预警（七日无动态、多次退回）、同一对象历年结果。"
                                 "督导室和管理员看全部，区县只看本区县，其他 404。"),
                   responses={200: InsightsSerializer, **errors(404)})
    def get(self, request, pk):
        plan, scope = plan_for_insights(request.user, pk)
        data = plan_insights(plan, scope, district=request.query_params.get("district", ""))
        history = [{"year": year, "plan": p.pk, "plan_title": p.title, "overall": overall}
                   for year, p, overall in data["history"]]
        return Response(InsightsSerializer({**data, "history": history}).data)
