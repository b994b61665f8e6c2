"""Life after approval over the API: the tenures the reader sees (by state, expiring soon, of an
item), one tenure with its whole life and what the reader may do now, and the acts — 撤销, 年度总结,
年度考核, 复核 and its result, 续期 — each one call of workflows.engine.tenure (the same services and
rule as the pages); their errors become 400/403/404/409. Each act answers with the tenure as it now
is (a renewal: with its renewal_item, the new item to follow like any other)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.tenure_serializers import (
    OutcomeSerializer,
    RatingSerializer,
    RevokeSerializer,
    ReassessReasonSerializer,
    SummarySerializer,
    TenureDetailSerializer,
    TenureListRequest,
    TenureSerializer,
)
from workflows.api.views.common import errors
from workflows.engine.tenure import rules
from workflows.engine.tenure.models import Tenure
from workflows.engine.tenure.reassessment import open_reassessment, record_reassessment
from workflows.engine.tenure.renewal import renew_tenure
from workflows.engine.tenure.reports import file_report, rate_report
from workflows.engine.tenure.revoking import revoke_tenure
from workflows.engine.tenure.selectors import life_of

TENURE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("认定编号"))
REPORT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("年度总结编号"))
REASSESSMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("复核编号"))
TAGS = ["tenures"]
DETAIL = {200: TenureDetailSerializer}


def tenure_data(user, pk) -> Response:
    tenure = rules.tenure_for(user, pk)
    tenure = life_of(Tenure.objects.filter(pk=tenure.pk)).get()
    return Response(TenureDetailSerializer(tenure, context={"offer": rules.offered(user, tenure)}).data)


def acted(request, pk, body_class, call) -> Response:
    """Validate the body, run the act, answer with the tenure (`call` returns its pk)."""
    body = body_class(data=request.data)
    body.is_valid(raise_exception=True)
    return tenure_data(request.user, call(body.validated_data))


class TenureList(GenericAPIView):
    serializer_class = TenureSerializer

    @extend_schema(operation_id="tenures_list", tags=TAGS, summary=_("认定有效期"), parameters=[TenureListRequest],
                   description=_("您可见范围内事项的认定（有效期），最早到期的在前。state 按状态；expiring=true 只看"
                                 "90天内到期的有效认定。"),
                   responses={200: TenureSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        params = TenureListRequest(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        tenures = rules.listed_tenures(request.user, state=data.get("state", ""), expiring=data["expiring"])
        tenures = tenures.select_related("item__organisation", "terms", "document").order_by("valid_until", "pk")
        page = self.paginate_queryset(tenures)
        return self.get_paginated_response(TenureSerializer(page, many=True).data)


class TenureDetail(APIView):
    @extend_schema(operation_id="tenures_retrieve", tags=TAGS, summary=_("认定详情"), parameters=[TENURE_ID],
                   description=_("有效期、状态、年度考核、复核、续期、撤销；may 列出您现在可以办理的操作。"),
                   responses={**DETAIL, **errors(404)})
    def get(self, request, pk):
        return tenure_data(request.user, pk)


def act_endpoint(name, operation_id, *, summary, description, parameter, body, call):
    """The APIView of one act: POST `body` (None: no body), `call(pk, user, data)` runs the service
    and returns the tenure's pk; the answer is the tenure as it now is."""
    statuses = (400, 403, 404, 409) if body is not None else (403, 404, 409)

    @extend_schema(operation_id=operation_id, tags=TAGS, summary=summary, description=description,
                   parameters=[parameter], request=body, responses={**DETAIL, **errors(*statuses)})
    def post(self, request, pk):
        if body is None:
            return tenure_data(request.user, call(pk, request.user, {}))
        return acted(request, pk, body, lambda data: call(pk, request.user, data))
    return type(name, (APIView,), {"post": post, "__doc__": summary, "__module__": __name__})


TenureRevoke = act_endpoint(
    "TenureRevoke", "tenures_revoke", summary=_("撤销认定"), parameter=TENURE_ID, body=RevokeSerializer,
    description=_("仅主管处室负责人；须填写理由。认定立即失效，生成撤销决定文号（document），并告知认定对象。不能恢复。"),
    call=lambda pk, user, data: revoke_tenure(tenure=pk, by=user, reason=data["reason"]).pk)

TenureReport = act_endpoint(
    "TenureReport", "tenures_report", summary=_("提交年度总结"), parameter=TENURE_ID, body=SummarySerializer,
    description=_("认定对象（申报人或本单位负责人）在年度考核期内提交，每年一次。"),
    call=lambda pk, user, data: file_report(tenure=pk, by=user, summary=data["summary"]).tenure_id)

ReportRate = act_endpoint(
    "ReportRate", "tenure_reports_rate", summary=_("年度考核"), parameter=REPORT_ID, body=RatingSerializer,
    description=_("主管处室在年度考核期内考核：优秀、合格或不合格（须填写意见）。认定对象不能考核自己。"
                  "按有效期规则累计不合格达到次数即撤销认定。"),
    call=lambda pk, user, data: rate_report(report=pk, by=user, rating=data["rating"], note=data["note"]).tenure_id)

TenureReassess = act_endpoint(
    "TenureReassess", "tenures_reassess", summary=_("发起复核"), parameter=TENURE_ID, body=ReassessReasonSerializer,
    description=_("主管处室发起复核，须填写事由；同一认定同时只有一个复核。"),
    call=lambda pk, user, data: open_reassessment(tenure=pk, by=user, reason=data["reason"]).tenure_id)

ReassessmentRecord = act_endpoint(
    "ReassessmentRecord", "reassessments_record", summary=_("复核结果"), parameter=REASSESSMENT_ID,
    body=OutcomeSerializer,
    description=_("主管处室记录复核结果并填写意见：通过则认定继续有效；不通过即撤销认定（生成文号）。"),
    call=lambda pk, user, data: record_reassessment(reassessment=pk, by=user, outcome=data["outcome"],
                                                    note=data["note"]).tenure_id)

TenureRenew = act_endpoint(
    "TenureRenew", "tenures_renew", summary=_("申请续期"), parameter=TENURE_ID, body=None,
    description=_("认定对象在到期前规定天数内申请：以原申报内容提交续期申请（renewal_item），按规则免于部分环节；"
                  "获批后新的有效期自本期届满次日起算。"),
    call=lambda pk, user, data: renew_tenure(tenure=pk, by=user).pk)
