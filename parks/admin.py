from django.contrib import admin

from portal.admin import BusinessModelAdmin

from .models import Park


@admin.register(Park)
class ParkAdmin(BusinessModelAdmin):
    list_display = ["code", "name", "region", "level", "kind", "status", "is_active"]
    list_filter = ["level", "kind", "status", "is_active", "region"]
    search_fields = ["code", "name", "short_name"]
    filter_horizontal = ["staff"]
    autocomplete_fields = ["region"]
