"""Admin for campaigns and their district quotas, until the departments' own pages exist. Saving
goes through the services (workflows.engine.lists.campaign_edits), which audit every change and
check quotas against the seats taken under the campaign's lock."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from workflows.engine.lists.campaign_edits import save_campaign, set_quota
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota


class DistrictQuotaFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.reserved:
                raise ValidationError(_("%(district)s已占用%(n)s个名额，不能删除其名额。")
                                      % {"district": form.instance.district, "n": form.instance.reserved})


class DistrictQuotaInline(admin.TabularInline):
    model = DistrictQuota
    formset = DistrictQuotaFormSet
    extra = 0
    fields = ["district", "quota", "reserved"]
    readonly_fields = ["reserved"]
    autocomplete_fields = ["district"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "owner_department", "opens_at", "closes_at", "total_quota",
                    "total_reserved"]
    list_select_related = ["programme", "owner_department"]
    list_filter = ["programme__year", "owner_department"]
    search_fields = ["name", "programme__name", "programme__code"]
    readonly_fields = ["total_reserved", "created_at"]
    autocomplete_fields = ["programme", "owner_department"]
    inlines = [DistrictQuotaInline]

    def save_model(self, request, obj, form, change):
        save_campaign(campaign=obj, by=request.user, changed=form.changed_data if change else ())

    def save_formset(self, request, form, formset, change):
        """Each added, changed or deleted district quota through set_quota (what formset.save()
        would write, audited), and the formset's lists filled for the admin's change message."""
        campaign, by = form.instance, request.user
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.deleted_forms:
            if row.instance.pk:
                set_quota(campaign=campaign, district=row.instance.district, total=None, by=by)
                formset.deleted_objects.append(row.instance)
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            district, quota = row.cleaned_data["district"], row.cleaned_data["quota"]
            if row.instance.pk and "district" in row.changed_data:  # moved to another district
                moved_from = DistrictQuota.objects.select_related("district").get(pk=row.instance.pk).district
                set_quota(campaign=campaign, district=moved_from, total=None, by=by)
            set_quota(campaign=campaign, district=district, total=quota, by=by)
            saved = DistrictQuota.objects.get(campaign=campaign, district=district)
            if row.instance.pk:
                formset.changed_objects.append((saved, row.changed_data))
            else:
                formset.new_objects.append(saved)
