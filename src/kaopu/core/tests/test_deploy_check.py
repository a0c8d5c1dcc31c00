"""The production settings pass Django's deployment checklist with no warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _check_deploy(tmp_path, **extra_env: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("KAOPU_", "DJANGO_", "DEBUG", "HUEY_", "WHITENOISE_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "kaopu.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "kaopu.example.gov.cn",
        "KAOPU_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **extra_env,
    })
    return subprocess.run([sys.executable, "-m", "kaopu.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_production_settings_pass_check_deploy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_demo_settings_would_not_pass_check_deploy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The check is real: plain HTTP, as the demo serves, is reported.
    result = _check_deploy(tmp_path, KAOPU_INSECURE_HTTP="1")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr or "W008" in result.stdout + result.stderr
