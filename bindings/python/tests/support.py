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
from typing import Any, Dict, Optional

REPO_ROOT = Path(__file__).resolve().parents[3]

API_KEY = "seam_apikey1_token"
PAT = "seam_at1_token"
WORKSPACE = "00000000-0000-0000-0000-000000000000"
USER = "33333333-3333-3333-3333-333333333333"
OTHER_USER = "44444444-4444-4444-4444-444444444444"
CREDENTIAL = "66666666-6666-6666-6666-666666666666"
MISSING = "12345678-1234-1234-1234-123456789012"
ASSIGN = "/acs/credentials/assign"


def fake_seam_bin() -> Path:
    return Path(os.environ.get("FAKE_SEAM_BIN") or REPO_ROOT / "target" / "debug" / "fake-seam")


class FakeSeam:
    """A running fake-seam process and its control endpoints."""

    def __init__(self, *args: str) -> None:
        binary = fake_seam_bin()
        if not binary.is_file():
            raise RuntimeError(f"fake-seam not found at {binary}: build it (scripts/test builds it)")
        self._stdout = tempfile.TemporaryFile()
        self._stderr = tempfile.TemporaryFile()
        # stdout goes to a file, not a pipe: nothing can block on a full pipe.
        self._process = subprocess.Popen(
            [str(binary), "--port", "0", *args], stdout=self._stdout, stderr=self._stderr
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
        self._stderr.seek(0)
        raise RuntimeError(f"fake-seam did not start: {self._stderr.read().decode(errors='replace')}")

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

    def _control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"content-type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else None

    def fault(self, **fault: Any) -> None:
        """Queues a fault on the assign route (POST /_fake/faults)."""
        self._control("POST", "/_fake/faults", {"route": ASSIGN, **fault})

    def requests(self) -> Dict[str, Any]:
        """GET /_fake/requests: counts per route and the last request."""
        result: Dict[str, Any] = self._control("GET", "/_fake/requests")
        return result

    def last(self) -> Dict[str, Any]:
        last: Dict[str, Any] = self.requests()["last"]
        return last

    def assign_count(self) -> int:
        """How many assign requests (any method) reached the server."""
        counts = self.requests()["counts"]
        return sum(int(counts.get(f"{method} {ASSIGN}", 0)) for method in ("POST", "PATCH"))

    def reset(self) -> None:
        self._control("POST", "/_fake/reset")


def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
