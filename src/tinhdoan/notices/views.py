"""The notifications page and the bell in the menu."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import selectors, services


@login_required
def notification_bell(request):
    """The bell with the unread count, loaded into the menu by HTMX."""
    return render(request, "notices/_bell.html", {"unread": selectors.unread_count(request.user)})


@login_required
def notification_list(request):
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("notices:list")
    return render(
        request, "notices/list.html", {"notifications": selectors.notifications_for(request.user)}
    )
