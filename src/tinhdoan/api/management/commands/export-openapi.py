import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from tinhdoan.api.openapi import openapi_schema_text


class Command(BaseCommand):
    help = "Ghi lược đồ OpenAPI của /api/v1/ ra tệp (hoặc màn hình)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path)

    def handle(self, *args, output, **options):
        text = openapi_schema_text()
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Đã ghi {output}.")
        else:
            sys.stdout.write(text)
