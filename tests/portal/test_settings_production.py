import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOAD_SETTINGS = "import django; django.setup(); print('started')"


def start_with(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings.production", **env_overrides}
    return subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", LOAD_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.gov.uk"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_settings_refuse_to_start_without_a_required_variable(present, missing):
    result = start_with(present)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_start_when_secrets_are_set():
    result = start_with({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.gov.uk"})

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
