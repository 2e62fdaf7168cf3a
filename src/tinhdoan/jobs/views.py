"""The job page, refreshed by HTMX while the job runs, and the user's list of jobs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@login_required
@require_GET
def job_detail(request, pk: int):
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    if request.htmx:
        return render(request, "jobs/_job.html", {"job": job})
    return render(request, "jobs/job.html", {"job": job})


@login_required
@require_GET
def job_list(request):
    return render(request, "jobs/list.html", {"jobs": selectors.jobs_for_user(request.user)})
