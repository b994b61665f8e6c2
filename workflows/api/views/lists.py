"""名单 over the API: the items waiting for the reader's list (per list step) and signing one —
the district's 推荐名单 or the department's 决定名单, ranked, within the campaign's quota. One
call of workflows.engine.lists.step.act_on_list, whose rules decide; its errors become
400/403/404/409. JSON only, like every body that carries a list."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.list_serializers import ListActSerializer, SignSerializer, WaitingStepSerializer
from workflows.api.views.common import JSON_ONLY, errors
from workflows.engine.exceptions import NotFound
from workflows.engine.lists import selectors
from workflows.engine.lists.models import ListAct
from workflows.engine.lists.step import act_on_list

TAGS = ["lists"]


class ListCollection(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="lists_waiting", tags=TAGS, summary=_("待列入名单的事项"),
                   description=_("按名单步骤列出等待本人签署名单的事项（本人的待办及可领取的）。"),
                   responses={200: WaitingStepSerializer(many=True), **errors(404)})
    def get(self, request):
        rows = [{"step": selectors.step_ref(step), "title": str(step.task_title), "items": entries}
                for step, entries in selectors.waiting_for_lists(request.user)]
        return Response(WaitingStepSerializer(rows, many=True).data)

    @extend_schema(operation_id="lists_sign", tags=TAGS, summary=_("签署名单"),
                   description=_("一次通过名单上的全部事项，按顺序排名；须能办理每个事项在该步骤的待办，"
                                 "事项须属同一单位、同一申报批次，且不超出名额。"),
                   request=SignSerializer, responses={201: ListActSerializer, **errors(400, 403, 404, 409)})
    def post(self, request):
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        step = selectors.step_named(data["step"])
        if step is None:
            raise NotFound(_("没有这个名单步骤。"))
        list_act = act_on_list(step=step, items=data["items"], by=request.user, comment=data["comment"])
        list_act = ListAct.objects.prefetch_related("members__item").get(pk=list_act.pk)
        return Response(ListActSerializer(list_act).data, status=status.HTTP_201_CREATED)
