"""Admin for campaigns and their district quotas, until the departments' own pages exist."""

from django.contrib import admin

from workflows.engine.campaign_models import Campaign, DistrictQuota


class DistrictQuotaInline(admin.TabularInline):
    model = DistrictQuota
    extra = 0
    fields = ["district", "quota", "reserved"]
    readonly_fields = ["reserved"]
    autocomplete_fields = ["district"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "programme_name", "owner_department", "opens_at", "closes_at", "total_quota",
                    "total_reserved"]
    list_filter = ["programme_code", "owner_department"]
    search_fields = ["name", "programme_name", "programme_code"]
    readonly_fields = ["total_reserved", "created_at"]
    autocomplete_fields = ["owner_department"]
    inlines = [DistrictQuotaInline]
