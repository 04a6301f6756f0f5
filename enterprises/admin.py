from django.contrib import admin

from portal.admin import BusinessModelAdmin

from .models import (
    Cooperation,
    Enterprise,
    EnterpriseStat,
    Industry,
    ParkMonth,
    Qualification,
    QualificationKind,
    ServiceRequest,
    Visit,
)


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(QualificationKind)
class QualificationKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "validity_years", "sort_order"]
    search_fields = ["code", "name"]


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0
    fields = ["kind", "level", "certificate_no", "granted_on", "expires_on"]


@admin.register(Enterprise)
class EnterpriseAdmin(BusinessModelAdmin):
    list_display = ["name", "uscc", "park", "industry", "scale", "above_size", "is_leading", "is_active"]
    list_filter = ["above_size", "scale", "listing_status", "is_leading", "is_active", "park"]
    search_fields = ["name", "short_name", "uscc"]
    autocomplete_fields = ["park", "region", "industry"]
    inlines = [QualificationInline]


@admin.register(Qualification)
class QualificationAdmin(BusinessModelAdmin):
    list_display = ["enterprise", "kind", "level", "granted_on", "expires_on"]
    list_filter = ["kind", "level"]
    search_fields = ["enterprise__name", "enterprise__uscc", "certificate_no"]
    autocomplete_fields = ["enterprise"]
    date_hierarchy = "expires_on"


@admin.register(EnterpriseStat)
class EnterpriseStatAdmin(BusinessModelAdmin):
    list_display = ["enterprise", "year", "month", "output_value", "revenue", "tax", "rd_expense"]
    list_filter = ["year", "month"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    autocomplete_fields = ["enterprise"]
    show_full_result_count = False


@admin.register(ParkMonth)
class ParkMonthAdmin(BusinessModelAdmin):
    list_display = ["park", "year", "month", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "year", "month", "park"]


@admin.register(Visit)
class VisitAdmin(BusinessModelAdmin):
    list_display = ["enterprise", "visited_on", "officer"]
    search_fields = ["enterprise__name", "notes"]
    autocomplete_fields = ["enterprise"]
    date_hierarchy = "visited_on"


@admin.register(ServiceRequest)
class ServiceRequestAdmin(BusinessModelAdmin):
    list_display = ["title", "enterprise", "category", "department", "status", "received_on", "due_on", "resolved_on"]
    list_filter = ["status", "category", "department", "satisfaction"]
    search_fields = ["title", "description", "enterprise__name"]
    autocomplete_fields = ["enterprise"]
    date_hierarchy = "received_on"


@admin.register(Cooperation)
class CooperationAdmin(BusinessModelAdmin):
    list_display = ["enterprise", "partner", "kind", "signed_on"]
    list_filter = ["kind"]
    search_fields = ["enterprise__name", "partner"]
    autocomplete_fields = ["enterprise"]
