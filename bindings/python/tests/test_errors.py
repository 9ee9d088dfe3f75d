"""Each exception class, its attributes and its text (the core's Display sentence)."""

from __future__ import annotations

import inspect
import json
import pickle

import pytest

import seam_core
from seam_core import Seam
from seam_core._errors import _VARIANTS
from seam_core._ffi import seam_core as ffi
from support import API_KEY, CREDENTIAL, MISSING, USER, FakeSeam

VARIANTS = ["InvalidInput", "Config", "Unauthorized", "Api", "InvalidResponse", "Timeout", "Network"]


def test_every_variant_of_the_core_is_a_subclass_of_seam_error() -> None:
    generated = {
        name
        for name, member in vars(ffi.SeamError).items()
        if isinstance(member, type) and issubclass(member, ffi.SeamError)
    }
    assert generated == set(VARIANTS)
    assert {cls.__name__ for cls in _VARIANTS.values()} == generated
    assert issubclass(seam_core.SeamError, Exception)
    for name in VARIANTS:
        cls = getattr(seam_core, name)
        assert issubclass(cls, seam_core.SeamError)
        assert getattr(seam_core.SeamError, name) is cls
        # The variant's fields are its keyword arguments, as the UDL names them.
        fields = [
            p.name
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        ffi_fields = list(inspect.signature(getattr(ffi.SeamError, name).__init__).parameters)[1:]
        assert fields == ffi_fields
        # Docs come from the UDL.
        assert cls.__doc__ and cls.__doc__ == inspect.cleandoc(getattr(ffi.SeamError, name).__doc__)


def test_unauthorized_carries_the_request_id(fake: FakeSeam) -> None:
    seam = Seam(api_key="seam_wrong_key", endpoint=fake.url)
    with pytest.raises(seam_core.Unauthorized) as caught:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    e = caught.value
    assert e.request_id is not None and e.request_id.startswith("request")
    assert str(e) == (
        "unauthorized: Seam did not accept the API key or personal access token (HTTP 401)"
        f" (request id: {e.request_id})"
    )
    assert e.message == str(e)
    assert "seam_wrong_key" not in str(e) and "seam_wrong_key" not in repr(e)
    assert isinstance(e, seam_core.SeamError)


@pytest.mark.parametrize(
    ("user", "credential", "code", "reason_word"),
    [
        (MISSING, CREDENTIAL, "acs_user_not_found", "acs_user"),
        (USER, MISSING, "acs_credential_not_found", "acs_credential"),
    ],
)
def test_unknown_ids_are_not_found(
    seam: Seam, user: str, credential: str, code: str, reason_word: str
) -> None:
    with pytest.raises(seam_core.Api) as caught:
        seam.acs.credentials.assign(acs_user_id=user, acs_credential_id=credential)
    e = caught.value
    assert (e.status_code, e.code) == (404, code)
    assert e.request_id is not None
    assert reason_word in e.reason
    assert e.validation_errors == {}
    assert str(e) == f"Seam API error {code} (HTTP 404): {e.reason} (request id: {e.request_id})"


def test_invalid_input_carries_the_validation_messages(fake: FakeSeam, seam: Seam) -> None:
    body = {
        "error": {
            "type": "invalid_input",
            "message": 'Required for "acs_user_id"',
            "validation_errors": {"_errors": [], "acs_user_id": {"_errors": ["Required"]}},
        },
        "ok": False,
    }
    fake.fault(status=400, body=json.dumps(body))
    with pytest.raises(seam_core.SeamError.Api) as caught:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    e = caught.value
    assert (e.status_code, e.code) == (400, "invalid_input")
    assert e.reason == 'Required for "acs_user_id"'
    assert e.validation_errors == {"acs_user_id": ["Required"]}
    assert str(e).startswith('Seam API error invalid_input (HTTP 400): Required for "acs_user_id"')


def test_the_docs_truncated_uuid_is_refused_before_sending(fake: FakeSeam, seam: Seam) -> None:
    with pytest.raises(seam_core.InvalidInput) as caught:
        seam.acs.credentials.assign(
            acs_user_id=USER, acs_credential_id="66666666-6666-6666-6666-66666666"
        )
    e = caught.value
    assert e.parameter == "acs_credential_id"
    assert "truncated" in e.reason
    assert str(e) == f"invalid acs_credential_id: {e.reason}"
    assert fake.assign_count() == 0


def test_a_lone_surrogate_is_invalid_input_and_sends_nothing(fake: FakeSeam, seam: Seam) -> None:
    with pytest.raises(seam_core.InvalidInput) as caught:
        seam.acs.credentials.assign(acs_user_id="\ud800", acs_credential_id=CREDENTIAL)
    assert caught.value.parameter == "acs_user_id"
    assert str(caught.value).startswith("invalid acs_user_id: ")
    assert fake.assign_count() == 0


def test_arguments_are_keyword_only_strings(fake: FakeSeam, seam: Seam) -> None:
    with pytest.raises(TypeError):
        seam.acs.credentials.assign(USER, CREDENTIAL)  # type: ignore[misc]
    with pytest.raises(TypeError):
        seam.acs.credentials.assign(acs_user_id=None, acs_credential_id=CREDENTIAL)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Seam(API_KEY)  # type: ignore[misc]
    assert fake.assign_count() == 0


def test_invalid_response_timeout_and_network(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url, timeout=1.0, max_retries=0)
    fake.fault(status=200, body="<html>not json</html>")
    with pytest.raises(seam_core.InvalidResponse) as invalid:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    e = invalid.value
    assert e.status_code == 200 and "not JSON" in e.reason and e.request_id is not None
    assert str(e) == (
        f"invalid response from Seam (HTTP 200): {e.reason} (request id: {e.request_id})"
    )

    fake.fault(delay_ms=3000)
    with pytest.raises(seam_core.Timeout) as timeout:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    assert str(timeout.value) == f"timed out: {timeout.value.reason}"

    fake.fault(mode="reset")
    with pytest.raises(seam_core.Network) as network:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    assert str(network.value) == f"network error: {network.value.reason}"


def test_config_errors_are_raised_by_the_constructor(no_seam_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(seam_core.Config) as caught:
        Seam()
    e = caught.value
    for name in ("SEAM_API_KEY", "SEAM_PERSONAL_ACCESS_TOKEN", "SEAM_WORKSPACE_ID"):
        assert name in e.reason
    assert str(e) == f"configuration error: {e.reason}"


def test_errors_pickle_and_repr_with_their_fields(fake: FakeSeam, seam: Seam) -> None:
    with pytest.raises(seam_core.Api) as caught:
        seam.acs.credentials.assign(acs_user_id=MISSING, acs_credential_id=CREDENTIAL)
    e = caught.value
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is seam_core.Api
    assert (str(copy), vars(copy)) == (str(e), vars(e))
    assert repr(e).startswith(f"Api({str(e)!r}, status_code=404, code='acs_user_not_found', ")


def test_the_generated_error_never_leaks(fake: FakeSeam, seam: Seam) -> None:
    # The package raises its own classes, not the generated ones, and hides the chain.
    with pytest.raises(seam_core.SeamError) as caught:
        seam.acs.credentials.assign(acs_user_id=MISSING, acs_credential_id=CREDENTIAL)
    assert not isinstance(caught.value, ffi.SeamError)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_an_internal_error_of_the_bindings_is_still_a_seam_error(
    monkeypatch: pytest.MonkeyPatch, seam: Seam
) -> None:
    def broken(*args: object) -> None:
        raise ffi.InternalError("boom")

    native = seam.acs.credentials._native
    monkeypatch.setattr(type(native), "acs_credentials_assign", broken)
    with pytest.raises(seam_core.SeamError) as caught:
        seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
    assert str(caught.value) == "internal error in seam-core: boom"
    assert isinstance(caught.value.__cause__, ffi.InternalError)
