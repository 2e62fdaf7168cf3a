"""The administration site's words in this system's vocabulary.

Django's own Vietnamese catalogue names the admin's activity log "Bản ghi nhớ" and a log entry
"đăng nhập". The project catalogue is read before Django's, so these strings, translated there,
make the admin say "Nhật ký" as every other page does. Only listed here to reach the catalogue.
"""

from django.utils.translation import gettext_noop

ADMIN_WORDS = (
    gettext_noop("History"),
    gettext_noop("Change history: %s"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
)
