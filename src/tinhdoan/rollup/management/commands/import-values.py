"""`tinhdoan import-values`: it saves values, which rolls them up, so it is rollup's
(`saving.values_import_file`), like `import-units` for the tree."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import Program
from tinhdoan.programs.selectors import parse_program_key
from tinhdoan.rollup.saving import values_import_file


class Command(BaseCommand):
    help = (
        "Nhập số liệu từ tệp CSV hoặc XLSX (unit_code, target_code, period_code, value, comment) "
        "vào một chương trình; tất cả hoặc không gì cả."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--program", required=True, help="ĐƠN_VỊ:NĂM, ví dụ TDLS:2017")
        parser.add_argument(
            "--user", default=None, help="nhập với quyền của người dùng này (mặc định: hệ thống)"
        )
        parser.add_argument("--reason", default="", help="lý do, ghi vào lịch sử thay đổi")

    def handle(self, *args, file: Path, program: str, user: str | None, reason: str, **options):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            unit_code, year = parse_program_key(program)
        except ProgramsError as exc:
            raise CommandError(str(exc)) from exc
        found = Program.objects.select_related("unit").filter(unit__code=unit_code, year=year)
        if not found:
            raise CommandError(f"Không có chương trình {program}.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {user}.")
        try:
            result = values_import_file(
                user=actor,
                program=found[0],
                filename=file.name,
                data=file.read_bytes(),
                reason=reason,
            )
        except (ProgramsError, Http404) as exc:
            messages = getattr(exc, "messages", [str(exc)])
            for message in messages:
                self.stderr.write(message)
            raise CommandError(
                f"Không nhập tệp {file.name}: {len(messages)} lỗi; không có gì được ghi."
            ) from exc
        for warning in result.warnings:
            self.stderr.write(f"Cảnh báo: {warning}")
        self.stdout.write(
            f"Đã nhập {file.name}: {result.created} số liệu mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi."
        )
