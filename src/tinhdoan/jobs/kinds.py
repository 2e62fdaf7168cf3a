"""What each kind of job runs: the apps that own the work register it when they are ready
(`AppConfig.ready`), so this app, below them, starts their work without importing them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """What a job that succeeded tells its owner, and where its result is."""

    summary: str
    result_url: str = ""
    result_label: str = ""
    warnings: tuple[str, ...] = ()


# A job's work: takes the job, reports progress through `services.job_progress`, returns its
# Outcome or raises a DomainError whose messages are the job's errors.
Work = Callable[..., Outcome]

_WORK: dict[str, Work] = {}


def job_kind_register(kind: str, work: Work) -> None:
    _WORK[kind] = work


def work_for(kind: str) -> Work:
    return _WORK[kind]
