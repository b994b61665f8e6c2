"""专家评分 over the API: a sheet's body, a sheet and the panel's view, the department's result.
What each reader sees is workflows.engine.scoring.rules (the views read through scoring.selectors)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.engine.scoring.models import ScoreSheet


class LineSerializer(serializers.Serializer):
    score = serializers.CharField(allow_blank=True, allow_null=True, required=False,
                                  help_text=_("得分：0至该指标满分，最多两位小数；空表示暂不打分"))
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000,
                                    help_text=_("评语"))


class SheetBodySerializer(serializers.Serializer):
    lines = serializers.DictField(child=LineSerializer(), required=False, default=dict,
                                  help_text=_("按指标编号：{\"A1\": {\"score\": \"18\", \"comment\": \"…\"}}"))


class ReturnReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=500, help_text=_("退回理由：告知专家"))


class RowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    guidance = serializers.CharField()
    max_score = serializers.DecimalField(max_digits=7, decimal_places=2)
    weight = serializers.DecimalField(max_digits=6, decimal_places=3)
    depth = serializers.IntegerField()
    leaf = serializers.BooleanField(help_text=_("只有末级指标打分"))
    score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    comment = serializers.CharField()


class ScoreLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    comment = serializers.CharField()


class SheetSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.user.full_name", read_only=True)
    lines = ScoreLineSerializer(many=True, read_only=True)

    class Meta:
        model = ScoreSheet
        fields = ["id", "item", "seat", "expert", "expert_name", "state", "total", "submitted_at", "returned_at",
                  "return_reason", "lines"]


class OwnSheetSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    rubric = serializers.CharField()
    sheet = SheetSerializer(allow_null=True)
    editable = serializers.BooleanField()
    rows = RowSerializer(many=True)


class StateSerializer(serializers.Serializer):
    seat = serializers.IntegerField(source="seat.pk")
    position = serializers.IntegerField(source="seat.position")
    is_chair = serializers.BooleanField(source="seat.is_chair")
    expert = serializers.IntegerField(source="expert.pk")
    expert_name = serializers.CharField(source="expert.user.full_name")
    sheet = serializers.IntegerField(source="sheet.pk", allow_null=True, default=None)
    state = serializers.CharField(help_text=_("draft / submitted / returned；空为未开始"))


class OverviewSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    all_submitted = serializers.BooleanField()
    is_chair = serializers.BooleanField()
    is_staff = serializers.BooleanField()
    at_step = serializers.BooleanField()
    states = StateSerializer(many=True, help_text=_("各席位的状态，不含分数"))
    sheets = SheetSerializer(many=True, help_text=_("可见的评分表：全部提交前只有自己的"))


class ResultRowSerializer(serializers.Serializer):
    row = RowSerializer()
    scores = serializers.ListField(child=serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True))
    average = serializers.DecimalField(max_digits=9, decimal_places=2)


class ResultSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    rubric = serializers.CharField()
    experts = serializers.ListField(child=serializers.CharField())
    rows = ResultRowSerializer(many=True)
    totals = serializers.ListField(child=serializers.DecimalField(max_digits=9, decimal_places=2))
    rule = serializers.CharField(source="rule_label")
    counted = serializers.ListField(child=serializers.DecimalField(max_digits=9, decimal_places=2))
    dropped = serializers.ListField(child=serializers.DecimalField(max_digits=9, decimal_places=2))
    total = serializers.DecimalField(max_digits=9, decimal_places=2)
    passed = serializers.BooleanField()
    band = serializers.CharField()
    pass_mark = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    confirmed = serializers.SerializerMethodField()

    def get_confirmed(self, table) -> bool:
        return table.result is not None
