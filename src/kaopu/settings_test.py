"""Settings for the test suite: plain HTTP for the test client and tasks run in the calling thread."""

from __future__ import annotations

import os

os.environ.setdefault("KAOPU_INSECURE_HTTP", "1")
os.environ.setdefault("KAOPU_MANIFEST_STATIC", "0")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")
os.environ.setdefault("HUEY_IMMEDIATE", "1")
# A fixed audit key, and no checkpoint file: test databases come and go, and a checkpoint in var/ would
# make another test's `audit verify` compare its fresh database with a stranger's log. Tests of the
# checkpoints point AUDIT_CHECKPOINT_FILE at a file of their own.
os.environ.setdefault("KAOPU_AUDIT_KEY", "kaopu-test-audit-key")
os.environ.setdefault("KAOPU_AUDIT_CHECKPOINT_FILE", "")

from kaopu.settings import *  # noqa: F403

# One test database per test process, so that several test runs on one machine (developers, CI,
# pytest-xdist workers) never create and drop each other's database.
if DATABASES["default"]["ENGINE"] == "kaopu.core.postgresql":  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    # The test database is thrown away: a commit need not wait for the write-ahead log to reach the disk
    # (PostgreSQL's synchronous_commit, for this connection only; a crash loses the last commits, never
    # consistency). The live-server (browser) tests and the migrations commit thousands of times.
    # Production settings keep the default.
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()

# The ~3000 tests that log in with client.force_login would all be sent to enrolment: no role requires
# a second factor here. The two-factor tests require it themselves (policy rows or override_settings).
KAOPU_TWO_FACTOR_REQUIRED_ROLES: list[str] = []
