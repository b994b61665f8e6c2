"""What the API accepts: action bodies and list filters, validated with Chinese field errors
before any service is called."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.engine.acts import COMMENT_MAX
from workflows.engine import people
from workflows.engine.models import kind_models
from workflows.engine.reading.search import (
    DEFAULT_ORDERING,
    ITEM_ORDERINGS,
    ItemFilters,
)

MAX_ATTACHMENTS = 10


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX, default="",
                                    help_text=_("审批意见"))


class RequiredCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=COMMENT_MAX, help_text=_("审批意见（必填）"),
                                    error_messages={"required": _("请填写审批意见。"), "blank": _("请填写审批意见。")})


class ReturnSerializer(RequiredCommentSerializer):
    to = serializers.CharField(max_length=100, help_text=_("退回到的步骤名（见待办的 return_targets）"),
                               error_messages={"required": _("请选择退回到哪个步骤。"), "blank": _("请选择退回到哪个步骤。")})


def _with_attachments(base):
    """The multipart form of an action body: the same fields plus up to ten files (审批附件)."""

    class WithAttachments(base):
        attachments = serializers.ListField(
            child=serializers.FileField(), required=False, default=list, max_length=MAX_ATTACHMENTS,
            help_text=_("附件（PDF、图片、Office、WPS、OFD，按内容检查类型）"),
        )

    WithAttachments.__name__ = base.__name__.replace("Serializer", "WithFilesSerializer")
    return WithAttachments


class ResubmitSerializer(CommentSerializer):
    """重新提交: the note, and for a kind that can be started (发起申报) its fields edited again."""

    title = serializers.CharField(max_length=200, required=False, help_text=_("新的标题；不给出则不改"))
    fields = serializers.DictField(required=False, default=dict,
                                   help_text=_("本类事项自己的字段中要修改的（如示例申报的 summary、pupils）"))
    slot = serializers.CharField(max_length=50, required=False, allow_blank=True, default="",
                                 help_text=_("随重新提交上传的文件归入的材料类别（默认 other）"))


CommentWithFilesSerializer = _with_attachments(CommentSerializer)
ResubmitWithFilesSerializer = _with_attachments(ResubmitSerializer)
RequiredCommentWithFilesSerializer = _with_attachments(RequiredCommentSerializer)
ReturnWithFilesSerializer = _with_attachments(ReturnSerializer)


ID_MAX = 2**62


class HandOverSerializer(CommentSerializer):
    """转办 / 委派: to whom (a user id from the task's candidates), with an optional comment."""

    to = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text=_("接收人的用户编号（见 candidates）"),
                                  error_messages={"required": _("请选择接收人。"), "null": _("请选择接收人。"),
                                                  "invalid": _("接收人应为用户编号。")})


class CarbonCopyRequestSerializer(serializers.Serializer):
    users = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX), min_length=1, max_length=50,
        help_text=_("抄送对象的用户编号（见 candidates?act=cc），最多50人"),
        error_messages={"required": _("请选择抄送给谁。"), "empty": _("请选择抄送给谁。"),
                        "min_length": _("请选择抄送给谁。"), "max_length": _("一次最多抄送50人。")},
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX, default="",
                                 help_text=_("附言"))


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("附件文件"), max_length=200,
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("上传的文件是空文件。"),
                        "invalid": _("没有收到文件，请以 multipart/form-data 上传。")},
    )
    slot = serializers.CharField(max_length=50, help_text=_("材料类别，如 report、photos"),
                                 error_messages={"required": _("请选择材料类别。"), "blank": _("请选择材料类别。")})
    expected_version = serializers.IntegerField(required=False, min_value=1, help_text=_("事项版本；不一致时返回 409"))


