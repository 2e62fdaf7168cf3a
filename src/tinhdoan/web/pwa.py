"""The Progressive Web App shell: the manifest and the service worker.

Both are served by views rather than as static files: the service worker must come from
the site root to control the grids' addresses, and both name the hashed static files and
the translated application name.
"""

import json

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The grid of a unit for a period, `reporting:grid`: the only pages kept for offline use.
GRID_PATH_PATTERN = r"^/programs/[^/]+/[0-9]+/[^/]+/[^/]+/$"
# Pages, scripts and styles the grid needs when the network is cut.
SHELL_ASSETS = (
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "htmx/htmx.min.js",
    "tinhdoan/site.css",
    "tinhdoan/pwa.js",
    "tinhdoan/icon.svg",
    "org/picker.js",
    "reporting/grid.css",
    "reporting/grid.js",
    "reporting/offline.js",
)
CACHE_VERSION = "1"


@require_GET
def service_worker(request):
    """The service worker, in the root scope; it holds nothing of the user's own."""
    body = render_to_string(
        "web/pwa/sw.js",
        {
            "cache_version": CACHE_VERSION,
            "shell": json.dumps([static(path) for path in SHELL_ASSETS]),
            "grid_pattern": json.dumps(GRID_PATH_PATTERN),
            "static_prefix": json.dumps(static("")),
            "logout": json.dumps(reverse("logout")),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # A new version of the worker is picked up at the next visit.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    """The web app manifest: installable on a phone's home screen, opening on the to-do."""
    data = {
        "name": _("Youth Union information system"),
        "short_name": _("Youth Union"),
        "lang": "vi",
        "start_url": reverse("web:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4ea2",
        "icons": [
            {"src": static("tinhdoan/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {
                "src": static("tinhdoan/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
