from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.requests import StatsRequest
from workflows.api.serializers import StatsSerializer
from workflows.api.views.common import errors
from workflows.engine.reading import selectors
from workflows.engine.reading.search import search_items
from workflows.engine.reading.stats import item_counts, overdue_counts, step_durations


class StatsView(APIView):
    @extend_schema(
        operation_id="stats", tags=["stats"], summary=_("统计"),
        description=_("按类别 × 状态 × 区县的事项数、各区县有超期待办的事项数，以及各步骤办理时长的中位数。只统计您可见范围内的"
                      "事项：区县看本区县，市局处室看本处室主管的全部。可用与事项列表相同的筛选条件。"),
        parameters=[StatsRequest], responses={200: StatsSerializer, **errors(400, 403)},
    )
    def get(self, request):
        params = StatsRequest(data=request.query_params)
        params.is_valid(raise_exception=True)
        items = search_items(selectors.visible_items(request.user), params.filters())
        return Response(StatsSerializer({
            "counts": item_counts(items), "overdue": overdue_counts(items), "step_durations": step_durations(items),
        }).data)
