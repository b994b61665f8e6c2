"""What the meetings API reads and writes (workflows.api.views.meetings)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.engine.meetings import rules
from workflows.engine.meetings.models import (
    Attendance,
    Meeting,
    MeetingParticipant,
    MeetingReschedule,
    MinutesFile,
    ParticipantRole,
)


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = MeetingParticipant
        fields = ["user", "name", "role", "attendance", "note"]


class RescheduleSerializer(serializers.ModelSerializer):
    by_name = serializers.CharField(source="by.full_name", read_only=True)

    class Meta:
        model = MeetingReschedule
        fields = ["old_starts_at", "old_place", "new_starts_at", "new_place", "reason", "by", "by_name", "at"]


class MinutesFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = MinutesFile
        fields = ["id", "name", "size", "sha256", "uploaded_at"]


class MeetingSerializer(serializers.ModelSerializer):
    item_title = serializers.CharField(source="item.title", read_only=True)
    ref_no = serializers.CharField(source="item.ref_no", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "item", "ref_no", "item_title", "step", "title", "starts_at", "place", "state", "revision"]


class MeetingDetailSerializer(MeetingSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    reschedules = RescheduleSerializer(many=True, read_only=True)
    files = MinutesFileSerializer(many=True, read_only=True)
    may_manage = serializers.SerializerMethodField(help_text=_("当前用户能否安排和记录此会议"))

    class Meta(MeetingSerializer.Meta):
        fields = MeetingSerializer.Meta.fields + ["agenda", "minutes", "minutes_at", "closed_at", "cancelled_at",
                                                  "cancel_reason", "participants", "reschedules", "files", "may_manage"]

    def get_may_manage(self, meeting) -> bool:
        return rules.may_manage(self.context["user"], meeting.item, meeting.task)


class SeatInSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    role = serializers.ChoiceField(choices=ParticipantRole.choices)


class ScheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    participants = SeatInSerializer(many=True, allow_empty=False)


class MoveSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reason = serializers.CharField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("取消理由（必填，参会人会在通知中看到）"))


class AttendanceLineSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    attendance = serializers.ChoiceField(choices=[c for c in Attendance.choices if c[0]])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AttendanceSerializer(serializers.Serializer):
    attendance = AttendanceLineSerializer(many=True, allow_empty=False)


class MinutesSerializer(serializers.Serializer):
    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
