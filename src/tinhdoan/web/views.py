from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tinhdoan.accounts.permissions import scope_for, top_readable_units
from tinhdoan.org import selectors
from tinhdoan.org.forms import AsOfForm
from tinhdoan.todo.selectors import todo_for


@login_required
def home(request):
    """Where every user lands after logging in: the work waiting for them."""
    return render(
        request,
        "web/home.html",
        {"todo": todo_for(request.user), "memberships": scope_for(request.user).memberships},
    )


@login_required
def tree(request):
    form = AsOfForm(request.GET or None)
    day = form.day()
    roots = selectors.units_with_children_flag(
        top_readable_units(request.user).valid_on(day).order_by("kind", "name"), day=day
    )
    return render(
        request,
        "web/tree.html",
        {
            "form": form,
            "day": day,
            "units": roots,
            "memberships": scope_for(request.user).memberships,
        },
    )
