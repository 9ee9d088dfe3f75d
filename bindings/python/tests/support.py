"""What the tests share: the seed's ids, a fake-seam process and its control endpoints."""

from __future__ import annotations

import asyncio
import datetime
import inspect
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import seam_core
from seam_core import AsyncSeam

REPO_ROOT = Path(__file__).resolve().parents[3]

API_KEY = "seam_apikey1_token"
PAT = "seam_at1_token"
CLIENT_SESSION_TOKEN = "seam_cst1_token"  # Jane's (identity IDENTITY, ACS user USER)
CLIENT_SESSION = "c5c5c5c5-c5c5-c5c5-c5c5-c5c5c5c5c5c5"
PUBLISHABLE_KEY = "seam_pk1_token"
WORKSPACE = "00000000-0000-0000-0000-000000000000"
SYSTEM = "11111111-1111-1111-1111-111111111111"
ANNEX = "12121212-1212-1212-1212-121212121212"
ACCOUNT = "22222222-2222-2222-2222-222222222222"
USER = "33333333-3333-3333-3333-333333333333"  # Jane
OTHER_USER = "44444444-4444-4444-4444-444444444444"  # John
IDENTITY = "55555555-5555-5555-5555-555555555555"  # Jane's
UNLINKED_IDENTITY = "56565656-5656-5656-5656-565656565656"  # Sam: no ACS user
UNMANAGED_IDENTITY = "57575757-5757-5757-5757-575757575757"  # Uma
CREDENTIAL_MANAGER = "14141414-1414-1414-1414-141414141414"
STAFF = "abababab-abab-abab-abab-abababababab"  # access group: opens Lobby and Gym, no members
ENCODER = "ecececec-ecec-ecec-ecec-ecececececec"
UNMANAGED_GRANT = "a6a6a6a6-a6a6-a6a6-a6a6-a6a6a6a6a6a6"  # Sam's, to the Lobby
UNMANAGED_METHOD = "a3a3a3a3-a3a3-a3a3-a3a3-a3a3a3a3a3a3"
LOBBY = "aaaaaaaa-0000-0000-0000-000000000001"
ROOM_101 = "aaaaaaaa-0000-0000-0000-000000000002"
GYM = "aaaaaaaa-0000-0000-0000-000000000003"
CREDENTIAL = "66666666-6666-6666-6666-666666666666"  # the docs' mobile key
FUTURE = "77777777-7777-7777-7777-777777777777"
PIN = "88888888-8888-8888-8888-888888888888"
VISIONLINE = "99999999-9999-9999-9999-999999999999"
VOSTIO = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
WARNINGS = "b1b1b1b1-b1b1-b1b1-b1b1-b1b1b1b1b1b1"
CLOUD_KEY = "c1c1c1c1-c1c1-c1c1-c1c1-c1c1c1c1c1c1"
AKILES = "a1a1a1a1-a1a1-a1a1-a1a1-a1a1a1a1a1a1"
ODD_VALUES = "d1d1d1d1-d1d1-d1d1-d1d1-d1d1d1d1d1d1"
SEEDED = [CREDENTIAL, FUTURE, PIN, VISIONLINE, VOSTIO, WARNINGS, CLOUD_KEY, AKILES, ODD_VALUES]
MISSING = "12345678-1234-1234-1234-123456789012"

ASSIGN = "/acs/credentials/assign"
# The control calls must not go through a proxy from the environment.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fake_seam_bin() -> Path:
    return Path(os.environ.get("FAKE_SEAM_BIN") or REPO_ROOT / "target" / "debug" / "fake-seam")


