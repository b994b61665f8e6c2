"""导出任务 over the API: a job as its owner sees it, and the request that starts one."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.engine.exports.models import ExportState
from workflows.web.views.lists import LISTS

FILTERS_HELP = _("该列表页面的筛选与排序条件（与页面地址中的参数相同，如 q、kind、status、district、sort）")


class ExportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    list = serializers.CharField(source="list_name", help_text=_("todo、claimable、done 或 items"))
    title = serializers.CharField(source="title_text")
    state = serializers.ChoiceField(choices=ExportState.choices)
    state_label = serializers.CharField(source="get_state_display")
    total = serializers.IntegerField(help_text=_("提出导出时符合条件的记录数"))
    done = serializers.IntegerField(help_text=_("已处理的记录数"))
    written = serializers.IntegerField(help_text=_("写入文件的记录数（期间已离开您可见范围的记录不写入）"))
    percent = serializers.IntegerField()
    reason = serializers.CharField(source="reason_text", help_text=_("失败原因"))
    filters = serializers.DictField(help_text=FILTERS_HELP)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True, help_text=_("文件保留至此时，之后删除"))
    file_url = serializers.SerializerMethodField(help_text=_("完成后下载文件的地址；未完成或已过期时为空"))
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_file_url(self, job) -> str:
        if job.state != ExportState.DONE:
            return ""
        return reverse("api:export-file", args=[job.pk])

    @extend_schema_field(serializers.CharField())
    def get_page_url(self, job) -> str:
        return reverse("workflows:export-job", args=[job.pk])


class ExportStartRequest(serializers.Serializer):
    list = serializers.ChoiceField(choices=sorted(LISTS), help_text=_("要导出的列表"))
    filters = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=200), required=False,
                                    default=dict, help_text=FILTERS_HELP)
