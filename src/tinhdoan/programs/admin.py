from django.contrib import admin

from .models import (
    Allocation,
    Breakthrough,
    EvidenceFile,
    FocalTask,
    Program,
    ReportingPeriod,
    Target,
    TargetRule,
)


class FocalTaskInline(admin.TabularInline):
    model = FocalTask
    extra = 0
    raw_id_fields = ["responsible_unit"]


class BreakthroughInline(admin.TabularInline):
    model = Breakthrough
    extra = 0
    raw_id_fields = ["responsible_unit"]


class ReportingPeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


class TargetRuleInline(admin.TabularInline):
    model = TargetRule
    extra = 0
    fk_name = "program"
    raw_id_fields = ["left", "right"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "adopted_on"]
    list_filter = ["year"]
    search_fields = ["title", "unit__code", "unit__name"]
    raw_id_fields = ["unit", "copied_from"]
    inlines = [FocalTaskInline, BreakthroughInline, ReportingPeriodInline, TargetRuleInline]


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "program", "measure", "rollup", "direction", "plan_value"]
    list_filter = ["rollup", "direction", "program__year"]
    search_fields = ["code", "name"]
    raw_id_fields = ["program", "ratio_numerator", "ratio_denominator", "count_source"]
    inlines = [AllocationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Rules, directions and allocations edited here change how figures roll up.
        form.instance.program.mark_rules_changed()


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    list_display = ["title", "focal_task", "breakthrough", "uploaded_at"]
    raw_id_fields = ["focal_task", "breakthrough"]
