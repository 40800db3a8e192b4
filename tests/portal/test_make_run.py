"""`make run PORT=…` serves the portal's links on the port it serves on."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")


def _run_commands(*arguments: str) -> list[str]:
    # Fixed arguments and a dry run: make prints the commands and runs none of them.
    result = subprocess.run(  # noqa: S603
        [MAKE, "--dry-run", "--always-make", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


def test_each_command_of_make_run_takes_its_base_url_from_the_port():
    commands = _run_commands("PORT=8300")

    assert len(commands) == 3
    for command in commands:
        assert 'PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:8300}"' in command
    assert commands[-1].endswith("runserver 127.0.0.1:8300")
