from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """Liveness for a load balancer or a process monitor: the app answers, nothing else is read."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
