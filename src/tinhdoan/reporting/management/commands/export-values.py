import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.org.models import Unit
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import Program, ReportingPeriod
from tinhdoan.programs.selectors import parse_program_key
from tinhdoan.reporting.value_files import values_export


class Command(BaseCommand):
    help = "Xuất số liệu của một chương trình và kỳ ra CSV hoặc XLSX, đúng định dạng import-values đọc."

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="ĐƠN_VỊ:NĂM, ví dụ TDLS:2017")
        parser.add_argument("--period", required=True, help="mã kỳ: 2017, 2017S1, 2017Q3, 2017-09")
        parser.add_argument("--unit", default=None, help="chỉ số liệu của đơn vị này")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument("--output", type=Path, default=None)

    def handle(self, *args, program, period, unit, format, output, **options):
        try:
            unit_code, year = parse_program_key(program)
        except ProgramsError as exc:
            raise CommandError(str(exc)) from exc
        found = Program.objects.filter(unit__code=unit_code, year=year).first()
        if found is None:
            raise CommandError(f"Không có chương trình {program}.")
        period_code = period.strip().upper()
        if not ReportingPeriod.objects.filter(program=found, period__code=period_code).exists():
            raise CommandError(f"{period} không phải là kỳ báo cáo của chương trình {program}.")
        only_unit = None
        if unit:
            only_unit = Unit.objects.filter(code=unit).first()
            if only_unit is None:
                raise CommandError(f"Không có đơn vị {unit}.")
        file_format = format or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
        data = values_export(
            program=found, period_code=period_code, unit=only_unit, file_format=file_format
        )
        if output:
            output.write_bytes(data)
            self.stderr.write(f"Đã ghi {output}.")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
