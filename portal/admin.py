from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AuditEvent, Department, Job, Notification, Region, User
from .roles import Role

admin.site.site_header = _("Industrial Cluster Portal administration")
admin.site.site_title = _("Industrial Cluster Portal")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "department", "is_active", "last_login"]
    list_filter = ["role", "department", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email", "phone"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Portal"), {"fields": ("role", "department", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Portal"), {"fields": ("role", "department", "phone")}))

    # The security administrator manages accounts and roles but cannot make a superuser, hand out
    # individual permissions, touch a superuser's account or change their own role (三员 split).
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "is_staff", "user_permissions", "last_login", "date_joined"]
            if obj is not None and obj.pk == request.user.pk:
                fields += ["role", "groups", "is_active"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, and only for the audit administrator; nobody adds, changes or deletes here."""

    list_display = ["time", "username", "ip", "kind", "object_type", "object_repr"]
    list_filter = ["kind"]
    search_fields = ["username", "object_repr", "ip"]
    date_hierarchy = "time"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def get_actions(self, request):
        return {}

    def has_module_permission(self, request):
        return request.user.is_active and request.user.role == Role.AUDIT_ADMIN

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