class QueryRequest(serializers.Serializer):
    """Query parameters: an empty value (`?year=`, `?status=`) is an error, not "absent", unless the
    field allows blanks. DRF itself reads an empty optional form value as absent."""

    def to_internal_value(self, data):
        empty = {
            name: [_("不能为空。")]
            for name, field in self.fields.items()
            if data.get(name) == "" and not getattr(field, "allow_blank", False)
        }
        if empty:
            raise serializers.ValidationError(empty)
        return super().to_internal_value(data)


def kind_field(**kwargs):
    return serializers.ChoiceField(choices=sorted(kind_models()), required=False, help_text=_("事项类别"), **kwargs)


class PeopleQuery(QueryRequest):
    """?q=: a search by name among an act's candidates (workflows.engine.people.search)."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=people.MAX_QUERY,
        help_text=_("按姓名搜索（可只输入姓名的一部分；也可输入单位、职务或登录名，多个词用空格分开，须全部符合）"))


class CandidatesRequest(PeopleQuery):
    act = serializers.ChoiceField(
        choices=[("transfer", _("转办")), ("delegate", _("委派")), ("cc", _("抄送")), ("signer", _("加签"))],
        help_text=_("为哪种操作选人"))


class TaskListRequest(QueryRequest):
    TODO, MINE, QUEUE, DONE = "todo", "mine", "queue", "done"

    filter = serializers.ChoiceField(
        choices=[(TODO, _("待办（我的和可领取）")), (MINE, _("我的")), (QUEUE, _("可领取")), (DONE, _("已办"))],
        default=TODO, required=False,
    )
    kind = kind_field()
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text=_("true：只看已超期的；false：只看未超期的"))
    ordering = serializers.ChoiceField(
        choices=[("due_at", _("期限最近的在前")), ("created", _("最早到达的在前")), ("-created", _("最近到达的在前"))],
        default="due_at", required=False,
    )


class ItemListRequest(QueryRequest):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text=_("按编号、单位（学校）名称、标题或申报人姓名查找"))
    kind = kind_field()
    status = serializers.CharField(required=False, max_length=40)
    district = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text=_("区县的组织编号"))
    organisation = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text=_("所属单位的组织编号"))
    campaign = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text=_("申报批次编号"))
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text=_("年度（按创建时间）"))
    created_after = serializers.DateField(required=False, help_text=_("创建日期不早于（YYYY-MM-DD）"))
    created_before = serializers.DateField(required=False, help_text=_("创建日期不晚于（YYYY-MM-DD）"))
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text=_("true：有已超期待办的事项；false：没有的"))
    ordering = serializers.ChoiceField(choices=list(ITEM_ORDERINGS), default=DEFAULT_ORDERING, required=False)

    def validate(self, data):
        after, before = data.get("created_after"), data.get("created_before")
        if after and before and after > before:
            raise serializers.ValidationError({"created_before": _("结束日期不能早于开始日期。")})
        return data

    def filters(self) -> ItemFilters:
        return ItemFilters(**self.validated_data)



class StatsRequest(ItemListRequest):
    ordering = None  # counts have no order to choose


class AddSignerRequest(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**62, help_text=_("加签人员的用户编号"),
                                    error_messages={"required": _("请选择加签人员。")})
    position = serializers.ChoiceField(
        choices=[("before", _("在本人之前（依次审批：对方先办，再回到本人）")), ("after", _("在本人之后"))],
        default="after", required=False, help_text=_("会签、或签、多数通过中加签人直接加入，位置不影响办理"),
    )


class StepAddSignerRequest(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**62, help_text=_("加入人员的用户编号（须在步骤的人员范围内）"),
                                    error_messages={"required": _("请选择加签人员。")})


class RedrawSignerRequest(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**62, help_text=_("被替换成员的用户编号（尚未办理的成员）"),
                                    error_messages={"required": _("请选择要替换的成员。")})


class RemoveSignerRequest(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**62, help_text=_("减签人员的用户编号（尚未办理的成员）"),
                                    error_messages={"required": _("请选择减签人员。")})
