from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.twofactor import throttle


@db_periodic_task(crontab(minute="17"))
def forget_old_login_failures() -> int:
    """The throttle looks back a day at most; older failures are deleted (the audit log keeps them)."""
    return throttle.forget_old()
