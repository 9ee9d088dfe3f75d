"""Configuration (arguments and environment variables), the request sent, and the client's
Python surface."""

from __future__ import annotations

import json
import math
import time

import pytest

import seam_core
from seam_core import Seam
from support import API_KEY, ASSIGN, CREDENTIAL, PAT, USER, WORKSPACE, FakeSeam


def assign(seam: Seam) -> seam_core.AcsCredential:
    return seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)


def test_sends_the_documented_request(fake: FakeSeam, seam: Seam) -> None:
    assign(seam)
    last = fake.last()
    assert (last["method"], last["path"]) == ("POST", ASSIGN)
    assert json.loads(last["body"]) == {"acs_user_id": USER, "acs_credential_id": CREDENTIAL}
    headers = last["headers"]
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["content-type"] == "application/json"
    assert headers["seam-sdk-name"] == "seam-core"
    assert "seam-workspace" not in headers


def test_no_arguments_reads_the_environment(fake: FakeSeam, no_seam_env: pytest.MonkeyPatch) -> None:
    no_seam_env.setenv("SEAM_API_KEY", API_KEY)
    no_seam_env.setenv("SEAM_ENDPOINT", fake.url)
    seam = Seam()
    assert seam.endpoint == fake.url
    assert assign(seam).acs_user_id == USER
    assert fake.last()["headers"]["authorization"] == f"Bearer {API_KEY}"


def test_a_token_and_workspace_from_the_environment(
    fake: FakeSeam, no_seam_env: pytest.MonkeyPatch
) -> None:
    no_seam_env.setenv("SEAM_PERSONAL_ACCESS_TOKEN", PAT)
    no_seam_env.setenv("SEAM_WORKSPACE_ID", WORKSPACE)
    no_seam_env.setenv("SEAM_ENDPOINT", fake.url)
    assign(Seam())
    headers = fake.last()["headers"]
    assert headers["authorization"] == f"Bearer {PAT}"
    assert headers["seam-workspace"] == WORKSPACE


def test_arguments_win_over_the_environment(
    fake: FakeSeam, no_seam_env: pytest.MonkeyPatch
) -> None:
    no_seam_env.setenv("SEAM_API_KEY", "seam_wrong_key")
    no_seam_env.setenv("SEAM_ENDPOINT", "http://127.0.0.1:9")
    assign(Seam(api_key=API_KEY, endpoint=fake.url))
    assert fake.last()["headers"]["authorization"] == f"Bearer {API_KEY}"


def test_a_personal_access_token_sends_its_workspace(
    fake: FakeSeam, no_seam_env: pytest.MonkeyPatch
) -> None:
    seam = Seam(personal_access_token=PAT, workspace_id=WORKSPACE, endpoint=fake.url)
    assert assign(seam).acs_user_id == USER
    headers = fake.last()["headers"]
    assert headers["authorization"] == f"Bearer {PAT}"
    assert headers["seam-workspace"] == WORKSPACE


def test_a_token_for_another_workspace_is_unauthorized(
    fake: FakeSeam, no_seam_env: pytest.MonkeyPatch
) -> None:
    seam = Seam(
        personal_access_token=PAT,
        workspace_id="12345678-1234-1234-1234-123456789012",
        endpoint=fake.url,
    )
    with pytest.raises(seam_core.Unauthorized):
        assign(seam)


@pytest.mark.parametrize(
    ("kwargs", "reason_contains"),
    [
        ({}, "SEAM_API_KEY"),
        ({"api_key": API_KEY, "personal_access_token": PAT}, "only one"),
        ({"personal_access_token": PAT}, "workspace"),
        ({"personal_access_token": PAT, "workspace_id": "ws"}, "workspace_id"),
        ({"api_key": PAT}, "personal_access_token"),
        ({"api_key": "seam_a b"}, "api_key"),
        ({"api_key": API_KEY, "endpoint": "http://example.com"}, "loopback"),
        ({"api_key": API_KEY, "endpoint": "example.com"}, "endpoint"),
        ({"api_key": API_KEY, "timeout": 0}, "timeout"),
        ({"api_key": API_KEY, "timeout": -1.5}, "timeout"),
        ({"api_key": API_KEY, "timeout": math.nan}, "timeout"),
        ({"api_key": API_KEY, "timeout": math.inf}, "timeout"),
        ({"api_key": API_KEY, "timeout": 1e300}, "timeout"),
        ({"api_key": API_KEY, "max_retries": 11}, "max_retries"),
        ({"api_key": API_KEY, "max_retries": -1}, "max_retries"),
        ({"api_key": API_KEY, "max_retries": 2**40}, "max_retries"),
        ({"api_key": "seam_\udc80"}, "api_key"),
    ],
)
def test_a_refused_configuration_is_a_config_error(
    no_seam_env: pytest.MonkeyPatch, kwargs: dict, reason_contains: str
) -> None:
    with pytest.raises(seam_core.Config) as caught:
        Seam(**kwargs)
    e = caught.value
    assert reason_contains in e.reason, e.reason
    assert str(e) == f"configuration error: {e.reason}"
    for secret in (API_KEY, PAT):
        assert secret not in str(e) and secret not in repr(e)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"api_key": 42},
        {"api_key": API_KEY, "timeout": "5"},
        {"api_key": API_KEY, "timeout": True},
        {"api_key": API_KEY, "max_retries": 1.5},
        {"api_key": API_KEY, "max_retries": True},
    ],
)
def test_a_wrong_type_is_a_type_error(no_seam_env: pytest.MonkeyPatch, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        Seam(**kwargs)


def test_timeout_is_in_seconds(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url, timeout=0.5, max_retries=0)
    fake.fault(delay_ms=3000)
    started = time.monotonic()
    with pytest.raises(seam_core.Timeout):
        assign(seam)
    assert time.monotonic() - started < 1.5
    # An int is seconds too, and a roomy timeout lets a slow answer through.
    fake.fault(delay_ms=300)
    assert assign(Seam(api_key=API_KEY, endpoint=fake.url, timeout=5)).acs_user_id == USER


def test_the_client_shows_its_endpoint_but_never_its_credentials(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url + "/")
    assert seam.endpoint == fake.url
    assert repr(seam) == f"Seam(endpoint={fake.url!r})"
    assert API_KEY not in repr(seam) and API_KEY not in repr(seam.acs.credentials)
    token = Seam(personal_access_token=PAT, workspace_id=WORKSPACE, endpoint=fake.url)
    assert PAT not in repr(token)


def test_the_namespace_is_built_once(seam: Seam) -> None:
    assert seam.acs is seam.acs
    assert seam.acs.credentials is seam.acs.credentials
    with pytest.raises(AttributeError):
        seam.acs = None  # type: ignore[misc]
