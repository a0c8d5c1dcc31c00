"""Settings for the benchmark (bench/run.sh): production settings plus the bare comparison view.

Production in every way that matters to speed (DEBUG off, persistent database connections, the
cached_db session engine, the same middleware), over plain HTTP on 127.0.0.1. The only addition
is one URL, /bench/bare-list/, that renders the enterprise list template from rows held in
memory: the ceiling that the real list pages are measured against. It never enters kaopu.urls.
"""

from __future__ import annotations

import os

os.environ.setdefault("KAOPU_INSECURE_HTTP", "1")
os.environ.setdefault("KAOPU_MANIFEST_STATIC", "0")

from kaopu.settings import *  # noqa: F403
from kaopu.settings import DATABASES

DEBUG = False
ROOT_URLCONF = "kaopu.core.bench_views"
# bench/explain.py replays the measured pages through Django's test client to capture their SQL.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Persistent connections, as behind gunicorn in production (None: never closed by Django).
DATABASES["default"]["CONN_MAX_AGE"] = None
# A benchmark lasts longer than a working session's idle limit.
SESSION_IDLE_MINUTES = 24 * 60
