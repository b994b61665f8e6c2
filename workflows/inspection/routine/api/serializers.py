"""What 常态督导's API reads and answers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.inspection.routine import rules
from workflows.inspection.routine.models import NoticeState, ReportOutcome, VisitKind


class RoutinePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.full_name or user.username


class RoutineSchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    code = serializers.CharField()


class RoutineZoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    inspector = RoutinePersonSerializer()
    schools = serializers.SerializerMethodField()

    def get_schools(self, zone) -> list[dict]:
        return [RoutineSchoolSerializer(member.school).data for member in zone.members.all()]


class RoutineZoneWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text=_("责任区名称"))
    inspector = serializers.IntegerField(help_text=_("责任督学的用户编号"))
    schools = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                    help_text=_("学校的组织编号；一所学校同时只能属于一个责任区"))


class RoutineZoneEditSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    inspector = serializers.IntegerField(required=False)
    schools = serializers.ListField(child=serializers.IntegerField(), required=False)


class RoutineFileSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class RoutineVisitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    school = RoutineSchoolSerializer()
    inspector = RoutinePersonSerializer()
    visited_on = serializers.DateField()
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=VisitKind.choices))
    findings = serializers.CharField()
    photos = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_photos(self, visit) -> list[dict]:
        return [{**RoutineFileSerializer(photo).data, "url": reverse("routine:photo", args=[photo.pk])}
                for photo in visit.photos.all()]


class RoutineVisitWriteSerializer(serializers.Serializer):
    school = serializers.IntegerField(help_text=_("本责任区学校的组织编号"))
    visited_on = serializers.DateField(help_text=_("督导日期，不能晚于今天"))
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=VisitKind.choices), allow_empty=False)
    findings = serializers.CharField()
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RoutineReportSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    text = serializers.CharField()
    submitted_by = RoutinePersonSerializer()
    submitted_at = serializers.DateTimeField()
    late = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=ReportOutcome.choices)
    comment = serializers.CharField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    files = RoutineFileSerializer(many=True)


class RoutineNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField(source="document.number_text", help_text=_("文号"))
    title = serializers.CharField()
    school = RoutineSchoolSerializer()
    state = serializers.ChoiceField(choices=NoticeState.choices)
    due_at = serializers.DateTimeField()
    overdue = serializers.SerializerMethodField()
    round = serializers.IntegerField()
    pdf = serializers.SerializerMethodField()

    def get_overdue(self, notice) -> bool:
        return notice.is_overdue()

    def get_pdf(self, notice) -> str:
        return reverse("routine:notice-pdf", args=[notice.pk])


class RoutineNoticeDetailSerializer(RoutineNoticeSerializer):
    problems = serializers.CharField()
    requirements = serializers.CharField()
    working_days = serializers.IntegerField()
    visit = serializers.IntegerField(source="visit_id", allow_null=True)
    reports = RoutineReportSerializer(many=True)
    may = serializers.SerializerMethodField()

    def get_may(self, notice) -> dict:
        return rules.may(self.context["user"], notice)


class RoutineNoticeWriteSerializer(serializers.Serializer):
    school = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    problems = serializers.CharField()
    requirements = serializers.CharField()
    working_days = serializers.IntegerField(help_text=_("整改期限（工作日）"))
    visit = serializers.IntegerField(required=False, allow_null=True, default=None)


class RoutineReportWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RoutineAcceptSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RoutineReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text=_("退回理由"))
    working_days = serializers.IntegerField(required=False, allow_null=True, default=None,
                                            help_text=_("重新报告期限（工作日），不填则与原期限相同"))


class RoutineMonthRowSerializer(serializers.Serializer):
    school = RoutineSchoolSerializer()
    counts = serializers.ListField(child=serializers.IntegerField(), help_text=_("1至12月各月督导次数"))
    total = serializers.IntegerField()
    last_visit = serializers.DateField(allow_null=True)


class RoutineMonthZoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="zone.pk")
    name = serializers.CharField(source="zone.name")
    inspector = RoutinePersonSerializer(source="zone.inspector")
    counts = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    visited_this_month = serializers.SerializerMethodField()
    schools = RoutineMonthRowSerializer(many=True)

    def get_visited_this_month(self, block) -> int:
        return block.visited_in(self.context["month"])


class RoutineMonthTableSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    zones = serializers.SerializerMethodField()
    unvisited = serializers.SerializerMethodField()

    def get_zones(self, table) -> list[dict]:
        return RoutineMonthZoneSerializer(table.zones, many=True, context={"month": table.month}).data

    def get_unvisited(self, table) -> list[dict]:
        return [{"zone": zone.pk, **RoutineSchoolSerializer(row.school).data} for zone, row in table.unvisited]
