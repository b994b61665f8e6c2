"""Extension requests (延期申请) over the API: the bodies the acts accept and the row they answer
with. Every related row a request shows comes with it (extension_selectors.RELATED)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.api.requests import COMMENT_MAX, QueryRequest, RequiredCommentSerializer
from workflows.api.serializers import PersonSerializer
from workflows.engine.deadlines.extension_models import ExtensionState
from workflows.engine.deadlines.extension_selectors import DECIDE, MINE, approver_label
from workflows.engine.deadlines.extension_services import REASON_MAX


class ExtensionAskSerializer(serializers.Serializer):
    due_date = serializers.DateField(
        help_text=_("希望延至的日期（YYYY-MM-DD），当日17:30到期；须晚于当前期限"),
        error_messages={"required": _("请填写希望延至的日期。"), "invalid": _("请填写有效的日期（YYYY-MM-DD）。")},
    )
    reason = serializers.CharField(max_length=REASON_MAX, help_text=_("延期理由（必填）"),
                                   error_messages={"required": _("请填写延期理由。"), "blank": _("请填写延期理由。")})


class ExtensionGrantSerializer(serializers.Serializer):
    due_date = serializers.DateField(
        required=False, help_text=_("同意延至的日期；不填则按申请的日期。须晚于当前期限，可早于或晚于申请的日期"),
        error_messages={"invalid": _("请填写有效的日期（YYYY-MM-DD）。")},
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX, default="",
                                    help_text=_("审批意见"))


class ExtensionRefuseSerializer(RequiredCommentSerializer):
    """不同意：审批意见必填。"""


class ExtensionListRequest(QueryRequest):
    filter = serializers.ChoiceField(
        choices=[(DECIDE, _("待我审批的")), (MINE, _("我提出的"))], required=False,
        help_text=_("不填：两者都有"),
    )


class ItemRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref_no = serializers.CharField()
    title = serializers.CharField()


class ExtensionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    task = serializers.IntegerField(source="task_id")
    step = serializers.CharField(source="task.flow_task.name")
    step_title = serializers.CharField(source="task.flow_task.task_title")
    item = ItemRefSerializer()
    state = serializers.ChoiceField(source="shown_state", choices=ExtensionState.choices,
                                    help_text=_("cancelled：申请未审批时待办已办结，申请已失效"))
    state_label = serializers.CharField(source="get_shown_state_display")
    reason = serializers.CharField()
    current_due_at = serializers.DateTimeField(help_text=_("申请时的期限"))
    requested_due_at = serializers.DateTimeField(help_text=_("申请延至"))
    granted_due_at = serializers.DateTimeField(allow_null=True, help_text=_("同意延至（同意后）"))
    requested_by = PersonSerializer()
    approver = serializers.SerializerMethodField(help_text=_("由谁审批：某人，或某单位的某角色"))
    decided_by = PersonSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_comment = serializers.CharField()
    created_at = serializers.DateTimeField()
    may_decide = serializers.SerializerMethodField(help_text=_("当前用户能否审批（以服务端判断为准）"))

    def get_approver(self, extension) -> str:
        return approver_label(extension)

    @extend_schema_field(serializers.BooleanField())
    def get_may_decide(self, extension) -> bool:
        rights = self.context.get("rights")
        return bool(rights and rights.may_decide(extension))
