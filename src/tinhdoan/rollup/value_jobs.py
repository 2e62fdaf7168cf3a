"""Large files of values, imported as background jobs (`tinhdoan.jobs`).

A file past the limits `job_values_bytes` or `job_values_rows` (`lib/limits.py`) is stored
with its job and imported by the worker through the same `saving.values_import_file` as a
small one, which answers at once on the grid; the job page shows its progress and links
back to the grid.
"""

from django.utils.translation import gettext as _

from tinhdoan.jobs.kinds import Outcome
from tinhdoan.jobs.models import Job, JobKind
from tinhdoan.jobs.queue import job_start
from tinhdoan.jobs.services import job_progress
from tinhdoan.lib.limits import needs_job
from tinhdoan.lib.tabular import TableError, table_kind
from tinhdoan.org.models import Unit
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import Program

from .saving import IMPORT_STEPS, values_import_file


def values_import_needs_job(file_name: str, data: bytes) -> bool:
    return needs_job(file_name, data, size="job_values_bytes", lines="job_values_rows")


def values_import_start(
    *, user, program: Program, unit: Unit, file_name: str, data: bytes, grid_url: str
) -> Job:
    """Queue the import; a file that is not a table at all is refused at once (ProgramsError)."""
    try:
        table_kind(file_name, data)
    except TableError as exc:
        raise ProgramsError(str(exc)) from None
    return job_start(
        kind=JobKind.VALUES_IMPORT,
        owner=user,
        unit=unit,
        payload={"program": program.pk, "grid_url": grid_url},
        file_name=file_name,
        data=data,
    )


def values_import_work(job: Job) -> Outcome:
    program = Program.objects.select_related("unit").get(pk=job.payload["program"])
    with job.input_file.open("rb") as stored:
        data = stored.read()

    def progress(done: int, stage: str) -> None:
        job_progress(job, done=done, total=IMPORT_STEPS, stage=stage)

    result = values_import_file(
        user=job.owner, program=program, filename=job.input_name, data=data, progress=progress
    )
    summary = _(
        "Imported %(name)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged."
    ) % {
        "name": job.input_name,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    return Outcome(
        summary=summary,
        result_url=job.payload.get("grid_url", ""),
        result_label=_("Open the grid"),
        warnings=tuple(result.warnings),
    )
