"""Fixtures of the official-SDK tests: one fake-seam per module, reset before each test, and
an environment without the variables the SDK (and httpx) would read."""

import pytest

from official_support import control, start_fake_seam, stop


@pytest.fixture(scope="module")
def server():
    process, url = start_fake_seam()
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "SEAM_API_KEY",
        "SEAM_PERSONAL_ACCESS_TOKEN",
        "SEAM_WORKSPACE_ID",
        "SEAM_ENDPOINT",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def url(server):
    control(server, "POST", "/_fake/reset")
    return server
