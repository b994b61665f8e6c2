"""发起申报 over the API: what I may start now, a new draft (POST items/), the draft's fields,
its evidence files, 提交. The rules are the pages': workflows.engine.start.rules (who may start),
access.edit_refusal (who may edit, in the engine's services)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.orgs.models import Organisation
from workflows.api.serializers import ItemSerializer, OrganisationRefSerializer
from workflows.api.views.common import errors
from workflows.api.views.items import ITEM_ID, RELATED, ItemList, item_data
from workflows.engine import access, services
from workflows.engine.exceptions import NotFound
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.models import Attachment
from workflows.engine.reading import selectors
from workflows.engine.start import rules
from workflows.engine.start.kinds import start_kind
from workflows.engine.start.services import start_item

FIELDS_HELP = _("本类事项自己的字段（如示例申报的 summary、pupils），按该类事项的表单检查")


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.IntegerField(source="programme_id", help_text=_("申报项目 id"))
    programme_code = serializers.CharField(source="programme.code")
    programme_name = serializers.CharField(source="programme.name")
    name = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    owner_department = OrganisationRefSerializer()


class OfferSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.code")
    kind_label = serializers.CharField(source="kind.label")
    campaign = CampaignSerializer()
    organisation = OrganisationRefSerializer()
    remaining = serializers.IntegerField(allow_null=True, help_text=_("剩余名额；为空表示不限"))


class StartRequest(serializers.Serializer):
    kind = serializers.CharField(max_length=50, help_text=_("事项类别（见 GET start/ 的 kind）"))
    campaign = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("申报批次 id"))
    organisation = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("申报学校 id"))
    title = serializers.CharField(max_length=200)
    fields = serializers.DictField(required=False, default=dict, help_text=FIELDS_HELP)


class SlotSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("材料类别，上传时的 slot"))
    label = serializers.CharField()
    required = serializers.BooleanField(help_text=_("提交前必须上传"))
    extensions = serializers.ListField(child=serializers.CharField(), help_text=_("可上传的扩展名；为空表示系统允许的全部类型"))


class DraftSerializer(serializers.Serializer):
    item = serializers.SerializerMethodField()
    campaign = CampaignSerializer(allow_null=True)
    fields = serializers.DictField(help_text=FIELDS_HELP)
    slots = SlotSerializer(many=True, help_text=_("申报材料清单（申报项目的材料要求）"))
    may_edit = serializers.BooleanField(help_text=_("是否可由您修改（申报人，且为草稿或退回修改）"))

    @extend_schema_field(ItemSerializer)
    def get_item(self, data):
        return data["item"]  # already ItemSerializer's, with its districts


class DraftEdit(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    fields = serializers.DictField(required=False, default=dict, help_text=FIELDS_HELP)
    expected_version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                                help_text=_("事项版本；不一致时返回 409"))


def _kind_or_404(code):
    kind = start_kind(code)
    if kind is None:
        raise NotFound()
    return kind


class StartOffers(APIView):
    @extend_schema(operation_id="start_list", tags=["start"], summary=_("可发起的申报"),
                   description=_("您的单位现在可以申报的批次：在申报时间内、面向本校类型、还有名额。"),
                   responses={200: OfferSerializer(many=True), **errors()})
    def get(self, request):
        return Response(OfferSerializer(rules.offers(request.user), many=True).data)


class ItemCollection(ItemList):
    """items/: the search (GET, ItemList's) and a new draft (POST)."""

    @extend_schema(operation_id="items_create", tags=["start"], summary=_("新建申报（草稿）"), request=StartRequest,
                   description=_("在开放的批次中为您的学校新建草稿；时间、名额、学校类型与角色不符时拒绝并说明原因。"),
                   responses={201: ItemSerializer, **errors(400, 403, 404)})
    def post(self, request):
        body = StartRequest(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        kind = _kind_or_404(data["kind"])
        campaign = get_object_or_404(Campaign, pk=data["campaign"])
        organisation = get_object_or_404(Organisation.objects.select_related("parent"), pk=data["organisation"])
        refusal = rules.start_refusal(request.user, kind, campaign, organisation)
        if refusal is not None:
            raise refusal
        item = start_item(kind=kind, campaign=campaign, organisation=organisation, by=request.user,
                          title=data["title"], fields=kind.clean_fields(data["fields"], campaign=campaign))
        return Response(_item(request, item.pk), status=status.HTTP_201_CREATED)


def _item(request, pk):
    return item_data(selectors.visible_items(request.user).select_related(*RELATED).get(pk=pk).as_kind(), request)


class DraftView(APIView):
    def _load(self, request, pk):
        item = selectors.get_item_for(request.user, pk)
        return item, _kind_or_404(item.kind)

    def _data(self, request, item, kind):
        return {"item": _item(request, item.pk), "campaign": kind.campaign_of(item), "fields": kind.initial(item),
                "slots": kind.evidence_slots(item=item),
                "may_edit": access.may_edit(item, request.user)}

    @extend_schema(operation_id="items_draft_retrieve", tags=["start"], summary=_("草稿的内容"), parameters=[ITEM_ID],
                   responses={200: DraftSerializer, **errors(403, 404)})
    def get(self, request, pk):
        item, kind = self._load(request, pk)
        return Response(DraftSerializer(self._data(request, item, kind)).data)

    @extend_schema(operation_id="items_draft_update", tags=["start"], summary=_("修改草稿"), parameters=[ITEM_ID],
                   description=_("仅申报人，且为草稿或退回修改时；只改给出的字段。"), request=DraftEdit,
                   responses={200: DraftSerializer, **errors(400, 403, 404, 409)})
    def patch(self, request, pk):
        item, kind = self._load(request, pk)
        body = DraftEdit(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        refusal = access.edit_refusal(item, request.user)
        if refusal is not None:
            raise refusal
        kind.update(item=item.pk, by=request.user, title=data.get("title"), expected_version=data.get("expected_version"),
                    **kind.clean_fields(data["fields"], item=item))
        item = selectors.get_item_for(request.user, pk)
        return Response(DraftSerializer(self._data(request, item, kind)).data)


FILE_ID = OpenApiParameter("file_id", int, OpenApiParameter.PATH, description=_("附件 id"))


class DraftFileRemove(APIView):
    @extend_schema(operation_id="items_files_remove", tags=["files"], summary=_("删除申报材料"),
                   parameters=[ITEM_ID, FILE_ID], request=None,
                   description=_("仅申报人，且为草稿或退回修改时；以前的提交记录仍保留该文件。"),
                   responses={204: None, **errors(403, 404, 409)})
    def delete(self, request, pk, file_id):
        item = selectors.get_item_for(request.user, pk)
        attachment = get_object_or_404(Attachment, pk=file_id, item_id=item.pk)
        services.remove_evidence(attachment=attachment.pk, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemSubmit(APIView):
    @extend_schema(operation_id="items_submit", tags=["start"], summary=_("提交草稿"), parameters=[ITEM_ID],
                   request=None, description=_("仅申报人：草稿进入第一个审批步骤；批次已截止等情况拒绝并说明原因。"),
                   responses={200: ItemSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        item = selectors.get_item_for(request.user, pk)
        kind = _kind_or_404(item.kind)
        kind.submit(item=item.pk, by=request.user)
        return Response(_item(request, item.pk))
