from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.org.unit_files import UnitImportError
from tinhdoan.rollup.tree import units_import_file


class Command(BaseCommand):
    help = (
        "Nhập cây đơn vị từ tệp CSV hoặc XLSX (code, name, kind, parent_code, valid_from, "
        "valid_to); tất cả hoặc không gì cả; số liệu tổng hợp theo cây mới ngay khi nhập xong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            result = units_import_file(file.name, file.read_bytes())
        except UnitImportError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                f"Không nhập tệp {file.name}: {len(exc.messages)} lỗi; không có gì được ghi."
            ) from exc
        self.stdout.write(
            f"Đã nhập {file.name}: {result.created} đơn vị mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi."
        )
