import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.ingest.reading import ReadError
from tinhdoan.ingest.services import ingest_file


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày đăng “{value}” không đúng dạng YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Đọc một bài báo hoặc thông báo (.txt, .docx, .html, .pdf) thành bản ghi nháp."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp cần đọc.")
        parser.add_argument("--json", action="store_true", help="In bản ghi dạng JSON.")
        parser.add_argument("--published", help="Ngày đăng của trang (YYYY-MM-DD).")

    def handle(self, *args, **options):
        published = _date(options["published"]) if options["published"] else None
        try:
            record = ingest_file(options["file"], published=published)
        except ReadError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(record, ensure_ascii=False, indent=2))
            return
        self._write_summary(record)

    def _write_summary(self, record):
        lines = [
            f"Tiêu đề: {record['title'] or '—'}",
            f"Ngày làm việc: {record['meeting_date'] or '—'} ({record['meeting_date_text'] or ''})",
            f"Kỳ đánh giá: {record['period_reviewed'] or '—'}",
            f"Đơn vị làm việc: {record['host_organization'] or '—'}",
            f"Lãnh đạo: {len(record['leaders'])}, kết quả: {len(record['achievements'])}, "
            f"đại hội: {len(record['congresses'])}, chỉ đạo: {len(record['directives'])}, "
            f"kiến nghị: {len(record['recommendations'])}",
        ]
        lines += [f"Cảnh báo: {warning}" for warning in record["warnings"]]
        self.stdout.write("\n".join(lines))
