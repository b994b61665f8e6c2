"""名单 over the API: the items waiting for the reader's list, the body that signs one, and the
signed list with its members in rank order."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.api.requests import COMMENT_MAX
from workflows.engine.lists.models import ListAct, ListMember


class WaitingItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    ref_no = serializers.CharField(source="item.ref_no")
    title = serializers.CharField(source="item.title")
    organisation = serializers.CharField(source="item.organisation.name")
    task = serializers.IntegerField(source="task.pk")


class WaitingStepSerializer(serializers.Serializer):
    step = serializers.CharField(help_text=_("名单步骤：模块.流程.步骤"))
    title = serializers.CharField(help_text=_("环节名称"))
    campaign = serializers.IntegerField(allow_null=True, help_text=_("申报批次编号；一份名单只含同一批次的事项"))
    quota = serializers.IntegerField(allow_null=True, help_text=_("名单所占名额（区县名额或总名额）；空表示不限"))
    left = serializers.IntegerField(allow_null=True, help_text=_("尚余名额；空表示不限"))
    items = WaitingItemSerializer(many=True)


class SignSerializer(serializers.Serializer):
    step = serializers.CharField(help_text=_("名单步骤：模块.流程.步骤，如 workflows.accreditation.flows.AccreditationFlow.city_decision"),
                                 error_messages={"required": _("请指定名单步骤。")})
    items = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True,
                                  help_text=_("列入名单的事项编号，按排序先后"))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX, default="",
                                    help_text=_("审批意见"))


class MemberSerializer(serializers.ModelSerializer):
    ref_no = serializers.CharField(source="item.ref_no", read_only=True)
    title = serializers.CharField(source="item.title", read_only=True)

    class Meta:
        model = ListMember
        fields = ["rank", "item", "ref_no", "title"]


class ListActSerializer(serializers.ModelSerializer):
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = ListAct
        fields = ["id", "flow", "step", "step_title", "organisation", "campaign", "quota_scope", "size", "actor",
                  "comment", "created_at", "members"]


class SummaryRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    item = serializers.IntegerField(source="item.pk")
    ref_no = serializers.CharField(source="item.ref_no")
    school = serializers.CharField(source="school.name")
    district = serializers.CharField(source="district.name", allow_null=True)
    score = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True,
                                     help_text=_("最近确认的专家评分；无评分时为空"))
    ended = serializers.BooleanField(help_text=_("已移出名单（退回或驳回），名额已释放"))


class ScanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_by = serializers.CharField(source="uploaded_by.full_name")
    uploaded_at = serializers.DateTimeField()


class ListSummarySerializer(serializers.Serializer):
    """推荐汇总表: the signed list with its ranked schools, and whether its stamped scan is in."""

    id = serializers.IntegerField(source="list_act.pk")
    step_title = serializers.CharField(source="list_act.step_title")
    organisation = serializers.CharField(source="list_act.organisation.name")
    campaign = serializers.IntegerField(source="list_act.campaign_id", allow_null=True)
    actor = serializers.CharField(source="list_act.actor.full_name", help_text=_("签发人"))
    created_at = serializers.DateTimeField(source="list_act.created_at")
    comment = serializers.CharField(source="list_act.comment")
    rows = SummaryRowSerializer(many=True)
    scan = ScanSerializer(allow_null=True, help_text=_("盖章扫描件；未上传时为空"))


class ScanUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("盖章后的推荐汇总表，PDF或图片（JPG、PNG）"),
                                 error_messages={"required": _("请选择盖章扫描件。")})
