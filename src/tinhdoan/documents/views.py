"""A unit's issued documents and their files, rendered from the version kept at issue."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from tinhdoan.accounts.permissions import scope_for, unit_get_for_user
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.ratelimits import rate_limited

from .models import IssuedDocument
from .render import CONTENT_TYPES, RENDERERS
from .selectors import documents_of


@login_required
def unit_documents(request, code: str):
    unit = unit_get_for_user(user=request.user, code=code)
    return render(
        request,
        "documents/unit_documents.html",
        {"unit": unit, "documents": documents_of(unit=unit), "formats": list(RENDERERS)},
    )


@login_required
@rate_limited("report")
def document_file(request, pk: int, fmt: str):
    issued = IssuedDocument.objects.select_related("unit").filter(pk=pk).first()
    if issued is None or fmt not in RENDERERS or not scope_for(request.user).can_read(issued.unit):
        raise Http404
    response = HttpResponse(RENDERERS[fmt](issued.document()), content_type=CONTENT_TYPES[fmt])
    name = f"{issued.unit.code}-{issued.year}-{issued.number:03d}.{fmt}"
    response["Content-Disposition"] = content_disposition(name)
    return response
