"""Running a job: in a process of its own, under its limits of processor time and memory.

The worker (`tinhdoan jobs-worker`) claims the job and starts `tinhdoan run-job ID`; that
process sets its limits (`resource.setrlimit`) before the work starts: `JOB_CPU_SECONDS` of
processor time, `JOB_MEMORY_MB` of address space (copied onto the job when it is made). Past the processor
time the kernel stops it (SIGXCPU); past the memory an allocation fails with MemoryError,
and the process leaves with `EXIT_MEMORY`. Either way the work's transaction is never
committed, and the worker ends the job as failed with the limit that stopped it.
"""

import logging
import math
import os
import resource
import signal
import subprocess
import sys

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from tinhdoan.lib.errors import DomainError

from .kinds import work_for
from .models import Job
from .services import job_claim, job_fail, job_succeed

logger = logging.getLogger(__name__)

EXIT_MEMORY = 75
# Seconds between the soft limit's SIGXCPU and the hard limit's SIGKILL.
CPU_GRACE_SECONDS = 5
MB = 1024 * 1024


def job_execute(job_id: int) -> None:
    """Claim the job and run it (in a child process unless `JOB_CHILD_PROCESS` is off); a
    job claimed already is left alone."""
    if not job_claim(job_id):
        return
    job = Job.objects.get(pk=job_id)
    if settings.JOB_CHILD_PROCESS:
        job_run_in_child(job)
    else:
        job_work(job)


def job_run_in_child(job: Job) -> None:
    command = [sys.executable, "-m", "tinhdoan.cli", "run-job", str(job.pk)]
    completed = subprocess.run(command, env=dict(os.environ), capture_output=True, text=True)
    job.refresh_from_db()
    if job.is_finished:
        return
    if completed.stderr:
        logger.warning("job %s stopped (%s): %s", job.pk, completed.returncode, completed.stderr)
    with translation.override(settings.LANGUAGE_CODE):
        job_fail(job, [stop_reason(job, completed.returncode)])


def stop_reason(job: Job, returncode: int) -> str:
    """Why a job's process ended before the job did, for its owner."""
    if returncode == -signal.SIGXCPU:
        return _(
            "The job was stopped: it used more than its limit of %(seconds)s seconds of "
            "processor time. Nothing was saved."
        ) % {"seconds": job.cpu_seconds}
    if returncode == EXIT_MEMORY:
        return _(
            "The job was stopped: it needed more than its limit of %(mb)s MB of memory. "
            "Nothing was saved."
        ) % {"mb": job.memory_mb}
    if returncode == -signal.SIGKILL:
        return _(
            "The job was stopped by the system: it may have gone over its limit of "
            "%(seconds)s seconds of processor time or %(mb)s MB of memory. Nothing was saved."
        ) % {"seconds": job.cpu_seconds, "mb": job.memory_mb}
    return _("The job stopped unexpectedly (exit code %(code)s). Nothing was saved.") % {
        "code": returncode
    }


def limits_apply(job: Job) -> None:
    """Limit this process to the job's processor time (counted from now: starting the
    process is not the job's work) and memory (its whole address space)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(usage.ru_utime + usage.ru_stime) + job.cpu_seconds
    _limit(resource.RLIMIT_CPU, cpu, cpu + CPU_GRACE_SECONDS)
    _limit(resource.RLIMIT_AS, job.memory_mb * MB, job.memory_mb * MB)


def _limit(which: int, soft: int, hard: int) -> None:
    _, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:  # a process may only lower its hard limit
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


def job_work(job: Job) -> None:
    """Do the job's work in this process and end the job with its outcome or its errors.
    MemoryError goes up: the process that ran out of memory leaves (`run-job`)."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            outcome = work_for(job.kind)(job)
        except DomainError as exc:
            job_fail(job, exc.messages)
            return
        except MemoryError:
            raise
        except Exception:
            logger.exception("job %s failed", job.pk)
            job_fail(
                job,
                [
                    _(
                        "The job stopped on an unexpected error; nothing was saved. The "
                        "administrator finds the details in the server's log."
                    )
                ],
            )
            return
        job_succeed(job, outcome)
