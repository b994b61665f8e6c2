"""批量审批 over the API: the request (task ids and one comment) and the per-task answer."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.api.requests import ID_MAX
from workflows.engine.acts import COMMENT_MAX


class BatchApproveRequest(serializers.Serializer):
    # The size limit (WORKFLOWS_BATCH_APPROVE_MAX) and the empty batch are the service's checks,
    # so that the page and the API refuse them in the same words.
    tasks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX), allow_empty=True,
        help_text=_("要通过的待办编号（同一流程、同一环节；最多 WORKFLOWS_BATCH_APPROVE_MAX 件，默认100）"),
        error_messages={"required": _("请至少选择一件待办。"), "not_a_list": _("tasks 应为待办编号的列表。")},
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX, default="",
                                    help_text=_("审批意见，用于每一件"))


class BatchItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref_no = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class BatchLineSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="task_id", help_text=_("待办编号"))
    result = serializers.ChoiceField(choices=["done", "refused"], help_text=_("done：已通过；refused：未通过"))
    code = serializers.CharField(help_text=_("未通过时的错误代码（与单件办理相同：not_found、task_closed、busy、not_allowed……）"))
    detail = serializers.CharField(source="reason", help_text=_("未通过的原因（中文）"))
    item = BatchItemSerializer(allow_null=True, help_text=_("事项；未找到或无权查看时为空"))
    decision = serializers.SerializerMethodField(help_text=_("通过时写下的审批意见记录编号"))

    def get_decision(self, line) -> int | None:
        return line.decision.pk if line.decision else None


class BatchStepSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("流程与环节"))
    title = serializers.CharField(help_text=_("环节名称"))
    label = serializers.CharField(help_text=_("事项类别与环节名称，如“示例申报·区县审核”"))


class BatchResultSerializer(serializers.Serializer):
    step = BatchStepSerializer(allow_null=True, help_text=_("所选待办的环节；一件也未找到时为空"))
    comment = serializers.CharField()
    done = serializers.IntegerField(source="done_count")
    refused = serializers.IntegerField(source="refused_count")
    results = BatchLineSerializer(source="lines", many=True)
