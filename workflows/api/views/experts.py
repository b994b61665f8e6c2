"""专家库, 专家抽取 and 我的评审 over the API: the department's pool (list, add, edit, take out or
back, conflicts), the draw and a drawn panel with its record, an expert's own seats with the
pledge accepted or declined. Who may is workflows.engine.experts.rules (the same as the pages);
each act is one service call; errors become 400/403/404/409."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.expert_serializers import (
    ActiveSerializer,
    ConflictAddSerializer,
    ConflictSerializer,
    DeclineSerializer,
    DrawSerializer,
    ExpertAddSerializer,
    ExpertEditSerializer,
    ExpertSerializer,
    OwnSeatSerializer,
    PanelDetailSerializer,
)
from workflows.api.views.common import JSON_ONLY, errors
from workflows.engine.exceptions import NotFound
from workflows.engine.experts import pool, rules, seats, selectors
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.pool_models import ExpertConflict

EXPERT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("专家编号"))
CONFLICT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("回避登记编号"))
PANEL_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("评审组编号"))
SEAT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("评审席位编号"))
DEPARTMENT = OpenApiParameter("department", int, OpenApiParameter.QUERY, required=False,
                              description=_("处室编号；不填为您的第一个处室"))
TAGS = ["experts"]


def department_of(user, wanted):
    """The department of `user`'s pools named by `wanted` (else their first); NotFound if none."""
    departments = list(rules.pool_departments(user))
    chosen = next((d for d in departments if str(d.pk) == str(wanted)), None) if wanted else \
        (departments[0] if departments else None)
    if chosen is None:
        raise NotFound(_("未找到该专家库或专家，或您无权管理。"))
    return chosen


def expert_data(user, pk, *, status_code=status.HTTP_200_OK) -> Response:
    expert = rules.expert_for(user, pk)
    expert = type(expert).objects.select_related("user", "home").prefetch_related(
        "fields", "conflicts__organisation").get(pk=expert.pk)
    return Response(ExpertSerializer(expert).data, status=status_code)


def _body(serializer_class, request, **kwargs) -> dict:
    body = serializer_class(data=request.data, **kwargs)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _checked(request, pk, check, body_class, answer, act) -> Response:
    """404 unless `check` finds the row in the user's reach, then the body read and the act done."""
    check(request.user, pk)
    act(_body(body_class, request))
    return answer(request.user, pk)


