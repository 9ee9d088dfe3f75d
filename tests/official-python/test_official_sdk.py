"""The official Python SDK (PyPI ``seam``), used exactly as a user would, against fake-seam.

Proves the fake speaks the real protocol: if the official SDK needs something from the
server, the fix belongs in the fake, never in the SDK.

Run: ``cargo build -p fake-seam && pytest tests/official-python`` (``FAKE_SEAM_BIN``
overrides the binary, default ``target/debug/fake-seam`` under the repo root). The fixtures
are in conftest.py; every route of the workflow is in test_every_route.py.
"""

import json
from importlib.metadata import version

import pytest
import seam
from seam import Seam

from official_support import control, start_fake_seam, stop

WORKSPACE = "00000000-0000-0000-0000-000000000000"
API_KEY = "seam_apikey1_token"
PERSONAL_ACCESS_TOKEN = "seam_at1_token"
CLIENT_SESSION_TOKEN = "seam_cst1_token"
ACS_SYSTEM = "11111111-1111-1111-1111-111111111111"
USER = "33333333-3333-3333-3333-333333333333"
OTHER_USER = "44444444-4444-4444-4444-444444444444"
USER_IDENTITY = "55555555-5555-5555-5555-555555555555"
LOBBY = "aaaaaaaa-0000-0000-0000-000000000001"
GYM = "aaaaaaaa-0000-0000-0000-000000000003"
CREDENTIAL = "66666666-6666-6666-6666-666666666666"
FUTURE_CREDENTIAL = "77777777-7777-7777-7777-777777777777"
PIN_CREDENTIAL = "88888888-8888-8888-8888-888888888888"
VISIONLINE_CREDENTIAL = "99999999-9999-9999-9999-999999999999"
WARNINGS_CREDENTIAL = "b1b1b1b1-b1b1-b1b1-b1b1-b1b1b1b1b1b1"
AKILES_CREDENTIAL = "a1a1a1a1-a1a1-a1a1-a1a1-a1a1a1a1a1a1"
ODD_VALUES_CREDENTIAL = "d1d1d1d1-d1d1-d1d1-d1d1-d1d1d1d1d1d1"
SEEDED_CREDENTIALS = 9
MISSING = "12345678-1234-1234-1234-123456789012"


def test_assign_succeeds_and_sends_what_the_api_expects(url):
    client = Seam(api_key=API_KEY, endpoint=url)

    result = client.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)

    assert result is None  # the official SDK drops the returned credential
    recorded = control(url, "GET", "/_fake/requests")
    assert recorded["counts"] == {"PATCH /acs/credentials/assign": 1}
    last = recorded["last"]
    assert last["method"] == "PATCH"
    assert last["path"] == "/acs/credentials/assign"
    assert json.loads(last["body"]) == {"acs_user_id": USER, "acs_credential_id": CREDENTIAL}
    headers = last["headers"]
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["content-type"] == "application/json"
    assert headers["seam-sdk-name"] == "seamapi/python"
    assert headers["seam-sdk-version"] == version("seam")


def test_personal_access_token_with_workspace(url):
    client = Seam(personal_access_token=PERSONAL_ACCESS_TOKEN, workspace_id=WORKSPACE, endpoint=url)

    client.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)

    headers = control(url, "GET", "/_fake/requests")["last"]["headers"]
    assert headers["authorization"] == f"Bearer {PERSONAL_ACCESS_TOKEN}"
    assert headers["seam-workspace"] == WORKSPACE


def test_wrong_key_raises_unauthorized_with_request_id(url):
    client = Seam(api_key="seam_wrongkey1_token", endpoint=url)

    with pytest.raises(seam.SeamHttpUnauthorizedError) as raised:
        client.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)

    error = raised.value
    assert isinstance(error, seam.SeamHttpApiError)
    assert error.status_code == 401
    assert error.code == "unauthorized"
    assert error.request_id is not None and error.request_id.startswith("request")


def test_unknown_user_raises_api_error(url):
    client = Seam(api_key=API_KEY, endpoint=url)

    with pytest.raises(seam.SeamHttpApiError) as raised:
        client.acs.credentials.assign(acs_user_id=MISSING, acs_credential_id=CREDENTIAL)

    error = raised.value
    assert error.code == "acs_user_not_found"
    assert error.status_code == 404
    assert str(error) == "acs_user not found"
    assert error.request_id.startswith("request")


