from django.contrib import admin

from .models import TermRule


@admin.register(TermRule)
class TermRuleAdmin(admin.ModelAdmin):
    """Term lengths that differ from the charter's five years, per kind of unit."""

    list_display = ["unit_kind", "years"]
