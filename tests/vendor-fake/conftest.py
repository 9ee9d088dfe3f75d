"""The vendor's own fake (npm @seamapi/fake-seam-connect, pinned in package.json, installed
into node_modules/ by scripts/test-official), started once for the module on a free port, and
stopped at the end. It has no reset: each test makes what it changes."""

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# Loopback requests of our own must not go through a proxy either.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw(url, method, path, body=None, headers=None):
    """One request to the vendor's fake as (status, JSON or text), whatever the status."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"content-type": "application/json", **(headers or {})})
    try:
        with _direct.open(request, timeout=30) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def start_vendor_fake():
    if not (HERE / "node_modules" / "@seamapi" / "fake-seam-connect").is_dir():
        raise RuntimeError("the vendor's fake is not installed: run `npm ci` in tests/vendor-fake")
    port = free_port()
    process = subprocess.Popen(["node", "start.mjs"], cwd=HERE, env={**os.environ, "PORT": str(port)},
                               stdout=subprocess.PIPE, text=True)
    try:
        made = json.loads(process.stdout.readline() or "null")
        if made is None:
            raise RuntimeError(f"the vendor's fake exited with {process.wait(timeout=10)} before starting")
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if raw(url, "GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the vendor's fake did not answer GET /health on {url}")
            time.sleep(0.1)
        status, seed = raw(url, "GET", "/_fake/default_seed")
        assert status == 200, seed
        return process, {"url": url, "seed": seed, **made}
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        raise


@pytest.fixture(scope="session")
def vendor():
    process, info = start_vendor_fake()
    try:
        yield info
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("SEAM_API_KEY", "SEAM_PERSONAL_ACCESS_TOKEN", "SEAM_WORKSPACE_ID", "SEAM_ENDPOINT",
                 "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
