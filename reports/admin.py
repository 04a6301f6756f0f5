from django.contrib import admin

from portal.admin import BusinessModelAdmin

from .models import (
    EvaluationObjection,
    EvaluationScheme,
    Indicator,
    ParkEvaluation,
    ParkEvaluationItem,
    Report,
    Target,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "method", "sort_order"]
    list_filter = ["method"]
    search_fields = ["code", "name"]


@admin.register(Target)
class TargetAdmin(BusinessModelAdmin):
    list_display = ["indicator", "subject_type", "subject_id", "year", "value"]
    list_filter = ["year", "subject_type", "indicator"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["kind", "year", "period", "subject_type", "subject_id", "status", "generated_at"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["title"]
    readonly_fields = ["content", "html", "error", "generated_at", "started_at", "queued_at"]


@admin.register(EvaluationScheme)
class EvaluationSchemeAdmin(BusinessModelAdmin):
    list_display = ["name", "period_months", "publication_days", "is_active"]


class ItemInline(admin.TabularInline):
    model = ParkEvaluationItem
    extra = 0
    readonly_fields = ["indicator_code", "indicator_name", "input_value", "weight", "points"]


@admin.register(ParkEvaluation)
class ParkEvaluationAdmin(BusinessModelAdmin):
    list_display = ["park", "year", "month", "total_score", "grade", "rank", "status"]
    list_filter = ["year", "month", "grade", "status"]
    search_fields = ["park__name"]
    inlines = [ItemInline]


@admin.register(EvaluationObjection)
class EvaluationObjectionAdmin(BusinessModelAdmin):
    list_display = ["evaluation", "status", "created_at", "handled_at"]
    list_filter = ["status"]
