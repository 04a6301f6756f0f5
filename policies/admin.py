from django.contrib import admin

from portal.admin import BusinessModelAdmin

from .models import Application, ApplicationAttachment, Measure, Policy


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    fields = [
        "title",
        "kind",
        "department",
        "eligibility",
        "amount_rule",
        "budget",
        "opens_on",
        "closes_on",
        "auto_grant",
    ]


@admin.register(Policy)
class PolicyAdmin(BusinessModelAdmin):
    list_display = ["title", "doc_number", "issuer", "issued_on", "valid_until", "is_active"]
    list_filter = ["issuer", "is_active"]
    search_fields = ["title", "doc_number"]
    filter_horizontal = ["clusters", "chains", "parks"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(BusinessModelAdmin):
    list_display = ["title", "policy", "kind", "department", "budget", "auto_grant", "closes_on"]
    list_filter = ["kind", "department", "auto_grant"]
    search_fields = ["title", "policy__title"]
    autocomplete_fields = ["policy"]


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(BusinessModelAdmin):
    list_display = ["enterprise", "measure", "year", "computed_amount", "approved_amount", "status"]
    list_filter = ["status", "year", "measure__department"]
    search_fields = ["enterprise__name", "enterprise__uscc", "measure__title"]
    autocomplete_fields = ["enterprise", "measure"]
    inlines = [AttachmentInline]