class ExpertList(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = ExpertSerializer

    @extend_schema(operation_id="experts_list", tags=TAGS, summary=_("专家库"), parameters=[DEPARTMENT],
                   description=_("处室专家库中的专家（在库的在前），含专业领域和回避单位。"),
                   responses={200: ExpertSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        department = department_of(request.user, request.query_params.get("department"))
        page = self.paginate_queryset(selectors.pool(request.user, department))
        return self.get_paginated_response(ExpertSerializer(page, many=True).data)

    @extend_schema(operation_id="experts_add", tags=TAGS, summary=_("添加专家"), request=ExpertAddSerializer,
                   responses={201: ExpertSerializer, **errors(400, 404)})
    def post(self, request):
        data = _body(ExpertAddSerializer, request)
        department = department_of(request.user, data.get("department"))
        expert = pool.add_expert(department=department, user=data["user"], home=data["home"], by=request.user,
                                 title=data.get("title", ""), note=data.get("note", ""), fields=data.get("fields"))
        return expert_data(request.user, expert.pk, status_code=status.HTTP_201_CREATED)


class ExpertDetail(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="experts_retrieve", tags=TAGS, summary=_("专家"), parameters=[EXPERT_ID],
                   responses={200: ExpertSerializer, **errors(404)})
    def get(self, request, pk):
        return expert_data(request.user, pk)

    @extend_schema(operation_id="experts_edit", tags=TAGS, summary=_("修改专家信息"), parameters=[EXPERT_ID],
                   description=_("只改给出的字段：工作单位、职称、备注、专业领域。"), request=ExpertEditSerializer,
                   responses={200: ExpertSerializer, **errors(400, 404)})
    def patch(self, request, pk):
        rules.expert_for(request.user, pk)  # 404 before reading the body
        changes = _body(ExpertEditSerializer, request)
        pool.edit_expert(expert=pk, by=request.user, **changes)
        return expert_data(request.user, pk)


class ExpertActive(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="experts_active", tags=TAGS, summary=_("停用或恢复专家"), parameters=[EXPERT_ID],
                   description=_("停用后以后的抽取不再抽到该专家，已在的评审组不变。"), request=ActiveSerializer,
                   responses={200: ExpertSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        return _checked(request, pk, rules.expert_for, ActiveSerializer, expert_data,
                        lambda data: pool.set_expert_active(expert=pk, active=data["active"], by=request.user))


class ExpertConflicts(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="experts_conflicts_add", tags=TAGS, summary=_("登记回避单位"), parameters=[EXPERT_ID],
                   description=_("该专家不评审这个单位的事项（曾任职单位、亲属所在单位等）。"), request=ConflictAddSerializer,
                   responses={201: ConflictSerializer, **errors(400, 404)})
    def post(self, request, pk):
        rules.expert_for(request.user, pk)
        data = _body(ConflictAddSerializer, request)
        conflict = pool.add_conflict(expert=pk, organisation=data["organisation"], reason=data["reason"],
                                     detail=data["detail"], by=request.user)
        return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)


class ConflictRemove(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="conflicts_remove", tags=TAGS, summary=_("删除回避单位"), parameters=[CONFLICT_ID],
                   responses={204: None, **errors(404)})
    def delete(self, request, pk):
        expert = ExpertConflict.objects.filter(pk=pk).values_list("expert_id", flat=True).first()
        rules.expert_for(request.user, expert)
        pool.remove_conflict(conflict=pk, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def panel_data(user, pk, *, status_code=status.HTTP_200_OK) -> Response:
    panel = rules.panel_for(user, pk)
    context = {"items": selectors.items_of(panel), "seats": selectors.seats_of(panel),
               "record": selectors.draw_record(panel)}
    return Response(PanelDetailSerializer(panel, context=context).data, status=status_code)


class PanelDraw(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="panels_draw", tags=TAGS, summary=_("抽取评审组"), request=DrawSerializer,
                   description=_("从具备全部要求领域的在库专家中抽取，回避事项所在区县、单位和登记的回避单位，"
                                 "本批次评审次数少的优先，同数按记录的随机种子；人数不足时拒绝且不写入。"),
                   responses={201: PanelDetailSerializer, **errors(400, 404, 409)})
    def post(self, request):
        data = _body(DrawSerializer, request)
        panel = draw_panel(items=data["items"], size=data["size"], reserves=data["reserves"], by=request.user,
                           fields=data["fields"], title=data["title"], campaign=data["campaign"])
        return panel_data(request.user, panel.pk, status_code=status.HTTP_201_CREATED)


class PanelDetail(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="panels_retrieve", tags=TAGS, summary=_("评审组"), parameters=[PANEL_ID],
                   description=_("评审组的事项、席位及抽取记录：主管处室可见。"),
                   responses={200: PanelDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return panel_data(request.user, pk)


def seat_data(user, pk) -> Response:
    seat = rules.own_seat(user, pk)
    return Response(OwnSeatSerializer(seat, context={"items": selectors.revealed_items([seat])}).data)


class OwnSeats(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = OwnSeatSerializer

    @extend_schema(operation_id="seats_list", tags=TAGS, summary=_("我的评审"),
                   description=_("本人的评审席位，最新的在前；签署承诺书后才列出评审事项。"),
                   responses={200: OwnSeatSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(selectors.my_seats(request.user))
        context = {"items": selectors.revealed_items(page)}
        return self.get_paginated_response(OwnSeatSerializer(page, many=True, context=context).data)


class SeatAccept(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="seats_accept", tags=TAGS, summary=_("签署保密承诺书"), parameters=[SEAT_ID],
                   request=None, responses={200: OwnSeatSerializer, **errors(404, 409)})
    def post(self, request, pk):
        seats.accept_pledge(seat=rules.own_seat(request.user, pk), by=request.user)
        return seat_data(request.user, pk)


class SeatDecline(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="seats_decline", tags=TAGS, summary=_("谢绝评审"), parameters=[SEAT_ID],
                   description=_("须写明理由；候补专家按顺序递补。"), request=DeclineSerializer,
                   responses={200: OwnSeatSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        return _checked(request, pk, rules.own_seat, DeclineSerializer, seat_data,
                        lambda data: seats.decline_seat(seat=pk, by=request.user, reason=data["reason"]))
