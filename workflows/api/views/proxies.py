"""委托/代理 over the API: my proxies (those I named and those I hold), naming one, ending one.
Each act is one call of a workflows.engine.services function."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.orgs.models import Proxy
from workflows.api.requests import PeopleQuery
from workflows.api.serializers import CandidateSerializer, PersonSerializer
from workflows.api.views.common import errors
from workflows.api.views.people import CandidatesView
from workflows.engine import services

PROXY_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=gettext_lazy("委托编号"))


class ProxySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    principal = PersonSerializer(help_text=gettext_lazy("委托人（被代理的人）"))
    proxy = PersonSerializer(help_text=gettext_lazy("代理人"))
    starts_on = serializers.DateField(help_text=gettext_lazy("开始日期（含）"))
    ends_on = serializers.DateField(help_text=gettext_lazy("结束日期（含）"))
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True, help_text=gettext_lazy("提前结束的时间；为空表示未结束"))


class ProxyCreateRequest(serializers.Serializer):
    proxy = serializers.CharField(max_length=150, help_text=gettext_lazy("代理人的用户名（从 proxies/candidates/ 中选，可按姓名搜索）"))
    starts_on = serializers.DateField(help_text=gettext_lazy("开始日期（含），不早于今天"))
    ends_on = serializers.DateField(help_text=gettext_lazy("结束日期（含），不早于开始日期"))
    reason = serializers.CharField(max_length=Proxy._meta.get_field("reason").max_length,
                                   help_text=gettext_lazy("委托原因"))

    def validate_proxy(self, username):
        return services.user_named(username)


def proxy_row(proxy_pk) -> Proxy:
    return Proxy.objects.select_related("principal", "proxy").get(pk=proxy_pk)


class ProxyList(GenericAPIView):
    serializer_class = ProxySerializer

    @extend_schema(operation_id="proxies_list", tags=["proxies"], summary=gettext_lazy("我的委托代理"),
                   description=gettext_lazy("我设置的委托（我是委托人）和别人委托给我的（我是代理人），最新的在前。"),
                   responses={200: ProxySerializer(many=True), **errors(400, 403, 404)})
    def get(self, request):
        page = self.paginate_queryset(services.proxies_of(request.user))
        return self.get_paginated_response(ProxySerializer(page, many=True).data)

    @extend_schema(operation_id="proxies_create", tags=["proxies"], summary=gettext_lazy("设置委托代理"),
                   description=gettext_lazy("在开始和结束日期之间（含两端），代理人可以看到并以您的名义办理您的待办；"
                                            "审计记录同时记下代理人和您。代理人须是在您任职的单位担任与您相同角色的同事"
                                            "（见 proxies/candidates/）；时间不能与您其他未结束的委托重叠。"),
                   request=ProxyCreateRequest, responses={201: ProxySerializer, **errors(400, 403, 404, 409)})
    def post(self, request):
        body = ProxyCreateRequest(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.create_proxy(principal=request.user, by=request.user, **body.validated_data)
        return Response(ProxySerializer(proxy_row(row.pk)).data, status=status.HTTP_201_CREATED)


class ProxyCandidates(CandidatesView):
    @extend_schema(operation_id="proxies_candidates", tags=["proxies"], summary=gettext_lazy("可选的代理人"),
                   description=gettext_lazy("可以委托的人：在您任职的单位担任与您相同角色的同事（评审专家、督学除外）。"
                                            "q 按姓名搜索，只在这些人中查找。"),
                   parameters=[PeopleQuery], responses={200: CandidateSerializer(many=True), **errors(400, 403, 404)})
    def get(self, request):
        return self.answer(services.proxy_candidates(request.user), self.read_query(request))


class ProxyEnd(APIView):
    @extend_schema(operation_id="proxies_end", tags=["proxies"], summary=gettext_lazy("结束委托代理"),
                   description=gettext_lazy("委托人或代理人可以提前结束（或取消尚未开始的）委托；其他人看不到它（404）。"),
                   request=None, parameters=[PROXY_ID], responses={200: ProxySerializer, **errors(403, 404, 409)})
    def post(self, request, pk):
        row = services.end_proxy(proxy=pk, by=request.user)
        return Response(ProxySerializer(proxy_row(row.pk)).data)
