from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tinhdoan.accounts.permissions import scope_for, top_readable_units
from tinhdoan.org import selectors
from tinhdoan.org.forms import AsOfForm


@login_required
def home(request):
    form = AsOfForm(request.GET or None)
    day = form.day()
    roots = selectors.units_with_children_flag(
        top_readable_units(request.user).valid_on(day).order_by("kind", "name"), day=day
    )
    return render(
        request,
        "web/home.html",
        {
            "form": form,
            "day": day,
            "units": roots,
            "memberships": scope_for(request.user).memberships,
        },
    )
