from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tinhdoan.accounts.permissions import readable_units, scope_for, unit_get_for_user

from . import selectors
from .forms import AsOfForm, SearchForm


@login_required
def unit_children(request, code):
    """The HTMX partial that expands one node of the tree."""
    unit = unit_get_for_user(user=request.user, code=code)
    form = AsOfForm(request.GET or None)
    day = form.day()
    children = selectors.units_with_children_flag(
        selectors.unit_children(unit=unit, day=day), day=day
    )
    return render(request, "org/_tree_nodes.html", {"units": children, "day": day})


@login_required
def unit_detail(request, code):
    unit = unit_get_for_user(user=request.user, code=code)
    form = AsOfForm(request.GET or None)
    day = form.day()
    scope = scope_for(request.user)
    ancestors = [a for a in selectors.unit_ancestors(unit=unit) if scope.can_read(a)]
    children = selectors.units_with_children_flag(
        selectors.unit_children(unit=unit, day=day), day=day
    )
    lineage = selectors.unit_lineage(unit=unit)
    readable = set(
        readable_units(request.user)
        .filter(
            pk__in=[link.predecessor_id for link in lineage["predecessors"]]
            + [link.successor_id for link in lineage["successors"]]
        )
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "form": form,
            "day": day,
            "ancestors": ancestors,
            "children": children,
            "positions": selectors.positions_on(day=day, unit=unit),
            "predecessors": lineage["predecessors"],
            "successors": lineage["successors"],
            "readable_ids": readable,
            "can_write": scope.can_write(unit),
        },
    )


@login_required
def unit_search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(selectors.unit_search(query=query, units=readable_units(request.user))[:50])
    template = "org/_search_results.html" if request.htmx else "org/search.html"
    return render(request, template, {"form": form, "query": query, "results": results})
