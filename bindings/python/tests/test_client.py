"""The clients: credentials (arguments, environment, client session), what reaches the wire,
the Python surface (repr, namespaces, timeout in seconds)."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Callable, Dict

import pytest

import seam_core
from seam_core import AccessMethod, AsyncSeam, Seam
from support import (
    AKILES, API_KEY, CLIENT_SESSION_TOKEN, CREDENTIAL, IDENTITY, PAT, PIN, USER, WARNINGS, WORKSPACE, FakeSeam,
    ids,
)  # fmt: skip


def test_assign_sends_the_documented_request(fake: FakeSeam, seam: Seam) -> None:
    seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    last = fake.last()
    assert (last["method"], last["path"]) == ("PATCH", "/acs/credentials/assign")
    assert json.loads(last["body"]) == {"acs_user_id": USER, "acs_credential_id": CREDENTIAL}
    assert last["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert "seam-workspace" not in last["headers"]


def test_the_environment_is_read_when_no_credential_is_given(
    fake: FakeSeam, no_seam_env: pytest.MonkeyPatch
) -> None:
    no_seam_env.setenv("SEAM_PERSONAL_ACCESS_TOKEN", PAT)
    no_seam_env.setenv("SEAM_WORKSPACE_ID", WORKSPACE)
    no_seam_env.setenv("SEAM_ENDPOINT", fake.url)
    assert Seam().endpoint == fake.url
    Seam().acs.credentials.get(acs_credential_id=CREDENTIAL)
    headers = fake.last()["headers"]
    assert (headers["authorization"], headers["seam-workspace"]) == (f"Bearer {PAT}", WORKSPACE)


CALLS: Dict[str, Dict[str, Any]] = {
    "assign": {"acs_user_id": USER, "acs_credential_id": PIN},
    "unassign": {"acs_user_id": USER, "acs_credential_id": PIN},
    "create": {"access_method": AccessMethod.CODE(), "acs_user_id": USER},
    "get": {"acs_credential_id": PIN},
    "update": {"acs_credential_id": PIN, "code": "1234"},
    "delete": {"acs_credential_id": PIN},
    "list_accessible_entrances": {"acs_credential_id": PIN},
}


def test_a_client_session_lists_its_user_credentials_only(fake: FakeSeam) -> None:
    seam = Seam(client_session_token=CLIENT_SESSION_TOKEN, endpoint=fake.url)
    mine = ids(seam.acs.credentials.list().acs_credentials)
    everyone = Seam(api_key=API_KEY, endpoint=fake.url).acs.credentials.list().acs_credentials
    janes = [c.acs_credential_id for c in everyone
             if c.acs_user_id == USER or c.user_identity_id == IDENTITY]  # fmt: skip
    assert mine == janes == [AKILES, WARNINGS, PIN]  # newest first
    assert ids(seam.acs.credentials.list_all(limit=1)) == mine
    headers = fake.requests()["last"]["headers"]
    assert headers["authorization"] == f"Bearer {CLIENT_SESSION_TOKEN}"
    assert headers["client-session-token"] == CLIENT_SESSION_TOKEN


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_client_session_may_do_nothing_else(fake: FakeSeam, name: str) -> None:
    seam = Seam(client_session_token=CLIENT_SESSION_TOKEN, endpoint=fake.url)
    with pytest.raises(seam_core.Api) as caught:
        getattr(seam.acs.credentials, name)(**CALLS[name])
    assert (caught.value.status_code, caught.value.code) == (403, "forbidden")
    assert CLIENT_SESSION_TOKEN not in str(caught.value) + repr(caught.value)


def test_the_client_shows_its_endpoint_but_never_its_credentials(fake: FakeSeam) -> None:
    for client in (Seam, AsyncSeam):
        seam = client(api_key=API_KEY, endpoint=fake.url + "/")
        assert seam.endpoint == fake.url
        assert repr(seam) == f"{client.__name__}(endpoint={fake.url!r})"
        assert API_KEY not in repr(seam) + repr(seam.acs) + repr(seam.acs.credentials)


def test_the_namespaces_are_made_once(seam: Seam, async_seam: AsyncSeam) -> None:
    assert seam.acs is seam.acs and seam.acs.credentials is seam.acs.credentials
    assert async_seam.acs.credentials is async_seam.acs.credentials
    with pytest.raises(AttributeError):
        seam.acs = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        seam.acs.credentials = None  # type: ignore[misc]


def test_a_call_is_one_native_call(monkeypatch: pytest.MonkeyPatch, seam: Seam) -> None:
    # A call crosses the FFI once (its arguments and its answer as JSON); the namespaces are
    # not asked for again per call.
    made: Dict[str, int] = {"call": 0}
    original: Callable[..., Any] = seam_core._ffi.seam_core.Seam.call

    def counting(self: Any, *args: Any) -> Any:
        made["call"] += 1
        return original(self, *args)

    monkeypatch.setattr(seam_core._ffi.seam_core.Seam, "call", counting)
    for _ in range(3):
        seam.acs.credentials.get(acs_credential_id=CREDENTIAL)
    assert made == {"call": 3}


def test_timeout_is_in_seconds(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url, timeout=0.5, max_retries=0)
    fake.fault(delay_ms=3000)
    started = time.monotonic()
    with pytest.raises(seam_core.Timeout):
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    assert time.monotonic() - started < 1.5
    fake.fault(delay_ms=300)
    roomy = Seam(api_key=API_KEY, endpoint=fake.url, timeout=5)
    assert roomy.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL).acs_user_id == USER


def test_an_async_call_past_the_timeout_is_a_timeout(fake: FakeSeam) -> None:
    async def main() -> None:
        client = AsyncSeam(api_key=API_KEY, endpoint=fake.url, timeout=0.5, max_retries=0)
        fake.fault(route="/acs/credentials/get", delay_ms=3000)
        started = time.monotonic()
        with pytest.raises(seam_core.Timeout):
            await client.acs.credentials.get(acs_credential_id=CREDENTIAL)
        assert time.monotonic() - started < 1.5

    asyncio.run(main())


def test_the_version_is_the_core_one_and_the_one_sent(fake: FakeSeam, seam: Seam) -> None:
    from importlib.metadata import version

    seam.acs.credentials.get(acs_credential_id=CREDENTIAL)
    assert seam_core.__version__ == version("seam-core")
    assert fake.last()["headers"]["seam-sdk-version"] == seam_core.__version__
