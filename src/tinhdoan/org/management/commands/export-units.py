import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from tinhdoan.org.unit_files import units_export


class Command(BaseCommand):
    help = "Xuất cây đơn vị ra CSV hoặc XLSX, đúng định dạng mà import-units đọc."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument("--output", type=Path, default=None)

    def handle(self, *args, format, output, **options):
        file_format = format or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
        data = units_export(file_format=file_format)
        if output:
            output.write_bytes(data)
            self.stderr.write(f"Đã ghi {output}.")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
