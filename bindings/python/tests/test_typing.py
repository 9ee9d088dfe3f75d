"""A user's script that calls assign, reads fields and catches each exception class passes
`mypy --strict` against the installed package; a wrong one does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

HERE = Path(__file__).resolve().parent / "typing"


@pytest.fixture(scope="module")
def mypy(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], subprocess.CompletedProcess]:
    # One cache for both runs (the second reuses the standard library's), outside the tree.
    cache = tmp_path_factory.mktemp("mypy-cache")

    def run(script: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), str(script)],
            capture_output=True,
            text=True,
            cwd=HERE,
        )

    return run


def test_a_typed_user_script_passes_mypy_strict(mypy: Callable[[Path], subprocess.CompletedProcess]) -> None:
    result = mypy(HERE / "user_script.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_type_errors_in_a_user_script_are_caught(mypy: Callable[[Path], subprocess.CompletedProcess]) -> None:
    result = mypy(HERE / "wrong_script.py")
    assert result.returncode == 1, result.stdout + result.stderr
    # Each marked line is reported, and nothing else.
    expected = {
        i + 1
        for i, line in enumerate((HERE / "wrong_script.py").read_text().splitlines())
        if line.rstrip().endswith("# error")
    }
    reported = {
        int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line
    }
    assert reported == expected, result.stdout
