"""Admin in Chinese. Document types are plain data and edited here; the counters and the register
change only through the services (the office page), so they are read-only here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import ReadOnlyAdmin
from core.docnumbers.models import DocNumber, DocumentType, NumberCounter


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "prefix", "is_active"]
    list_filter = ["is_active", "prefix"]
    search_fields = ["code", "name", "prefix"]


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "year", "next_number"]
    list_filter = ["prefix", "year"]


@admin.register(DocNumber)
class DocNumberAdmin(ReadOnlyAdmin):
    list_display = ["text", "origin", "voided", "title", "created_by", "created_at", "void_reason"]
    list_filter = ["prefix", "year", "origin", ("voided_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "prefix", "void_reason"]
    list_select_related = ["created_by"]

    @admin.display(description=_("文号"), ordering="number")
    def text(self, obj):
        return obj.text

    @admin.display(description=_("已作废"), boolean=True)
    def voided(self, obj):
        return obj.is_voided
