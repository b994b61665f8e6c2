"""发文 over the API: a document (list and detail with its lines) and the body that issues one from
a list. The views read through workflows.engine.documents.rules."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.engine.documents.models import Document, DocumentItem
from workflows.engine.documents.services import TEXT_MAX, TITLE_MAX


class DocumentSerializer(serializers.ModelSerializer):
    doc_type = serializers.CharField(source="doc_type.code", read_only=True, help_text=_("公文类型代码"))
    doc_type_name = serializers.CharField(source="doc_type.name", read_only=True)
    number = serializers.CharField(source="number_text", read_only=True, help_text=_("文号"))
    issued_by = serializers.CharField(source="issued_by.full_name", read_only=True, allow_null=True, default=None)
    list = serializers.IntegerField(source="list_act_id", read_only=True, allow_null=True)
    download = serializers.SerializerMethodField(help_text=_("PDF下载地址"))

    class Meta:
        model = Document
        fields = ["id", "doc_type", "doc_type_name", "number", "title", "agency", "owner_department", "issued_on",
                  "issued_by", "list", "size", "sha256", "created_at", "download"]

    def get_download(self, document) -> str:
        return reverse("api:document-pdf", args=[document.pk])


class DocumentLineSerializer(serializers.ModelSerializer):
    ref_no = serializers.CharField(source="item.ref_no", read_only=True)

    class Meta:
        model = DocumentItem
        fields = ["rank", "item", "ref_no", "text"]


class DocumentDetailSerializer(DocumentSerializer):
    lines = DocumentLineSerializer(source="line_rows", many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + ["opening", "closing", "lines"]


class IssueSerializer(serializers.Serializer):
    doc_type = serializers.CharField(max_length=40, allow_blank=True,
                                     help_text=_("公文类型代码（如 decision、approval），文号前缀由办公室维护"))
    title = serializers.CharField(max_length=TITLE_MAX, allow_blank=True, help_text=_("发文标题"))
    opening = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="",
                                    help_text=_("正文（名单之前）"))
    closing = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="",
                                    help_text=_("结语（名单之后）"))
