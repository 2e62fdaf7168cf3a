"""`tinhdoan backup --output FILE`: the database and the uploaded files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            help="Tệp sao lưu cần ghi (.tar.gz), hoặc một thư mục để ghi tệp có ngày giờ trong tên.",
        )

    def handle(self, *args, **options):
        try:
            manifest = backup_create(output=Path(options["output"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu vào {manifest['path']}: {len(manifest['tables'])} bảng, {rows} dòng, "
            f"{manifest['media']['files']} tệp tải lên."
        )
