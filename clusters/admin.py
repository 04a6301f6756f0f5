from django.contrib import admin

from portal.admin import BusinessModelAdmin

from .models import Chain, ChainNode, Cluster, InvestmentLead, SupplyLink


class ChainInline(admin.TabularInline):
    model = Chain
    extra = 0
    fields = ["code", "name", "leader", "lead_department", "sort_order"]
    show_change_link = True


@admin.register(Cluster)
class ClusterAdmin(BusinessModelAdmin):
    list_display = ["code", "name", "category", "scale_tier", "group_leader", "lead_department"]
    list_filter = ["category", "lead_department"]
    search_fields = ["code", "name"]
    inlines = [ChainInline]


class ChainNodeInline(admin.TabularInline):
    model = ChainNode
    extra = 0
    fields = ["name", "stage", "parent", "is_key", "sort_order"]
    show_change_link = True


@admin.register(Chain)
class ChainAdmin(BusinessModelAdmin):
    list_display = ["code", "name", "cluster", "leader", "lead_department", "weak_threshold"]
    list_filter = ["cluster", "lead_department"]
    search_fields = ["code", "name", "leader"]
    filter_horizontal = ["host_parks"]
    autocomplete_fields = ["chain_masters"]
    inlines = [ChainNodeInline]


@admin.register(ChainNode)
class ChainNodeAdmin(BusinessModelAdmin):
    list_display = ["name", "chain", "stage", "parent", "is_key", "sort_order"]
    list_filter = ["chain", "stage", "is_key"]
    search_fields = ["name", "chain__name"]
    autocomplete_fields = ["enterprises", "parent", "industry"]


@admin.register(InvestmentLead)
class InvestmentLeadAdmin(BusinessModelAdmin):
    list_display = ["company_name", "node", "target_park", "expected_investment", "stage", "officer", "next_step_on"]
    list_filter = ["stage", "target_park"]
    search_fields = ["company_name", "location", "node__name"]
    autocomplete_fields = ["node", "target_park", "landed_enterprise"]


@admin.register(SupplyLink)
class SupplyLinkAdmin(BusinessModelAdmin):
    list_display = ["supplier", "customer", "product", "annual_amount", "year"]
    list_filter = ["year"]
    search_fields = ["supplier__name", "customer__name", "product"]
    autocomplete_fields = ["supplier", "customer"]
