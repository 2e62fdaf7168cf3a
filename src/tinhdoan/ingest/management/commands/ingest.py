import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from tinhdoan.ingest.models import DraftError
from tinhdoan.ingest.reading import ReadError, check_size, kind_for_name
from tinhdoan.ingest.services import draft_ingest, ingest_file
from tinhdoan.org.models import Unit


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày đăng “{value}” không đúng dạng YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Đọc một bài báo hoặc thông báo (.txt, .docx, .html, .pdf): với --json in bản ghi; "
        "không có --json thì lưu văn bản và tạo bản nháp buổi làm việc để duyệt."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp cần đọc.")
        parser.add_argument("--json", action="store_true", help="In bản ghi dạng JSON.")
        parser.add_argument("--published", help="Ngày đăng của trang (YYYY-MM-DD).")
        parser.add_argument("--unit", help="Mã đơn vị làm việc (đơn vị chủ nhà), nếu không đoán.")
        parser.add_argument("--user", help="Tên đăng nhập của người đọc văn bản vào hệ thống.")

    def handle(self, *args, **options):
        published = _date(options["published"]) if options["published"] else None
        if not options["json"]:
            self._store(options, published)
            return
        try:
            record = ingest_file(options["file"], published=published)
        except ReadError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(record, ensure_ascii=False, indent=2))

    def _store(self, options, published):
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        host = None
        if options["unit"]:
            host = Unit.objects.filter(code=options["unit"]).first()
            if host is None:
                raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        path = Path(options["file"])
        try:
            kind_for_name(path.name)
            if not path.is_file():
                raise ReadError(f"Không tìm thấy tệp “{path}”.")
            check_size(path.stat().st_size)
            result = draft_ingest(
                actor=actor,
                file_name=path.name,
                data=path.read_bytes(),
                published=published,
                host_unit=host,
            )
        except (ReadError, DraftError) as exc:
            raise CommandError(str(exc)) from None
        draft = result.draft
        with translation.override("vi"):
            status = draft.get_status_display()
        address = reverse("ingest:review", args=[draft.pk])
        if result.created:
            self.stdout.write(f"Đã lưu văn bản và tạo bản nháp số {draft.pk}: {address}")
            self._write_summary(draft.record)
        else:
            self.stdout.write(
                f"Văn bản này đã được đọc: bản nháp số {draft.pk} ({status}): {address}"
            )
        for session in result.sessions:
            if session.pk != draft.session_id:
                self.stdout.write(
                    f"Lưu ý: đã có buổi làm việc từ văn bản này: {session.title} "
                    f"({session.held_at:%d/%m/%Y})"
                )

    def _write_summary(self, record):
        lines = [
            f"Tiêu đề: {record['title'] or '—'}",
            f"Ngày làm việc: {record['meeting_date'] or '—'} ({record['meeting_date_text'] or ''})",
            f"Kỳ đánh giá: {record['period_reviewed'] or '—'}",
            f"Đơn vị làm việc: {record['host_organization'] or '—'}",
            f"Lãnh đạo: {len(record['leaders'])}, kết quả: {len(record['achievements'])}, "
            f"đại hội: {len(record['congresses'])}, nhiệm vụ được giao: {len(record['directives'])}, "
            f"kiến nghị: {len(record['recommendations'])}",
        ]
        lines += [f"Cảnh báo: {warning}" for warning in record["warnings"]]
        self.stdout.write("\n".join(lines))
