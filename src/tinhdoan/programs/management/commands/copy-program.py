from django.core.management.base import BaseCommand, CommandError

from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import Program
from tinhdoan.programs.selectors import parse_program_key
from tinhdoan.programs.services import program_copy


class Command(BaseCommand):
    help = (
        "Tạo chương trình công tác năm mới từ chương trình năm trước (nhiệm vụ, chỉ tiêu, quy "
        "tắc, chỉ tiêu giao cho đơn vị còn hoạt động, kỳ báo cáo)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", required=True, help="ĐƠN_VỊ:NĂM, ví dụ TDLS:2025"
        )
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--title", default=None)

    def handle(self, *args, source: str, year: int, title: str | None, **options):
        try:
            unit_code, source_year = parse_program_key(source)
        except ProgramsError as exc:
            raise CommandError(str(exc)) from exc
        found = Program.objects.filter(unit__code=unit_code, year=source_year).first()
        if found is None:
            raise CommandError(f"Không có chương trình {source}.")
        try:
            program = program_copy(source=found, year=year, title=title)
        except ProgramsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã tạo “{program.title}” ({program.key}): {program.targets.count()} chỉ tiêu, "
            f"{program.reporting_periods.count()} kỳ báo cáo."
        )
