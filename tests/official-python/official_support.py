"""What the official-SDK tests share: the fake-seam server, its control routes, and the table
of every route (tests/official-calls.json) with its small language of expectations.

The table is the JavaScript suite's too (tests/official-js); both read it the same way.
"""

import json
import os
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FAKE_SEAM_BIN = os.environ.get(
    "FAKE_SEAM_BIN", str(REPO_ROOT / "target" / "debug" / "fake-seam")
)
TABLE = json.loads((REPO_ROOT / "tests" / "official-calls.json").read_text())
ENDPOINTS = json.loads((REPO_ROOT / "tests" / "endpoints.json").read_text())["cases"]
IDS = TABLE["ids"]

# Our control calls must not go through a proxy either.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def start_fake_seam(*args):
    """fake-seam on a free port: (process, its base URL)."""
    if not os.access(FAKE_SEAM_BIN, os.X_OK):
        raise RuntimeError(f"no fake-seam binary at {FAKE_SEAM_BIN}: run `cargo build -p fake-seam`")
    process = subprocess.Popen([FAKE_SEAM_BIN, "--port", "0", *args], stdout=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip()
    if not url.startswith(("http://127.0.0.1:", "https://127.0.0.1:")):
        process.kill()
        raise RuntimeError(f"fake-seam printed {url!r} instead of its URL")
    return process, url


def stop(process):
    process.terminate()
    process.wait(timeout=10)


def control(url, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url + path, data=data, method=method, headers={"content-type": "application/json"}
    )
    with _direct.open(request, timeout=10) as response:
        return json.load(response)


# ---------------------------------------------------------------------------------------------
# The table's language (see its "description").

MISSING = object()


def plain(value):
    """An SDK's answer as JSON-like values: its dataclasses become dicts."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def at(value, path):
    """The value at a dotted path (list positions are numbers); a missing member is None."""
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def resolve(value, saved):
    """The table's value with its '$NAME' and '$saved.path' strings replaced."""
    if isinstance(value, str) and value.startswith("$"):
        name, _, path = value[1:].partition(".")
        if not path:
            return IDS[name]
        assert name in saved, f"{value}: nothing was saved as {name!r}"
        found = at(saved[name], path)
        assert found is not None, f"{value}: {name} has no {path}"
        return found
    if isinstance(value, list):
        return [resolve(item, saved) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, saved) for key, item in value.items()}
    return value


def check_answer(answer, expect, saved, where):
    """Asserts that an answer (already `plain`) is what the table expects."""
    expect = resolve(expect, saved)
    returns = expect["returns"]
    if returns == "nothing":
        assert answer is None, f"{where}: expected nothing, got {answer!r}"
        return
    if returns == "object":
        assert isinstance(answer, dict), f"{where}: expected an object, got {answer!r}"
        items = [answer]
    else:
        assert isinstance(answer, list), f"{where}: expected a list, got {answer!r}"
        items = answer
        if "ids" in expect:
            assert [at(i, expect["id"]) for i in items] == expect["ids"], where
        if "contains" in expect:
            got = [at(i, expect["id"]) for i in items]
            assert all(i in got for i in expect["contains"]), f"{where}: {got} lacks some of {expect['contains']}"
        if "length" in expect:
            assert len(items) == expect["length"], f"{where}: {len(items)} items"
    fields = expect.get("fields" if returns == "object" else "each", {})
    for item in items:
        for path, value in fields.items():
            assert at(item, path) == value, f"{where}: {path} is {at(item, path)!r}, expected {value!r}"
        for path in expect.get("has", []):
            assert at(item, path) is not None, f"{where}: {path} is missing"
        for path, value in expect.get("differs", {}).items():
            assert at(item, path) != value, f"{where}: {path} is still {value!r}"


def sent_as_query(params):
    """The query pairs an SDK should send for these parameters (arrays repeated)."""
    sent = {}
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        sent[name] = ["true" if v is True else "false" if v is False else str(v) for v in values]
    return sent


def received(last):
    """The parameters fake-seam received in its last request: the query's of a GET or
    DELETE, the JSON body's otherwise."""
    if last["method"] in ("GET", "DELETE"):
        query = urllib.parse.urlsplit(last["target"]).query
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        out = {}
        for name, value in pairs:
            out.setdefault(name, []).append(value)
        return out
    return json.loads(last["body"]) if last["body"] else {}


def counts_since(before, after):
    """The requests fake-seam counted between two reads of /_fake/requests."""
    diff = {}
    for key, count in after.items():
        if count != before.get(key, 0):
            diff[key] = count - before.get(key, 0)
    return diff
