"""专家库 and 专家抽取 over the API: an expert with fields and conflicts, the bodies that add, edit,
take out of the pool, declare a conflict, draw and decline; a panel with its seats and the draw's
record; an expert's own seat. Shape only: the rules are workflows.engine.experts'."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.engine.experts.models import Panel, Seat
from workflows.engine.experts.pool_models import ConflictReason, Expert, ExpertConflict, FieldKind



class FieldsSerializer(serializers.Serializer):
    stage = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list,
                                  help_text=_("学段，如 小学"))
    subject = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list,
                                    help_text=_("学科，如 数学"))
    specialty = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list,
                                      help_text=_("专长"))


class ConflictSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ExpertConflict
        fields = ["id", "organisation", "organisation_name", "reason", "detail", "created_at"]


class ExpertSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    home_name = serializers.CharField(source="home.name", read_only=True)
    fields = serializers.SerializerMethodField(method_name="fields_of", help_text=_("专业领域，按类别"))
    conflicts = ConflictSerializer(many=True, read_only=True)

    class Meta:
        model = Expert
        fields = ["id", "department", "user", "username", "full_name", "home", "home_name", "title", "is_active",
                  "note", "fields", "conflicts", "created_at"]

    def fields_of(self, expert) -> dict[str, list[str]]:
        shown = {kind: [] for kind in FieldKind.values}
        for field in expert.fields.all():
            shown[field.kind].append(field.name)
        return shown


class ExpertEditSerializer(serializers.Serializer):
    home = serializers.IntegerField(required=False, min_value=1, help_text=_("工作单位编号"))
    title = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text=_("职称"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=_("备注"))
    fields = FieldsSerializer(required=False, help_text=_("专业领域：学段、学科、专长"))


class ExpertAddSerializer(ExpertEditSerializer):
    department = serializers.IntegerField(required=False, min_value=1, help_text=_("处室编号；不填为您的第一个处室"))
    user = serializers.IntegerField(min_value=1, help_text=_("用户编号"))
    home = serializers.IntegerField(min_value=1, help_text=_("工作单位编号"))


class ActiveSerializer(serializers.Serializer):
    active = serializers.BooleanField(help_text=_("true：在库；false：停用（以后的抽取不再抽到）"))


class ConflictAddSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(min_value=1, help_text=_("须回避的单位编号"))
    reason = serializers.ChoiceField(choices=ConflictReason.choices, help_text=_("回避原因"))
    detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=200, help_text=_("说明"))


class DrawSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True,
                                  help_text=_("评审的事项编号：一个事项，或一批事项共用一个评审组"))
    size = serializers.IntegerField(min_value=1, max_value=99, help_text=_("专家人数，至少3"))
    reserves = serializers.IntegerField(min_value=0, max_value=99, required=False, default=0, help_text=_("候补人数"))
    fields = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                   help_text=_("要求的专业领域编号（须全部具备）"))
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    campaign = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None,
                                        help_text=_("申报批次编号：按本批次已参加评审次数均衡"))


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=500, help_text=_("谢绝理由"))


class SeatSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.user.full_name", read_only=True)
    home_name = serializers.CharField(source="expert.home.name", read_only=True)

    class Meta:
        model = Seat
        fields = ["id", "panel", "expert", "expert_name", "home_name", "position", "state", "is_chair", "seated_at",
                  "pledged_at", "declined_at", "decline_reason", "replaced_by"]


class PanelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Panel
        fields = ["id", "title", "department", "campaign", "size", "reserves", "seed", "drawn_by", "drawn_at",
                  "closed_at"]


class PanelDetailSerializer(PanelSerializer):
    items = serializers.SerializerMethodField()
    seats = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField(help_text=_("抽取记录：随机种子、候选专家及次数、回避的专家及原因"))

    class Meta(PanelSerializer.Meta):
        fields = [*PanelSerializer.Meta.fields, "items", "seats", "record"]

    def get_items(self, panel) -> list[int]:
        return [item.pk for item in self.context["items"]]

    def get_seats(self, panel) -> list[dict]:
        return SeatSerializer(self.context["seats"], many=True).data

    def get_record(self, panel) -> dict:
        return self.context["record"]


class OwnSeatSerializer(serializers.ModelSerializer):
    panel_title = serializers.CharField(source="panel.title", read_only=True)
    department = serializers.IntegerField(source="panel.department_id", read_only=True)
    pledge_text = serializers.CharField(source="panel.pledge_text", read_only=True)
    items = serializers.SerializerMethodField(help_text=_("签署承诺书后才列出评审事项"))

    class Meta:
        model = Seat
        fields = ["id", "panel", "panel_title", "department", "position", "state", "is_chair", "pledged_at",
                  "declined_at", "decline_reason", "pledge_text", "items"]

    def get_items(self, seat) -> list[int]:
        return [item.pk for item in self.context.get("items", {}).get(seat.panel_id, [])]
