"""The official Python SDK (PyPI ``seam``), used exactly as a user would, against fake-seam.

Proves the fake speaks the real protocol: if the official SDK needs something from the
server, the fix belongs in the fake, never in the SDK.

Run: ``cargo build -p fake-seam && pytest tests/official-python`` (``FAKE_SEAM_BIN``
overrides the binary, default ``target/debug/fake-seam`` under the repo root).
"""

import json
import os
import subprocess
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest
import seam
from seam import Seam

REPO_ROOT = Path(__file__).resolve().parents[2]
FAKE_SEAM_BIN = os.environ.get(
    "FAKE_SEAM_BIN", str(REPO_ROOT / "target" / "debug" / "fake-seam")
)

WORKSPACE = "00000000-0000-0000-0000-000000000000"
API_KEY = "seam_apikey1_token"
PERSONAL_ACCESS_TOKEN = "seam_at1_token"
USER = "33333333-3333-3333-3333-333333333333"
CREDENTIAL = "66666666-6666-6666-6666-666666666666"
MISSING = "12345678-1234-1234-1234-123456789012"

# Our control calls must not go through a proxy either.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def server():
    if not os.access(FAKE_SEAM_BIN, os.X_OK):
        pytest.fail(f"no fake-seam binary at {FAKE_SEAM_BIN}: run `cargo build -p fake-seam`")
    process = subprocess.Popen(
        [FAKE_SEAM_BIN, "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), f"unexpected first line {url!r}"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    # The SDK reads its configuration (and httpx its proxies) from the environment.
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


def control(url, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url + path, data=data, method=method, headers={"content-type": "application/json"}
    )
    with _direct.open(request, timeout=10) as response:
        return json.load(response)


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
    process = subprocess.Popen([FAKE_SEAM_BIN, "--tls"], stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("https://127.0.0.1:")
        client = Seam(api_key=API_KEY, endpoint=url)

        with pytest.raises(Exception) as raised:
            client.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)

        assert "CERTIFICATE_VERIFY_FAILED" in str(raised.value)
    finally:
        process.terminate()
        process.wait(timeout=10)
