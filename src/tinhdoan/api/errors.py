"""The API's one answer to every refusal: the status of its kind and an `ErrorOut` body."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tinhdoan.lib.errors import DomainError, Refusal
from tinhdoan.lib.http_errors import STATUS_OF, error_body, refusal_headers

from .problems import field_problem

KIND_OF = {status: kind for kind, status in STATUS_OF.items()}


def install_error_handlers(api: NinjaAPI) -> None:
    def answer(request, kind: Refusal, body: dict):
        return api.create_response(request, body, status=STATUS_OF[kind])

    @api.exception_handler(DomainError)
    def on_refusal(request, exc: DomainError):
        body = error_body(exc.kind, exc.messages, warnings=exc.warnings)
        response = answer(request, exc.kind, body)
        for header, value in refusal_headers(exc).items():
            response[header] = value
        return response

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request, exc):
        kind = Refusal.UNAUTHENTICATED
        return answer(request, kind, error_body(kind, [_("Authentication required.")]))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        kind = Refusal.NOT_FOUND
        return answer(request, kind, error_body(kind, [_("Not found.")]))

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        kind = Refusal.INVALID
        problems = [field_problem(error) for error in exc.errors]
        body = error_body(kind, [_("The request is not valid.")], problems)
        return answer(request, kind, body)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        # Ninja's only 400 is a request body that does not parse: answered like any other
        # invalid request, with the status every operation declares.
        if exc.status_code == 400 and exc.__cause__ is not None:
            kind = Refusal.INVALID
            return answer(
                request, kind, error_body(kind, [_("The request body is not valid JSON.")])
            )
        kind = KIND_OF.get(exc.status_code, Refusal.INVALID)
        body = error_body(kind, [str(exc)])
        return api.create_response(request, body, status=exc.status_code)
