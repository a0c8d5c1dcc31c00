"""The ``kaopu`` command: Django's management commands, with Kaopu's settings preselected.

``kaopu demo``, ``kaopu seed --enterprises N``, ``kaopu audit verify``, ``kaopu migrate``, ``kaopu
run_huey`` and every other management command run as ``kaopu <command> [options]``.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo serves plain HTTP on 127.0.0.1 with static files straight from the packages.
        for name, value in {"KAOPU_INSECURE_HTTP": "1", "KAOPU_MANIFEST_STATIC": "0",
                            "WHITENOISE_USE_FINDERS": "1"}.items():
            os.environ.setdefault(name, value)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kaopu", *sys.argv[1:]])


if __name__ == "__main__":
    main()
