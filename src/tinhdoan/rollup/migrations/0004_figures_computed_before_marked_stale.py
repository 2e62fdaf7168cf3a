"""Figures stored before the roll-up kept itself exact on every tree change may be stale:
mark every program's reporting periods so; `tinhdoan rollup --stale` recomputes them."""

from django.db import migrations
from django.utils import timezone

REASON = "Cập nhật phần mềm: số liệu tổng hợp cũ cần được tính lại"


def mark_stale(apps, schema_editor):
    ReportingPeriod = apps.get_model("programs", "ReportingPeriod")
    RollupState = apps.get_model("rollup", "RollupState")
    now = timezone.now()
    for program_id, period_id in ReportingPeriod.objects.values_list("program_id", "period_id"):
        RollupState.objects.update_or_create(
            program_id=program_id,
            period_id=period_id,
            defaults={"stale_since": now, "stale_reason": REASON},
        )


def unmark(apps, schema_editor):
    RollupState = apps.get_model("rollup", "RollupState")
    RollupState.objects.filter(stale_reason=REASON).update(stale_since=None, stale_reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("rollup", "0003_state_knows_when_stale"),
        ("programs", "0005_program_rules_revision"),
    ]

    operations = [migrations.RunPython(mark_stale, unmark)]
