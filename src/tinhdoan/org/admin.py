from django.contrib import admin

from .models import Lineage, Person, Position, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "folded_name"]
    # The place of a unit in the tree and its validity change the rolled-up figures: they
    # change through import-units or the services, which keep the paths and tell the roll-up.
    readonly_fields = ["path", "depth", "parent", "valid_from", "valid_to"]

    def has_add_permission(self, request):
        return False


@admin.register(Lineage)
class LineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "kind", "successor", "on_date"]
    list_filter = ["kind"]
    raw_id_fields = ["predecessor", "successor"]


class PositionInline(admin.TabularInline):
    model = Position
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "note"]
    search_fields = ["full_name", "folded_name"]
    inlines = [PositionInline]

    def save_model(self, request, obj, form, change):
        obj.set_name_keys()
        super().save_model(request, obj, form, change)