class FakeSeam:
    """A running fake-seam process (its own state) and its control endpoints."""

    def __init__(self) -> None:
        binary = fake_seam_bin()
        if not binary.is_file():
            raise RuntimeError(f"fake-seam not found at {binary}: build it (scripts/test does)")
        # Files, not pipes: nothing can block on a full pipe.
        self._stdout = tempfile.TemporaryFile()
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [str(binary), "--port", "0"], stdout=self._stdout, stderr=self._stderr
        )
        self.url = self._read_url()

    def _read_url(self) -> str:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self._stdout.seek(0)
            first = self._stdout.readline()
            if first.endswith(b"\n"):
                return first.decode().strip()
            if self._process.poll() is not None:
                break
            time.sleep(0.01)
        self.stop()
        raise RuntimeError("fake-seam did not start")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._stdout.close()
        self._stderr.close()

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"content-type": "application/json"}
        )
        with _direct.open(request, timeout=10) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else None

    def fault(self, route: str = ASSIGN, **fault: Any) -> None:
        """Queues a fault (POST /_fake/faults); on the assign route unless told."""
        self._control("POST", "/_fake/faults", {"route": route, **fault})

    def requests(self) -> Dict[str, Any]:
        """GET /_fake/requests: counts per method and path, and the last request."""
        result: Dict[str, Any] = self._control("GET", "/_fake/requests")
        return result

    def last(self) -> Dict[str, Any]:
        last: Dict[str, Any] = self.requests()["last"]
        return last

    def count(self, route: Optional[str] = None) -> int:
        """How many requests (any method) reached `route`, or any route."""
        counts: Dict[str, int] = self.requests()["counts"]
        return sum(n for key, n in counts.items() if route is None or key.split(" ")[1] == route)

    def reset(self) -> None:
        self._control("POST", "/_fake/reset")

    def action_attempts(self, *, delay_ms: Optional[int] = None, stuck: Optional[bool] = None) -> None:
        """POST /_fake/action_attempts: how long new attempts stay pending, or forever."""
        body: Dict[str, Any] = {}
        if delay_ms is not None:
            body["delay_ms"] = delay_ms
        if stuck is not None:
            body["stuck"] = stuck
        self._control("POST", "/_fake/action_attempts", body)

    def rate_limit(self, per_second: Optional[float]) -> None:
        self._control("POST", "/_fake/rate_limit", {"per_second": per_second})

    def seed_credentials(self, count: int, acs_user_id: Optional[str] = None) -> None:
        body: Dict[str, Any] = {"count": count}
        if acs_user_id is not None:
            body["acs_user_id"] = acs_user_id
        self._control("POST", "/_fake/seed_credentials", body)

    def webhook_deliveries(self) -> List[Dict[str, Any]]:
        deliveries: List[Dict[str, Any]] = self._control("GET", "/_fake/webhook_deliveries")["deliveries"]
        return deliveries

    def api_text(self, path: str, body: Dict[str, Any]) -> str:
        """POST `path` with `body` and the API key, outside the SDK: the answer's exact text."""
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method="POST",
            headers={"content-type": "application/json", "authorization": f"Bearer {API_KEY}"},
        )
        with _direct.open(request, timeout=10) as response:
            text: str = response.read().decode()
        return text


def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def ids(credentials: List[Any]) -> List[str]:
    return [c.acs_credential_id for c in credentials]


# ---------------------------------------------------------------------------------------------
# The table of every endpoint (tests/endpoints.json), called the Python way.

TABLE = json.loads((REPO_ROOT / "tests" / "endpoints.json").read_text())
CASES: List[Dict[str, Any]] = TABLE["cases"]


def method(client: Any, operation: str) -> Callable[..., Any]:
    target = client
    for part in operation.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


def annotations(client_class: type, operation: str) -> Dict[str, str]:
    """The signature's annotations (text: the package uses postponed annotations)."""
    owner: Any = client_class
    *path, name = operation.split(".")
    for part in path:
        owner = inspect.signature(getattr(owner, part).fget).return_annotation
        owner = getattr(seam_core, owner)
    function = getattr(owner, name)
    return {
        p.name: str(p.annotation)
        for p in inspect.signature(function).parameters.values()
        if p.name != "self"
    }


def python_value(annotation: str, value: Any) -> Any:
    """The table's JSON value as the argument the signature wants."""
    if "datetime.datetime" in annotation:
        def moment(text: str) -> datetime.datetime:
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))

        return [moment(v) for v in value] if isinstance(value, list) else moment(value)
    return value


def arguments(client: Any, operation: str, params: Dict[str, Any]) -> Dict[str, Any]:
    wanted = annotations(type(client), operation)
    assert set(params) <= set(wanted), f"{operation}: {set(params) - set(wanted)} not in the signature"
    return {name: python_value(wanted[name], value) for name, value in params.items()}


def run(client: Any, operation: str, kwargs: Dict[str, Any]) -> Any:
    """Calls the operation; awaits it on an AsyncSeam."""
    result = method(client, operation)(**kwargs)
    if isinstance(client, AsyncSeam):
        async def wait() -> Any:
            return await result

        return asyncio.run(wait())
    return result
