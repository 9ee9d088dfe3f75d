"""Fixtures: a fake-seam server per test and clients of it.

fake-seam is the workspace's binary (`FAKE_SEAM_BIN`, default `target/debug/fake-seam` under
the repository root). A test that cannot start it fails: nothing here is ever skipped, and a
skipped test fails the run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, List

import pytest

import seam_core
from seam_core import AsyncSeam, Seam
from support import API_KEY, FakeSeam


@pytest.fixture
def fake() -> Iterator[FakeSeam]:
    server = FakeSeam()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def server() -> Iterator[FakeSeam]:
    """One fake-seam for a whole module, for tests that share its state on purpose."""
    fake = FakeSeam()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def seam(fake: FakeSeam) -> Seam:
    return Seam(api_key=API_KEY, endpoint=fake.url)


@pytest.fixture
def async_seam(fake: FakeSeam) -> AsyncSeam:
    return AsyncSeam(api_key=API_KEY, endpoint=fake.url)


@pytest.fixture(autouse=True)
def no_seam_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No SEAM_* variable from the caller's environment leaks into a test."""
    for name in list(os.environ):
        if name.startswith("SEAM_"):
            monkeypatch.delenv(name)
    return monkeypatch


def pytest_sessionstart(session: pytest.Session) -> None:
    # The installed package, with its native library, is under test; never the source tree.
    package = Path(seam_core.__file__).resolve().parent
    if not (package / "_ffi").is_dir():
        raise pytest.UsageError(f"seam_core is imported from {package}, which has no _ffi/")


_skipped: List[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A skipped test is a test that did not pass.
    if _skipped and session.exitstatus == 0:
        session.exitstatus = 1
        print(f"\nskipped tests count as failures here: {_skipped}")
