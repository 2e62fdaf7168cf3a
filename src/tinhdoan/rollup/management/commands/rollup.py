"""`tinhdoan rollup`: recompute or check the stored roll-up of programs.

Saving values, changing the tree and changing the rules keep the roll-up exact by
themselves, or record exactly what is stale; `--stale` recomputes what is recorded so
(after a restore, an upgrade, a change made in the admin), `--check` compares the stored
figures with a recomputation.
"""

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.programs.models import Period, Program
from tinhdoan.rollup import engine, freshness


def programs_periods(key: str | None) -> list[tuple[Program, list[Period]]]:
    programs = Program.objects.select_related("unit").order_by("year", "unit__path")
    if key:
        unit_code, _sep, year = key.rpartition(":")
        if not unit_code or not year.isdigit():
            raise CommandError(
                f"“{key}” không phải là mã chương trình (ĐƠN_VỊ:NĂM, ví dụ TDLS:2017)."
            )
        programs = programs.filter(unit__code=unit_code, year=int(year))
        if not programs.exists():
            raise CommandError(f"Không có chương trình {key}.")
    return [
        (
            program,
            [rp.period for rp in program.reporting_periods.select_related("period")],
        )
        for program in programs
    ]


class Command(BaseCommand):
    help = "Tính lại (hoặc kiểm tra) số liệu tổng hợp của các chương trình công tác."

    def add_arguments(self, parser):
        parser.add_argument("--program", help="Chỉ một chương trình, ví dụ TDLS:2017.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ kiểm tra: báo các ô tổng hợp lệch so với tính lại, không ghi gì.",
        )
        parser.add_argument(
            "--stale",
            action="store_true",
            help="Chỉ tính lại những gì đang chờ: cây đơn vị đổi, quy tắc đổi, đánh dấu tính lại.",
        )

    def handle(self, *args, program=None, check=False, stale=False, **options):
        if stale:
            found = programs_periods(program)[0][0] if program else None
            done = freshness.refresh_pending(program=found)
            for refreshed, period in done:
                self.stdout.write(f"{refreshed.key} {period.code}: đã tính lại")
            self.stdout.write(f"Số liệu tổng hợp đã chính xác ({len(done)} kỳ tính lại).")
            return
        problems = 0
        for found, periods in programs_periods(program):
            if check:
                cells = engine.rollup_check(program=found, periods=periods)
                problems += len(cells)
                state = "khớp" if not cells else f"lệch {len(cells)} ô"
                self.stdout.write(f"{found.key}: {state}")
            else:
                stored = engine.rollup_full(program=found, periods=periods)
                self.stdout.write(f"{found.key}: {len(periods)} kỳ, {stored} ô tổng hợp")
        if problems:
            raise CommandError(f"{problems} ô tổng hợp lệch; chạy `tinhdoan rollup` để tính lại.")