def test_invalid_uuid_raises_invalid_input(url):
    client = Seam(api_key=API_KEY, endpoint=url)

    with pytest.raises(seam.SeamHttpInvalidInputError) as raised:
        client.acs.credentials.assign(acs_user_id="not-a-uuid", acs_credential_id=CREDENTIAL)

    error = raised.value
    assert error.status_code == 400
    assert error.get_validation_error_messages("acs_user_id") == ["Invalid uuid"]
    assert [v.parameter_name for v in error.validation_errors] == ["acs_user_id"]


def test_injected_503_is_not_retried_for_patch(url):
    control(url, "POST", "/_fake/faults", {"route": "/acs/credentials/assign", "status": 503, "count": 3})
    client = Seam(api_key=API_KEY, endpoint=url)

    with pytest.raises(seam.SeamHttpApiError) as raised:
        client.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)

    assert raised.value.status_code == 503
    assert raised.value.code == "service_unavailable"
    # The official SDK retries only idempotent methods, and PATCH isn't one to it.
    assert control(url, "GET", "/_fake/requests")["counts"] == {"PATCH /acs/credentials/assign": 1}


def test_self_signed_tls_is_rejected():
    process, url = start_fake_seam("--tls")
    try:
        assert url.startswith("https://127.0.0.1:")
        client = Seam(api_key=API_KEY, endpoint=url)

        with pytest.raises(Exception) as raised:
            client.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)

        assert "CERTIFICATE_VERIFY_FAILED" in str(raised.value)
    finally:
        stop(process)


def ids(credentials):
    return [c.acs_credential_id for c in credentials]


def test_full_lifecycle_with_the_sdks_own_methods(url):
    client = Seam(api_key=API_KEY, endpoint=url)
    credentials = client.acs.credentials

    created = credentials.create(
        access_method="code",
        acs_user_id=OTHER_USER,
        code="2468",
        allowed_acs_entrance_ids=[LOBBY, GYM],
        starts_at="2030-01-01T00:00:00.000Z",
        ends_at="2030-01-08T00:00:00.000Z",
    )
    new_id = created.acs_credential_id
    assert created.display_name == "PIN Code Credential"
    assert (created.access_method, created.code, created.acs_user_id) == ("code", "2468", OTHER_USER)
    assert (created.starts_at, created.ends_at) == ("2030-01-01T00:00:00.000Z", "2030-01-08T00:00:00.000Z")
    assert created.acs_system_id == ACS_SYSTEM and created.is_managed is True
    assert created.errors == [] and created.warnings == []

    assert credentials.assign(acs_credential_id=new_id, acs_user_id=USER) is None
    mine = credentials.get(acs_credential_id=new_id)
    assert (mine.acs_user_id, mine.user_identity_id) == (USER, USER_IDENTITY)
    credentials.assign(acs_credential_id=new_id, acs_user_id=OTHER_USER)
    assert credentials.get(acs_credential_id=new_id).user_identity_id is None
    credentials.assign(acs_credential_id=new_id, user_identity_id=USER_IDENTITY)
    by_identity = credentials.get(acs_credential_id=new_id)
    assert (by_identity.acs_user_id, by_identity.user_identity_id) == (USER, USER_IDENTITY)

    everything = ids(credentials.list())
    assert len(everything) == SEEDED_CREDENTIALS + 1 and everything[0] == new_id
    assert ids(credentials.list(acs_user_id=USER)) == [new_id, WARNINGS_CREDENTIAL, PIN_CREDENTIAL]
    assert ids(credentials.list(user_identity_id=USER_IDENTITY)) == [
        new_id,
        AKILES_CREDENTIAL,
        WARNINGS_CREDENTIAL,
        PIN_CREDENTIAL,
    ]
    assert ids(credentials.list(is_multi_phone_sync_credential=True)) == [CREDENTIAL]
    assert ids(credentials.list(created_before="2024-04-21T09:59:00.000Z")) == [PIN_CREDENTIAL, CREDENTIAL]
    assert ids(credentials.list(search="guest", acs_system_id=ACS_SYSTEM)) == [VISIONLINE_CREDENTIAL]

    # The SDK's paginator, a page at a time and flattened: each credential exactly once.
    paginator = client.create_paginator(credentials.list, {"limit": 1})
    page, pagination = paginator.first_page()
    walked = ids(page)
    while pagination.has_next_page:
        assert pagination.next_page_url.startswith(url + "/acs/credentials/list?")
        page, pagination = paginator.next_page(pagination.next_page_cursor)
        assert len(page) == 1
        walked += ids(page)
    assert pagination.next_page_cursor is None and pagination.next_page_url is None
    assert walked == everything
    assert ids(client.create_paginator(credentials.list, {"limit": 3}).flatten_to_list()) == everything

    assert credentials.update(acs_credential_id=new_id, code="5678", ends_at="2030-02-01T00:00:00.000Z") is None
    updated = credentials.get(acs_credential_id=new_id)
    assert (updated.code, updated.ends_at) == ("5678", "2030-02-01T00:00:00.000Z")

    entrances = credentials.list_accessible_entrances(acs_credential_id=new_id)
    assert [e.display_name for e in entrances] == ["Lobby", "Gym"]
    assert entrances[0].visionline_metadata.door_name == "Lobby"

    assert credentials.unassign(acs_credential_id=new_id, user_identity_id=USER_IDENTITY) is None
    unassigned = credentials.get(acs_credential_id=new_id)
    assert (unassigned.acs_user_id, unassigned.user_identity_id) == (None, None)

    assert credentials.delete(acs_credential_id=new_id) is None
    with pytest.raises(seam.SeamHttpApiError) as raised:
        credentials.get(acs_credential_id=new_id)
    assert (raised.value.status_code, raised.value.code) == (404, "acs_credential_not_found")
    assert len(credentials.list()) == SEEDED_CREDENTIALS

    # The semantic methods the SDK chose, as the fake saw them.
    counts = control(url, "GET", "/_fake/requests")["counts"]
    assert {key.split(" ")[0] for key in counts} == {"GET", "POST", "PATCH", "DELETE"}
    assert counts["POST /acs/credentials/create"] == 1
    assert counts["PATCH /acs/credentials/assign"] == 3
    assert counts["PATCH /acs/credentials/update"] == 1
    assert counts["PATCH /acs/credentials/unassign"] == 1
    assert counts["DELETE /acs/credentials/delete"] == 1
    assert counts["GET /acs/credentials/list_accessible_entrances"] == 1
    credentials.get(acs_credential_id=PIN_CREDENTIAL)
    last = control(url, "GET", "/_fake/requests")["last"]
    assert last["target"] == f"/acs/credentials/get?acs_credential_id={PIN_CREDENTIAL}&_strict=true"


