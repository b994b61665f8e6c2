"""评分指标 over the API: a rubric in a list and in full (its indicator tree depth first, its
bands), and the bodies that create and edit one, set its bands, copy it, and add, edit and move an
indicator. Shape only: the rules and the checks are workflows.engine.rubrics'."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.engine.rubrics.indicator_edits import DOWN, UP
from workflows.engine.rubrics.models import ResultRule, Rubric
from workflows.engine.rubrics.selectors import EDITING, FROZEN

YEAR = {"min_value": 2000, "max_value": 2100}
SCORE = {"max_digits": 9, "decimal_places": 2}
STATE_HELP = _("editing：编辑中；frozen：已启用（冻结），不能再修改，只能复制为新版本")


class RubricSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    state = serializers.SerializerMethodField(help_text=STATE_HELP)
    indicator_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "department", "department_name", "name", "year", "version", "state", "frozen_at",
                  "frozen_by", "copied_from", "pass_mark", "result_rule", "tie_breaks", "indicator_count",
                  "created_at"]

    def get_state(self, rubric) -> str:
        return FROZEN if rubric.frozen else EDITING


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    guidance = serializers.CharField(source="indicator.guidance")
    max_score = serializers.DecimalField(source="indicator.max_score", **SCORE)
    weight = serializers.DecimalField(source="indicator.weight", max_digits=6, decimal_places=3)
    parent = serializers.CharField(source="parent_code", allow_null=True, help_text=_("上级指标的编号；一级指标为 null"))
    depth = serializers.IntegerField(help_text=_("层级：一级指标为0"))
    leaf = serializers.BooleanField(help_text=_("true：专家为其打分；false：分组，按其下指标合计"))


class BandSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=50, help_text=_("等级名称，如 五星"))
    min_score = serializers.DecimalField(help_text=_("最低分（含）"), **SCORE)
    max_score = serializers.DecimalField(required=False, allow_null=True, default=None,
                                         help_text=_("最高分（含）；null：到上一等级为止，最高等级不设上限"), **SCORE)


class RubricDetailSerializer(RubricSerializer):
    full_total = serializers.SerializerMethodField(help_text=_("满分合计：每项指标满分乘以权重之和"))
    indicators = serializers.SerializerMethodField(help_text=_("指标，深度优先：每个分组在其下指标之前"))
    bands = serializers.SerializerMethodField()

    class Meta(RubricSerializer.Meta):
        fields = [*RubricSerializer.Meta.fields, "full_total", "indicators", "bands"]

    def get_full_total(self, rubric) -> str:
        return str(self.context["view"].full_total)

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_indicators(self, rubric):
        return IndicatorSerializer(self.context["view"].rows, many=True).data

    @extend_schema_field(BandSerializer(many=True))
    def get_bands(self, rubric):
        return BandSerializer(self.context["view"].bands, many=True).data


class TieBreakSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=[("indicator", _("指标平均分高者在前")), ("spread", _("专家总分差距小者在前"))])
    code = serializers.CharField(required=False, max_length=20, help_text=_("by 为 indicator 时：指标编号"))


class RubricEditSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=100, help_text=_("名称"))
    year = serializers.IntegerField(required=False, help_text=_("年度"), **YEAR)
    pass_mark = serializers.DecimalField(required=False, allow_null=True, help_text=_("合格分数线；null：不设"), **SCORE)
    result_rule = serializers.ChoiceField(required=False, choices=ResultRule.choices, help_text=_("计分规则"))
    tie_breaks = TieBreakSerializer(many=True, required=False, help_text=_("同分排名规则，依次比较"))


class RubricCreateSerializer(RubricEditSerializer):
    department = serializers.IntegerField(required=False, min_value=1, help_text=_("处室编号；不填为您的第一个处室"))
    name = serializers.CharField(max_length=100, help_text=_("名称"))
    year = serializers.IntegerField(help_text=_("年度"), **YEAR)


class BandsSerializer(serializers.Serializer):
    bands = BandSerializer(many=True, help_text=_("全部等级（替换原有的）；空列表：不分等级"))


class CopySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text=_("新版本的年度；不填为同一年度的下一版本"), **YEAR)


class IndicatorEditSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, max_length=20, help_text=_("编号，在本评分指标中唯一"))
    name = serializers.CharField(required=False, max_length=200, help_text=_("指标名称"))
    guidance = serializers.CharField(required=False, allow_blank=True, help_text=_("评分说明"))
    max_score = serializers.DecimalField(required=False, help_text=_("满分，须大于0"), **SCORE)
    weight = serializers.DecimalField(required=False, max_digits=6, decimal_places=3, help_text=_("权重，须大于0"))
    parent = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=20,
                                   help_text=_("上级指标的编号；null：一级指标"))


class IndicatorAddSerializer(IndicatorEditSerializer):
    code = serializers.CharField(max_length=20, help_text=_("编号，在本评分指标中唯一"))
    name = serializers.CharField(max_length=200, help_text=_("指标名称"))
    max_score = serializers.DecimalField(help_text=_("满分，须大于0"), **SCORE)


class IndicatorMoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[(UP, _("上移")), (DOWN, _("下移"))],
                                        help_text=_("在同级指标中上移或下移一位"))
