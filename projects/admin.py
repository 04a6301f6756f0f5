from django.contrib import admin

from portal.admin import BusinessModelAdmin

from .models import Project, ProjectPlan, ProjectProgress


class ProjectPlanInline(admin.TabularInline):
    model = ProjectPlan
    extra = 0
    fields = ["year", "planned_investment"]


class ProjectProgressInline(admin.TabularInline):
    model = ProjectProgress
    extra = 0
    fields = ["year", "month", "completed_investment", "progress_note", "problems"]


@admin.register(Project)
class ProjectAdmin(BusinessModelAdmin):
    list_display = ["code", "name", "park", "stage", "key_level", "total_investment", "responsible_leader", "is_active"]
    list_filter = ["stage", "key_level", "park", "is_active"]
    search_fields = ["code", "name", "investor__name"]
    autocomplete_fields = ["investor", "park", "chain", "lead"]
    inlines = [ProjectPlanInline, ProjectProgressInline]


@admin.register(ProjectProgress)
class ProjectProgressAdmin(BusinessModelAdmin):
    list_display = ["project", "year", "month", "completed_investment"]
    list_filter = ["year", "month"]
    search_fields = ["project__name", "project__code"]
    autocomplete_fields = ["project"]