def test_the_sdk_reads_every_seeded_credential(url):
    client = Seam(api_key=API_KEY, endpoint=url)

    listed = client.acs.credentials.list()

    assert len(listed) == SEEDED_CREDENTIALS
    future = client.acs.credentials.get(acs_credential_id=FUTURE_CREDENTIAL)
    assert future.access_method == "quantum_link"  # not in the SDK's Literal, passed through
    warnings = client.acs.credentials.get(acs_credential_id=WARNINGS_CREDENTIAL).warnings
    assert len(warnings) == 7
    assert (warnings[6].original_code, warnings[6].new_code) == ("4321", "4322")
    odd = client.acs.credentials.get(acs_credential_id=ODD_VALUES_CREDENTIAL)
    assert (odd.starts_at, odd.ends_at, odd.issued_at) == ("2024-04-12T03:56:22+0000", "next tuesday", "2024-04-12")
    assert odd.visionline_metadata.card_function_type is None
    assert odd.visionline_metadata.card_id == "7"


def test_invalid_list_parameters_raise_invalid_input(url):
    client = Seam(api_key=API_KEY, endpoint=url)

    with pytest.raises(seam.SeamHttpInvalidInputError) as raised:
        client.acs.credentials.list(limit=0)
    assert raised.value.get_validation_error_messages("limit") == ["Number must be greater than 0"]

    with pytest.raises(seam.SeamHttpInvalidInputError) as raised:
        client.acs.credentials.list(page_cursor="not-issued")
    assert raised.value.get_validation_error_messages("page_cursor") == ["Invalid page cursor"]


def test_client_session_lists_only_its_users_credentials(url):
    # The Python SDK has no client-session constructor; its httpx headers option sends one as
    # the JavaScript SDK does, in both headers.
    session_headers = {
        "authorization": f"Bearer {CLIENT_SESSION_TOKEN}",
        "client-session-token": CLIENT_SESSION_TOKEN,
    }
    client = Seam(api_key=API_KEY, endpoint=url, httpx_options={"headers": session_headers})

    assert ids(client.acs.credentials.list()) == [AKILES_CREDENTIAL, WARNINGS_CREDENTIAL, PIN_CREDENTIAL]
    with pytest.raises(seam.SeamHttpApiError) as raised:
        client.acs.credentials.get(acs_credential_id=PIN_CREDENTIAL)
    assert (raised.value.status_code, raised.value.code) == (403, "forbidden")
