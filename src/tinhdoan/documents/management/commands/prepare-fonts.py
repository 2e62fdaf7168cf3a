"""`tinhdoan prepare-fonts`: find the PDF fonts and cut Noto Serif's faces at setup, whether it
is the font used or the fallback for characters the first one lacks, so that no request
waits for it."""

import time

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.documents import fonts, metrics


class Command(BaseCommand):
    help = "Chuẩn bị phông chữ cho văn bản PDF (chạy khi cài đặt: make setup)."

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            font_set = fonts.primary_font()
        except fonts.FontUnavailable as exc:
            raise CommandError(str(exc)) from None
        fallbacks = [other.name for other in fonts.installed_fonts() if other != font_set]
        metrics.text_width("Lạng Sơn", 12)
        self.stdout.write(
            f"Phông PDF: {font_set.name}"
            + (f", dự phòng: {', '.join(fallbacks)}" if fallbacks else "")
            + f" ({time.monotonic() - started:.1f} s)."
        )
