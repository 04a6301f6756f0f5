from django.contrib import admin

from portal.admin import BusinessModelAdmin

from .models import InnovationCarrier, LandParcel, Park, ParkFactor, ParkStatusChange, StandardFactory


class ParkFactorInline(admin.TabularInline):
    model = ParkFactor
    extra = 0
    fields = ["factor", "status", "quantity", "note"]


class ParkStatusChangeInline(admin.TabularInline):
    model = ParkStatusChange
    fk_name = "park"
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_status",
        "to_status",
        "reason",
        "effective_on",
        "observation_ends_on",
        "source",
        "created_by",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Park)
class ParkAdmin(BusinessModelAdmin):
    list_display = ["code", "name", "region", "level", "kind", "status", "is_active"]
    list_filter = ["level", "kind", "status", "is_active", "region"]
    search_fields = ["code", "name", "short_name"]
    filter_horizontal = ["staff"]
    autocomplete_fields = ["region"]
    inlines = [ParkFactorInline, ParkStatusChangeInline]


@admin.register(LandParcel)
class LandParcelAdmin(BusinessModelAdmin):
    list_display = ["code", "park", "area_mu", "price", "status", "holder", "agreed_start_on"]
    list_filter = ["status", "park"]
    search_fields = ["code", "holder__name"]
    autocomplete_fields = ["park", "holder"]
    date_hierarchy = "agreed_start_on"


@admin.register(StandardFactory)
class StandardFactoryAdmin(BusinessModelAdmin):
    list_display = ["name", "park", "floor_area_m2", "leased_area_m2", "status"]
    list_filter = ["status", "park"]
    search_fields = ["name"]
    autocomplete_fields = ["park"]


@admin.register(InnovationCarrier)
class InnovationCarrierAdmin(BusinessModelAdmin):
    list_display = ["name", "kind", "level", "park", "host_enterprise", "status", "recognized_on"]
    list_filter = ["kind", "level", "status", "park"]
    search_fields = ["name", "host_institution", "host_enterprise__name"]
    autocomplete_fields = ["park", "host_enterprise"]


@admin.register(ParkStatusChange)
class ParkStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["park", "from_status", "to_status", "effective_on", "observation_ends_on", "source"]
    list_filter = ["to_status", "park"]
    search_fields = ["park__name", "reason"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
