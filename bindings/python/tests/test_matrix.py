"""The failure matrix (tests/matrix.json): every case on every endpoint of its table, with `Seam`
and with `AsyncSeam`, and the semantics of core/tests/matrix.rs: faults queued on the
endpoint's route, client options, the case's id, the overrides of its retry class and of the
endpoint, the expected outcome and its fields, the requests that reached the route, the call's
duration, no secret in any error text, and a second call on the same client once the fake is
reset. Cases with "scope": "rust" are Rust's.

Calls are the Python way: `seam.<operation>(**params)`, keyword arguments from the table.

The file is read with a check of its keys at every level: a key this runner does not know
fails the collection, so the run, rather than being ignored."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Dict, List, Optional, Tuple

import pytest

import seam_core
from seam_core import AsyncSeam, Seam, WaitOptions
from support import API_KEY, REPO_ROOT, FakeSeam, closed_port_url, method

KEYS = {
    "endpoint": {"name", "operation", "retry", "params", "id", "answer", "answer_id", "wait"},
    "wait": {"timeout_ms", "polling_interval_ms"},
    "case": {"name", "description", "scope", "faults", "client", "endpoint", "id", "expect",
             "requests", "min_seconds", "max_seconds", "then", "by_retry", "by_endpoint"},
    "override": {"faults", "expect", "requests"},
    "client": {"api_key", "timeout_ms", "max_retries"},
    "expect": {"error", "status_code", "code", "parameter", "reason_contains", "request_id",
               "validation_errors"},
    "fault": {"count", "status", "headers", "body", "body_bytes", "delay_ms", "drip_ms", "mode"},
}  # fmt: skip
RETRY_CLASSES = {"read", "repeatable", "create"}
ERRORS = {name: getattr(seam_core, name) for name in (
    "InvalidInput", "Config", "Unauthorized", "Api", "InvalidResponse", "Timeout", "Network")}  # fmt: skip
MODES = ["blocking", "async"]


def expect_keys(where: str, expect: Any) -> List[str]:
    if isinstance(expect, dict):
        return [f"{where}: expect.{key}" for key in set(expect) - KEYS["expect"]]
    return [] if expect == "ok" else [f"{where}: expect {expect!r}"]


def unknown_keys(matrix: Dict[str, Any]) -> List[str]:
    """Every key of the matrix that this runner would not read, as `where: key`."""
    found = [f"top: {key}" for key in set(matrix) - {"about", "endpoints", "cases"}]
    names = set()
    for endpoint in matrix.get("endpoints", []):
        names.add(endpoint.get("name"))
        found += [f"endpoint {endpoint.get('name')}: {key}" for key in set(endpoint) - KEYS["endpoint"]]
        found += [f"endpoint {endpoint.get('name')}: wait.{key}"
                  for key in set(endpoint.get("wait") or {}) - KEYS["wait"]]  # fmt: skip
    for case in matrix["cases"]:
        name = case["name"]
        parts = [("case", case), ("client", case.get("client", {}))]
        parts += [("fault", fault) for fault in case.get("faults", [])]
        found += expect_keys(name, case["expect"])
        overrides = [(f"by_retry.{k}", k in RETRY_CLASSES, o) for k, o in case.get("by_retry", {}).items()]
        overrides += [(f"by_endpoint.{k}", k in names, o) for k, o in case.get("by_endpoint", {}).items()]
        for where, known, override in overrides:
            if not known:
                found.append(f"{name}: {where}")
            parts.append(("override", override))
            parts += [("fault", fault) for fault in override.get("faults", [])]
            if "expect" in override:
                found += expect_keys(f"{name} {where}", override["expect"])
        found += [f"{name}: {kind}.{key}" for kind, part in parts for key in set(part) - KEYS[kind]]
        if case.get("then", "ok") not in ("ok", "same"):
            found.append(f"{name}: then {case['then']!r}")
    return found


def load() -> Dict[str, Any]:
    matrix: Dict[str, Any] = json.loads((REPO_ROOT / "tests" / "matrix.json").read_text())
    unknown = unknown_keys(matrix)
    if unknown:
        raise ValueError(f"tests/matrix.json has keys this runner does not know: {unknown}")
    return matrix


MATRIX = load()
ENDPOINTS: List[Dict[str, Any]] = MATRIX["endpoints"]
CASES: List[Dict[str, Any]] = [case for case in MATRIX["cases"] if case.get("scope") != "rust"]


def fill(endpoint: Dict[str, Any], text: str) -> str:
    """`text` with the endpoint's placeholders; one it has no value for is an error."""
    values = {"{answer}": endpoint["answer"], "{answer_id}": endpoint["answer_id"],
              "{id}": endpoint["id"], "{object}": endpoint["id"].removesuffix("_id")}  # fmt: skip
    for placeholder, value in values.items():
        if placeholder in text:
            if value is None:
                raise ValueError(f"{placeholder} in {text!r}, but {endpoint['name']} has none")
            text = text.replace(placeholder, value)
    return text


def resolve(case: Dict[str, Any], endpoint: Dict[str, Any]) -> Tuple[List[Dict[str, Any]], Any, int]:
    """The case on `endpoint`: its faults, expected outcome and requests, overrides applied
    (its retry class's, then its own) and placeholders filled in."""
    faults, expect, requests = case.get("faults", []), case["expect"], case["requests"]
    for override in (case.get("by_retry", {}).get(endpoint["retry"]),
                     case.get("by_endpoint", {}).get(endpoint["name"])):  # fmt: skip
        if override is not None:
            faults = override.get("faults", faults)
            expect = override.get("expect", expect)
            requests = override.get("requests", requests)
    faults = [{**f, "body": fill(endpoint, f["body"])} if "body" in f else f for f in faults]
    if isinstance(expect, dict):
        expect = {k: fill(endpoint, v) if k in ("code", "parameter", "reason_contains") else v
                  for k, v in expect.items()}  # fmt: skip
    return faults, expect, requests


