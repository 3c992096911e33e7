"""How `wait_for_job` paces its polls: 2 s growing to 30 s, never past the deadline."""

from __future__ import annotations

from collections.abc import Callable

from ._base import Clock
from ._errors import JobTimeoutError
from ._models import Job

JobCallback = Callable[[Job], None]


class JobWaiter:
    """Decides after each poll whether to stop (terminal), give up (timeout) or sleep how long."""

    def __init__(
        self,
        job_id: str,
        *,
        timeout: float,
        clock: Clock,
        poll_interval: float = 2.0,
        max_poll_interval: float = 30.0,
        on_update: JobCallback | None = None,
    ) -> None:
        self.job_id = job_id
        self.timeout = timeout
        self.clock = clock
        self.deadline = clock.monotonic() + timeout
        self.delay = poll_interval
        self.max_delay = max(poll_interval, max_poll_interval)
        self.on_update = on_update

    def after_poll(self, job: Job) -> float | None:
        """None when `job` is terminal; otherwise the seconds to sleep before the next poll.

        Raises `JobTimeoutError` once the deadline has passed.
        """
        if self.on_update is not None:
            self.on_update(job)
        if job.is_terminal:
            return None
        remaining = self.deadline - self.clock.monotonic()
        if remaining <= 0:
            raise JobTimeoutError(self.job_id, self.timeout, job)
        sleep = min(self.delay, remaining)
        self.delay = min(self.max_delay, self.delay * 2)
        return sleep
