"""Reading jobs: only their owner (and administrators) see a job."""

from django.http import Http404

from .models import Job


def _can_see_all(user) -> bool:
    return user.is_superuser or user.is_staff


def job_get_for_user(*, user, pk: int) -> Job:
    """The job if the user made it (or administers the system); otherwise 404, the same
    answer as for a job that does not exist."""
    jobs = Job.objects.select_related("unit", "owner")
    if not _can_see_all(user):
        jobs = jobs.filter(owner=user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def jobs_for_user(user, *, limit: int = 50) -> list[Job]:
    """The user's own jobs, newest first."""
    return list(Job.objects.filter(owner=user).select_related("unit")[:limit])
