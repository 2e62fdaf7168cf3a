"""Refuse, for the whole API, text that no database column can hold."""

import re

from django.http import JsonResponse
from django.utils.translation import gettext as _

from tinhdoan.lib.errors import Refusal
from tinhdoan.lib.http_errors import error_body

# A JSON string escape for U+0000 whose backslash is not itself escaped.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def holds_nul(request) -> bool:
    """Whether the path, the query, a form field or a JSON body holds U+0000."""
    if "\x00" in request.path_info:
        return True
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return request.content_type == "application/json" and bool(_JSON_NUL.search(request.body))


class RefuseNulMiddleware:
    """Answer 422 to an API request holding a NUL character, before any view reads it.

    PostgreSQL refuses NUL in text; SQLite would store it and cut the text short elsewhere.
    Pages need no such check: Django's form fields refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/") and holds_nul(request):
            message = _("Text cannot contain the NUL character (\\x00).")
            return JsonResponse(error_body(Refusal.INVALID, [message]), status=422)
        return self.get_response(request)
