from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.org.personal_data import person_export_json, person_get


class Command(BaseCommand):
    help = "In mọi dữ liệu hệ thống giữ về một người (JSON), theo Nghị định 13/2023/NĐ-CP."

    def add_arguments(self, parser):
        parser.add_argument("id")
        parser.add_argument("--output", type=Path)

    def handle(self, *args, id, output, **options):
        try:
            person = person_get(pk=id)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        text = person_export_json(person=person)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Đã ghi {output}.")
        else:
            self.stdout.write(text)
