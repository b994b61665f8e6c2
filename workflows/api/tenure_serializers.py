"""Life after approval over the API: a tenure with its whole life (reports and ratings,
re-assessments, renewal, revocation) and what the reader may do now (`may`: the same rule as the
pages, workflows.engine.tenure.rules.offered), the list's query, and one body per act."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.api.requests import QueryRequest
from workflows.engine.tenure.models import AnnualReport, Rating, Reassessment, ReassessmentOutcome, Tenure, TenureState
from workflows.engine.tenure.reports import SUMMARY_MAX
from workflows.engine.tenure.revoking import REASON_MAX

TEXT_MAX = 2000


class TenureListRequest(QueryRequest):
    state = serializers.ChoiceField(choices=TenureState.choices, required=False, help_text=_("按状态筛选"))
    expiring = serializers.BooleanField(required=False, default=False, help_text=_("只看90天内到期的有效认定"))


class ReportSerializer(serializers.ModelSerializer):
    filed_by = serializers.StringRelatedField()
    rated_by = serializers.StringRelatedField()

    class Meta:
        model = AnnualReport
        fields = ["id", "year", "summary", "filed_by", "filed_at", "rating", "rating_note", "rated_by", "rated_at"]


class ReassessmentSerializer(serializers.ModelSerializer):
    opened_by = serializers.StringRelatedField()
    closed_by = serializers.StringRelatedField()

    class Meta:
        model = Reassessment
        fields = ["id", "reason", "opened_by", "opened_at", "outcome", "note", "closed_by", "closed_at"]


class TenureSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    ref_no = serializers.CharField(source="item.ref_no", read_only=True)
    title = serializers.CharField(source="item.title", read_only=True)
    organisation = serializers.CharField(source="item.organisation.name", read_only=True)
    terms = serializers.CharField(source="terms.name", read_only=True)
    document = serializers.CharField(source="document.text", read_only=True, default="",
                                     help_text=_("撤销决定文号"))
    renews = serializers.IntegerField(source="renews_id", read_only=True, allow_null=True,
                                      help_text=_("续期自哪个认定"))
    renewal_item = serializers.IntegerField(source="renewal_item_id", read_only=True, allow_null=True,
                                            help_text=_("续期申请的事项编号"))

    class Meta:
        model = Tenure
        fields = ["id", "item", "ref_no", "title", "organisation", "terms", "state", "starts_on", "valid_until",
                  "renews", "renewal_item", "ended_at", "end_reason", "document"]


class TenureDetailSerializer(TenureSerializer):
    reports = ReportSerializer(many=True, read_only=True)
    reassessments = ReassessmentSerializer(many=True, read_only=True)
    may = serializers.SerializerMethodField(help_text=_("您现在可以办理的：revoke、rate、reassess、report、renew"))

    class Meta(TenureSerializer.Meta):
        fields = TenureSerializer.Meta.fields + ["reports", "reassessments", "may"]

    def get_may(self, tenure) -> list[str]:
        return self.context["offer"].names()


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=REASON_MAX, help_text=_("撤销理由（必填）"))


class SummarySerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True, max_length=SUMMARY_MAX, help_text=_("年度总结"))


class RatingSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices, help_text=_("考核结果"),
                                     error_messages={"invalid_choice": _("请选择考核结果：优秀、合格或不合格。")})
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX, default="",
                                 help_text=_("考核意见；不合格必填"))


class ReassessReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=TEXT_MAX, help_text=_("复核事由"))


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[(ReassessmentOutcome.CONFIRMED, ReassessmentOutcome.CONFIRMED.label),
                 (ReassessmentOutcome.FAILED, ReassessmentOutcome.FAILED.label)],
        help_text=_("复核结果：confirmed 通过；failed 不通过（即撤销认定）"),
        error_messages={"invalid_choice": _("请选择复核结果：通过或不通过。")})
    note = serializers.CharField(allow_blank=True, max_length=TEXT_MAX, help_text=_("复核意见"))
