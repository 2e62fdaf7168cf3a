"""`tinhdoan restore FILE`: put back the database and uploaded files of a backup archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tinhdoan.ops.backup import BackupError, backup_restore
from tinhdoan.rollup.freshness import refresh_pending


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và các tệp tải lên từ một tệp sao lưu. Dừng máy chủ trước: "
        "dữ liệu hiện có bị thay thế toàn bộ."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sao lưu (.tar.gz) do `tinhdoan backup` tạo.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Không hỏi xác nhận.",
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if options["interactive"]:
            answer = input(
                f"Toàn bộ dữ liệu hiện có sẽ bị thay bằng dữ liệu trong {archive}. "
                "Gõ 'yes' để tiếp tục: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Đã hủy: không thay đổi gì.")
        try:
            manifest = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest['created_at']}: {rows} dòng, "
            f"{manifest['media']['files']} tệp tải lên; số dòng từng bảng đã được kiểm lại."
        )
        if manifest["media_kept_at"]:
            self.stdout.write(f"Các tệp tải lên trước đó được giữ ở {manifest['media_kept_at']}.")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write(
                "Phần mềm mới hơn bản sao lưu, hãy chạy: tinhdoan migrate, "
                "rồi tinhdoan rollup --stale để tính lại số liệu tổng hợp."
            )
            return
        done = refresh_pending()
        self.stdout.write(f"Số liệu tổng hợp chính xác ({len(done)} kỳ được tính lại).")
