from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Department, Job, Notification, Region, User

admin.site.site_header = _("Industrial Cluster Portal administration")
admin.site.site_title = _("Industrial Cluster Portal")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "department", "is_active", "last_login"]
    list_filter = ["role", "department", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email", "phone"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Portal"), {"fields": ("role", "department", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Portal"), {"fields": ("role", "department", "phone")}))


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "short_name"]


class BusinessModelAdmin(SimpleHistoryAdmin):
    """Admin base for business models: who and when read-only, saves record the user."""

    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by", "version"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.version = (obj.version or 0) + 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "key", "user", "status", "progress", "total", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["key", "message"]
    readonly_fields = [f.name for f in Job._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__username"]
