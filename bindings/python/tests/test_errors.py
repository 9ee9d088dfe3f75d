"""The exception classes (each the core's variant, with its fields and its sentence), and the
error of every call against fake-seam."""

from __future__ import annotations

import asyncio
import inspect
import json
import pickle
from typing import Any, Dict, List, Tuple

import pytest

import seam_core
from seam_core import AccessMethod, AsyncSeam, Seam
from seam_core._ffi import seam_core as ffi
from support import API_KEY, CREDENTIAL, MISSING, SYSTEM, USER, FakeSeam

VARIANTS = ["InvalidInput", "Config", "Unauthorized", "Api", "InvalidResponse", "Timeout", "Network",
            "ActionAttemptFailed", "ActionAttemptTimeout"]  # fmt: skip


def test_every_variant_of_the_core_is_a_subclass_with_the_generated_fields() -> None:
    generated = {
        name
        for name, member in vars(ffi.SeamError).items()
        if isinstance(member, type) and issubclass(member, ffi.SeamError)
    }
    assert generated == set(VARIANTS)
    for name in VARIANTS:
        cls = getattr(seam_core, name)
        assert issubclass(cls, seam_core.SeamError) and issubclass(cls, Exception)
        assert getattr(seam_core.SeamError, name) is cls
        # The annotations (for type checkers) are the generated fields, in the UDL's order.
        ffi_fields = list(inspect.signature(getattr(ffi.SeamError, name).__init__).parameters)[1:]
        assert list(cls.__annotations__) == ffi_fields, name
        assert cls.__doc__ == inspect.cleandoc(getattr(ffi.SeamError, name).__doc__)


def test_an_error_carries_its_fields_its_sentence_and_pickles(fake: FakeSeam, seam: Seam) -> None:
    with pytest.raises(seam_core.Api) as caught:
        seam.acs.credentials.assign(acs_user_id=MISSING, acs_credential_id=CREDENTIAL)
    e = caught.value
    assert (e.status_code, e.code, e.validation_errors) == (404, "acs_user_not_found", {})
    assert e.request_id is not None and e.request_id in str(e) and e.reason in str(e)
    assert str(e) == e.message
    assert repr(e) == (
        f"Api({e.message!r}, status_code=404, code='acs_user_not_found', reason={e.reason!r}, "
        f"request_id={e.request_id!r}, validation_errors={{}})"
    )
    copy = pickle.loads(pickle.dumps(e))
    assert (type(copy), str(copy), vars(copy)) == (seam_core.Api, str(e), vars(e))
    # Ours, not the generated class, with nothing chained.
    assert not isinstance(e, ffi.SeamError)
    assert e.__cause__ is None and e.__suppress_context__


def test_unauthorized_never_shows_the_key(fake: FakeSeam) -> None:
    seam = Seam(api_key="seam_wrong_key", endpoint=fake.url)
    with pytest.raises(seam_core.Unauthorized) as caught:
        seam.acs.credentials.get(acs_credential_id=CREDENTIAL)
    e = caught.value
    assert e.request_id is not None and e.request_id in str(e)
    assert "seam_wrong_key" not in str(e) and "seam_wrong_key" not in repr(e)


def test_validation_errors_reach_python(fake: FakeSeam, seam: Seam) -> None:
    body = {"error": {"type": "invalid_input", "message": "Required",
                      "validation_errors": {"_errors": [], "code": {"_errors": ["Required"]}}},
            "ok": False}  # fmt: skip
    fake.fault(route="/acs/credentials/update", status=400, body=json.dumps(body))
    with pytest.raises(seam_core.SeamError.Api) as caught:
        seam.acs.credentials.update(acs_credential_id=CREDENTIAL, code="1234")
    assert (caught.value.code, caught.value.validation_errors) == ("invalid_input", {"code": ["Required"]})


# The error the fake answers for each call: (call, arguments, status, code).
NOT_FOUND: List[Tuple[str, Dict[str, Any], int, str]] = [
    ("assign", {"acs_user_id": MISSING, "acs_credential_id": CREDENTIAL}, 404, "acs_user_not_found"),
    ("unassign", {"acs_user_id": USER, "acs_credential_id": MISSING}, 404, "acs_credential_not_found"),
    ("create", {"access_method": AccessMethod.CODE(), "acs_user_id": USER, "acs_system_id": MISSING},
     404, "acs_system_not_found"),
    ("get", {"acs_credential_id": MISSING}, 404, "acs_credential_not_found"),
    ("list", {"page_cursor": "not-a-cursor"}, 400, "invalid_input"),
    ("update", {"acs_credential_id": MISSING, "code": "1234"}, 404, "acs_credential_not_found"),
    ("delete", {"acs_credential_id": MISSING}, 404, "acs_credential_not_found"),
    ("list_accessible_entrances", {"acs_credential_id": MISSING}, 404, "acs_credential_not_found"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "kwargs", "status", "code"), NOT_FOUND)
def test_the_error_of_every_call(
    fake: FakeSeam, seam: Seam, name: str, kwargs: Dict[str, Any], status: int, code: str
) -> None:
    with pytest.raises(seam_core.Api) as caught:
        getattr(seam.acs.credentials, name)(**kwargs)
    assert (caught.value.status_code, caught.value.code) == (status, code)

    async def awaited() -> None:
        await getattr(AsyncSeam(api_key=API_KEY, endpoint=fake.url).acs.credentials, name)(**kwargs)

    with pytest.raises(seam_core.Api) as caught_async:
        asyncio.run(awaited())
    assert (caught_async.value.status_code, caught_async.value.code) == (status, code)


def test_list_all_raises_from_the_page_that_failed(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url, max_retries=0)
    # The first page goes through (a fault without an answer only shapes the delivery); the
    # second, fetched while the first is read, fails.
    fake.fault(route="/acs/credentials/list", delay_ms=0)
    fake.fault(route="/acs/credentials/list", status=500, body="")
    pages = seam.acs.credentials.list_all(limit=4, acs_system_id=SYSTEM)
    assert next(pages) is not None
    for _ in range(3):
        next(pages)  # the rest of the first page, already fetched
    with pytest.raises(seam_core.Api) as caught:
        next(pages)
    assert caught.value.status_code == 500


def test_async_list_all_raises_from_the_page_that_failed(fake: FakeSeam) -> None:
    async def main() -> List[str]:
        seen: List[str] = []
        client = AsyncSeam(api_key=API_KEY, endpoint=fake.url)
        fake.fault(route="/acs/credentials/list", status=200, body="<html>")
        async for credential in client.acs.credentials.list_all():
            seen.append(credential.acs_credential_id)
        return seen

    with pytest.raises(seam_core.InvalidResponse) as caught:
        asyncio.run(main())
    assert caught.value.status_code == 200 and "JSON" in caught.value.reason


def test_invalid_response_timeout_and_network(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url, timeout=1.0, max_retries=0)
    fake.fault(status=200, body="<html>not json</html>")
    with pytest.raises(seam_core.InvalidResponse) as invalid:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    assert invalid.value.status_code == 200 and invalid.value.reason in str(invalid.value)
    fake.fault(delay_ms=3000)
    with pytest.raises(seam_core.Timeout) as timeout:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    assert timeout.value.reason in str(timeout.value)
    fake.fault(mode="reset")
    with pytest.raises(seam_core.Network) as network:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    assert network.value.reason in str(network.value)
