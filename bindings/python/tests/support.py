"""What the tests share: the seed's ids, a fake-seam process and its control endpoints."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Optional

REPO_ROOT = Path(__file__).resolve().parents[3]

API_KEY = "seam_apikey1_token"
PAT = "seam_at1_token"
CLIENT_SESSION_TOKEN = "seam_cst1_token"
WORKSPACE = "00000000-0000-0000-0000-000000000000"
SYSTEM = "11111111-1111-1111-1111-111111111111"
ANNEX = "12121212-1212-1212-1212-121212121212"
ACCOUNT = "22222222-2222-2222-2222-222222222222"
USER = "33333333-3333-3333-3333-333333333333"  # Jane
OTHER_USER = "44444444-4444-4444-4444-444444444444"  # John
IDENTITY = "55555555-5555-5555-5555-555555555555"  # Jane's
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


def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def ids(credentials: List[Any]) -> List[str]:
    return [c.acs_credential_id for c in credentials]
