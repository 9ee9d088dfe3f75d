"""Bad input: every call refuses it with `InvalidInput` naming the parameter and sends nothing
(the fake counts every request), with `Seam` and with `AsyncSeam`; a refused configuration
is a `Config` error. The reasons are the core's: only a word of each is checked here."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any, Dict, List, Tuple

import pytest

import seam_core
from seam_core import AccessMethod, AsyncSeam, Seam
from support import API_KEY, CREDENTIAL, IDENTITY, LOBBY, USER, FakeSeam

TRUNCATED = "66666666-6666-6666-6666-66666666"  # the docs' own typo
WHEN = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
CODE = AccessMethod.CODE()

# (call, arguments, the parameter named, a word of the reason)
CASES: List[Tuple[str, Dict[str, Any], str, str]] = [
    ("assign", {"acs_credential_id": CREDENTIAL}, "acs_user_id", "neither"),
    ("assign", {"acs_credential_id": CREDENTIAL, "acs_user_id": USER, "user_identity_id": IDENTITY},
     "acs_user_id", "both"),
    ("assign", {"acs_credential_id": TRUNCATED, "acs_user_id": USER}, "acs_credential_id", "truncated"),
    ("assign", {"acs_credential_id": CREDENTIAL, "user_identity_id": "nope"}, "user_identity_id",
     "8-4-4-4-12"),
    ("unassign", {"acs_credential_id": CREDENTIAL}, "acs_user_id", "neither"),
    ("unassign", {"acs_credential_id": CREDENTIAL, "acs_user_id": USER, "user_identity_id": IDENTITY},
     "acs_user_id", "both"),
    ("unassign", {"acs_credential_id": TRUNCATED, "acs_user_id": USER}, "acs_credential_id", "truncated"),
    ("create", {"access_method": CODE, "acs_user_id": USER, "code": "12a4"}, "code", "digit"),
    ("create", {"access_method": CODE}, "acs_user_id", "neither"),
    ("create", {"access_method": CODE, "user_identity_id": IDENTITY}, "acs_system_id", "required"),
    ("create", {"access_method": CODE, "acs_user_id": USER, "allowed_acs_entrance_ids": [LOBBY, "x"]},
     "allowed_acs_entrance_ids[1]", "8-4-4-4-12"),
    ("create", {"access_method": CODE, "acs_user_id": USER, "starts_at": WHEN, "ends_at": WHEN},
     "ends_at", "after"),
    ("get", {"acs_credential_id": TRUNCATED}, "acs_credential_id", "truncated"),
    ("get", {"acs_credential_id": ""}, "acs_credential_id", "empty"),
    ("list", {"search": ""}, "search", "empty"),
    ("list", {"limit": 0}, "limit", "positive"),
    ("list", {"limit": -1}, "limit", "positive"),
    ("list", {"acs_user_id": "x"}, "acs_user_id", "8-4-4-4-12"),
    ("list_all", {"search": ""}, "search", "empty"),
    ("list_all", {"limit": 0}, "limit", "positive"),
    ("list_all", {"limit": -1}, "limit", "positive"),
    ("update", {"acs_credential_id": CREDENTIAL, "code": "12a4"}, "code", "digit"),
    ("update", {"acs_credential_id": TRUNCATED}, "acs_credential_id", "truncated"),
    ("delete", {"acs_credential_id": TRUNCATED}, "acs_credential_id", "truncated"),
    ("list_accessible_entrances", {"acs_credential_id": "x"}, "acs_credential_id", "8-4-4-4-12"),
]  # fmt: skip
CALLS = {"assign", "unassign", "create", "get", "list", "list_all", "update", "delete",
         "list_accessible_entrances"}  # fmt: skip


def test_every_call_has_a_case() -> None:
    assert {case[0] for case in CASES} == CALLS


def check(error: seam_core.InvalidInput, parameter: str, word: str) -> None:
    assert (error.parameter, word in error.reason) == (parameter, True), repr(error)
    assert str(error) == error.message and parameter in str(error) and error.reason in str(error)


@pytest.mark.parametrize(("name", "kwargs", "parameter", "word"), CASES)
def test_bad_input_is_refused_before_sending(
    fake: FakeSeam, seam: Seam, name: str, kwargs: Dict[str, Any], parameter: str, word: str
) -> None:
    with pytest.raises(seam_core.InvalidInput) as caught:
        # list_all refuses when called, before the first page is asked for.
        getattr(seam.acs.credentials, name)(**kwargs)
    check(caught.value, parameter, word)
    assert fake.count() == 0


@pytest.mark.parametrize(("name", "kwargs", "parameter", "word"), CASES)
def test_bad_input_is_refused_before_sending_async(
    fake: FakeSeam, async_seam: AsyncSeam, name: str, kwargs: Dict[str, Any], parameter: str,
    word: str,
) -> None:
    async def call() -> None:
        result = getattr(async_seam.acs.credentials, name)(**kwargs)
        if name != "list_all":
            await result

    with pytest.raises(seam_core.InvalidInput) as caught:
        asyncio.run(call())
    check(caught.value, parameter, word)
    assert fake.count() == 0


def test_arguments_are_keyword_only(fake: FakeSeam, seam: Seam, async_seam: AsyncSeam) -> None:
    with pytest.raises(TypeError):
        seam.acs.credentials.assign(USER, CREDENTIAL)  # type: ignore[misc]
    with pytest.raises(TypeError):
        seam.acs.credentials.get(CREDENTIAL)  # type: ignore[misc]
    with pytest.raises(TypeError):
        seam.acs.credentials.get(acs_credential_id=CREDENTIAL, other=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):  # as for any coroutine, when it runs
        asyncio.run(async_seam.acs.credentials.get(CREDENTIAL))  # type: ignore[misc]
    with pytest.raises(TypeError):
        Seam(API_KEY)  # type: ignore[misc]
    assert fake.count() == 0


@pytest.mark.parametrize(
    ("options", "word"),
    [
        ({"api_key": "seam_cst1_token"}, "client session token"),
        ({"api_key": "seam_pk1_token"}, "publishable key"),
        ({"api_key": "eyJhbGciOiJIUzI1NiJ9.e30.x"}, "JWT"),
        ({"api_key": "seam_at1_token"}, "personal access token"),
        ({}, "SEAM_API_KEY"),
        ({"api_key": API_KEY, "personal_access_token": "seam_at1_token"}, "only one"),
        ({"personal_access_token": "seam_at1_token"}, "workspace"),
        ({"api_key": API_KEY, "endpoint": "http://example.com"}, "loopback"),
        ({"api_key": API_KEY, "max_retries": -1}, "max_retries"),
        ({"api_key": API_KEY, "max_retries": 11}, "max_retries"),
        ({"api_key": API_KEY, "timeout": 0}, "timeout"),
    ],
)
def test_a_refused_configuration_is_a_config_error(options: Dict[str, Any], word: str) -> None:
    for client in (Seam, AsyncSeam):
        with pytest.raises(seam_core.Config) as caught:
            client(**options)
        e = caught.value
        assert word in e.reason, e.reason
        assert str(e) == e.message and e.reason in str(e)
        for secret in ("seam_cst1_token", "seam_pk1_token", "seam_at1_token", API_KEY):
            assert secret not in str(e) and secret not in repr(e)


@pytest.mark.parametrize("worker_threads", [0, -1, 1025])
def test_worker_threads_out_of_range_is_a_config_error(worker_threads: int) -> None:
    with pytest.raises(seam_core.Config) as caught:
        AsyncSeam(api_key=API_KEY, worker_threads=worker_threads)
    assert "worker_threads" in caught.value.reason


@pytest.mark.parametrize("timeout", [-1.0, float("nan"), float("inf"), 1e300])
def test_a_timeout_python_cannot_pass_on_is_a_value_error(timeout: float) -> None:
    # Python's timedelta (NaN, infinity, too large) or UniFFI (negative) refuses it before the
    # core sees it; 0 is the core's to refuse (above).
    with pytest.raises((ValueError, OverflowError)):
        Seam(api_key=API_KEY, timeout=timeout)
