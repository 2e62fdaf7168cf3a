"""The pages' one answer to a refusal that no view showed in place."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

from tinhdoan.lib.errors import DomainError, Refusal
from tinhdoan.lib.http_errors import http_status, refusal_headers


class RefusalMiddleware:
    """A `DomainError` escaping a view: the 404 page for what is missing or out of scope
    (answered alike), otherwise a page saying why, with the status of its kind. An HTMX
    request gets the reason alone, to show where it asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError) or request.path_info.startswith("/api/"):
            return None
        if exception.kind is Refusal.NOT_FOUND:
            return page_not_found(request, exception)
        status = http_status(exception)
        if getattr(request, "htmx", False):
            response = HttpResponse(" ".join(exception.messages), status=status)
        else:
            context = {"messages_refused": exception.messages, "status": status}
            response = render(request, "web/refused.html", context, status=status)
        for header, value in refusal_headers(exception).items():
            response[header] = value
        return response
