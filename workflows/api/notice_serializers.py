"""公示 over the API: the publish body, a notice with its lines, and an objection with its
objector (the owning department only: the views read through workflows.engine.notices.rules)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.api.requests import COMMENT_MAX
from workflows.engine.deadlines.limits import MAX_WORKING_DAYS
from workflows.engine.notices.models import Notice, NoticeEntry, Objection


class PublishSerializer(serializers.Serializer):
    step = serializers.CharField(help_text=_("公示步骤：模块.流程.步骤，如 workflows.accreditation.flows.AccreditationFlow.notice"),
                                 error_messages={"required": _("请指定公示步骤。")})
    items = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True,
                                  help_text=_("公示的事项编号，按公示顺序"))
    title = serializers.CharField(max_length=200, allow_blank=True, help_text=_("公示标题"))
    days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_WORKING_DAYS,
                                    help_text=_("公示期（工作日）；不填则按项目设置，默认5"))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX, default="",
                                    help_text=_("内部说明，不在公示页显示"))


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, help_text=_("调查情况"))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("处理意见：将告知异议人（如留有邮箱）"))


class ObjectionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ["id", "state", "real_name", "lodged_at"]


class EntrySerializer(serializers.ModelSerializer):
    ref_no = serializers.CharField(source="item.ref_no", read_only=True)
    objections = ObjectionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = NoticeEntry
        fields = ["id", "rank", "item", "ref_no", "name", "programme", "result", "outcome", "objections"]


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "title", "flow", "step", "owner_department", "campaign", "working_days", "starts_at",
                  "ends_at", "closed_at", "published_by", "comment"]


class NoticeDetailSerializer(NoticeSerializer):
    entries = EntrySerializer(many=True, read_only=True)

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "entries"]


class ObjectionSerializer(serializers.ModelSerializer):
    notice = serializers.IntegerField(source="entry.notice_id", read_only=True)
    item = serializers.IntegerField(source="entry.item_id", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = ["id", "notice", "entry", "item", "state", "real_name", "unit", "phone", "email", "facts",
                  "file_name", "has_file", "lodged_at", "note", "reason", "handled_by", "handled_at"]

    def get_has_file(self, objection) -> bool:
        return bool(objection.file)