def route(endpoint: Dict[str, Any]) -> str:
    return "/" + str(endpoint["operation"]).replace(".", "/")


def test_the_key_check_refuses_an_unknown_key() -> None:
    case = {"name": "x", "expect": {"error": "Api", "status_codes": 500}, "retries": 1,
            "by_retry": {"reads": {"requests": 2}}, "by_endpoint": {"nope": {"request": 1}}}  # fmt: skip
    assert sorted(unknown_keys({"endpoints": [{"name": "e", "path": "/x"}], "cases": [case]})) == [
        "endpoint e: path", "x: by_endpoint.nope", "x: by_retry.reads", "x: case.retries",
        "x: expect.status_codes", "x: override.request"]  # fmt: skip
    assert len(CASES) >= 30 and all(case.get("endpoint") in (None, "closed") for case in CASES)
    assert len(ENDPOINTS) == 6 and {e["retry"] for e in ENDPOINTS} == RETRY_CLASSES
    # Every case resolves on every endpoint; a placeholder without a value does not.
    for endpoint in ENDPOINTS:
        for case in CASES:
            resolve(case, endpoint)
    with pytest.raises(ValueError):
        fill(next(e for e in ENDPOINTS if e["answer"] is None), 'no "{answer}"')


def text_arg(value: Any) -> str:
    return value if isinstance(value, str) else str(value["repeat"]) * int(value["times"])


def check_error(e: seam_core.SeamError, expect: Dict[str, Any], secrets: List[str]) -> List[str]:
    if type(e) is not ERRORS[expect["error"]]:
        return [f"expected {expect['error']}, got {e!r}"]
    fields = vars(e)
    problems = [f"{name} differs in {e!r}" for name in ("status_code", "code", "parameter",
                "validation_errors") if name in expect and fields.get(name) != expect[name]]  # fmt: skip
    if "reason_contains" in expect and expect["reason_contains"] not in fields.get("reason", ""):
        problems.append(f"reason differs in {e!r}")
    if expect.get("request_id") is True and fields.get("request_id") is None:
        problems.append(f"no request id in {e!r}")
    problems += [f"a secret in {e!r}" for s in secrets if s in str(e) or s in repr(e)]
    return problems


def call(client: Any, endpoint: Dict[str, Any], id_value: Optional[str]) -> Any:
    """The endpoint's call, the Python way; awaited on an AsyncSeam."""
    kwargs: Dict[str, Any] = dict(endpoint["params"])
    if id_value is not None:
        kwargs[endpoint["id"]] = id_value
    wait = endpoint.get("wait")
    if wait is not None:
        kwargs["wait_for_action_attempt"] = WaitOptions(
            timeout=wait["timeout_ms"] / 1000, polling_interval=wait["polling_interval_ms"] / 1000
        )
    result = method(client, endpoint["operation"])(**kwargs)
    if isinstance(client, AsyncSeam):
        async def wait_for() -> Any:
            return await result

        return asyncio.run(wait_for())
    return result


RUNS = [(endpoint, case, mode) for endpoint in ENDPOINTS for case in CASES for mode in MODES]


@pytest.mark.parametrize(("endpoint", "case", "mode"), RUNS,
                         ids=[f"{e['name']}-{c['name']}-{m}" for e, c, m in RUNS])  # fmt: skip
def test_matrix_case(fake: FakeSeam, endpoint: Dict[str, Any], case: Dict[str, Any], mode: str) -> None:
    faults, expect, requests = resolve(case, endpoint)
    path = route(endpoint)
    for fault in faults:
        fake.fault(route=path, **fault)
    options = case.get("client", {})
    api_key = options.get("api_key", API_KEY)
    timeout_ms = options.get("timeout_ms")
    client = (Seam if mode == "blocking" else AsyncSeam)(
        api_key=api_key,
        endpoint=closed_port_url() if case.get("endpoint") == "closed" else fake.url,
        timeout=None if timeout_ms is None else timeout_ms / 1000,
        max_retries=options.get("max_retries"),
    )
    id_value = None if "id" not in case else text_arg(case["id"])

    started = time.monotonic()
    error: Optional[seam_core.SeamError] = None
    try:
        call(client, endpoint, id_value)
    except seam_core.SeamError as e:
        error = e
    elapsed = time.monotonic() - started

    problems: List[str] = []
    if expect == "ok":
        if error is not None:
            problems.append(f"expected success, got {error!r}")
    elif error is None:
        problems.append(f"expected {expect}, got an answer")
    else:
        problems += check_error(error, expect, sorted({API_KEY, api_key}))
    if elapsed > case["max_seconds"]:
        problems.append(f"took {elapsed:.2f}s, bound {case['max_seconds']}s")
    if "min_seconds" in case and elapsed < case["min_seconds"]:
        problems.append(f"took {elapsed:.2f}s, at least {case['min_seconds']}s expected")
    got = fake.count(path)
    if got != requests:
        problems.append(f"{got} requests reached {path}, not {requests}")

    # The client is usable after: the same call, on a fresh workspace without faults.
    fake.reset()
    try:
        call(client, endpoint, None)
        if case.get("then", "ok") == "same":
            problems.append("then: expected the same error, got an answer")
    except seam_core.SeamError as again:
        if case.get("then", "ok") == "ok":
            problems.append(f"then: expected success, got {again!r}")
        elif type(again) is not type(error):
            problems.append(f"then: expected {type(error).__name__}, got {again!r}")
    assert not problems, f"{case['name']} on {endpoint['name']} ({mode}): " + "; ".join(problems)
