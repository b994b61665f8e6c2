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
    items = WaitingItemSerializer(many=True)


class SignSerializer(serializers.Serializer):
    step = serializers.CharField(help_text=_("名单步骤：模块.流程.步骤，如 tests.sampleapp.honours.HonourFlow.city_decision"),
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
