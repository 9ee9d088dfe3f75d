"""The failure matrix (tests/matrix.json), case by case against fake-seam, with the semantics of
core/tests/matrix.rs: faults queued on the assign route, client options, call overrides, the
expected outcome and its fields, the requests that reached the server, the call's duration,
and no secret in any error text. Cases with "scope": "rust" are Rust's.

The file is read with a check of its keys at every level: a key this runner does not know
fails the collection, so the run, rather than being ignored."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Optional

import pytest

import seam_core
from seam_core import Seam
from support import API_KEY, ASSIGN, CREDENTIAL, REPO_ROOT, USER, FakeSeam, closed_port_url

KEYS = {
    "case": {"name", "description", "scope", "faults", "client", "endpoint", "call", "expect",
             "requests", "min_seconds", "max_seconds"},
    "client": {"api_key", "timeout_ms", "max_retries"},
    "call": {"acs_user_id", "acs_credential_id"},
    "expect": {"error", "status_code", "code", "parameter", "reason_contains", "request_id",
               "validation_errors"},
    "fault": {"count", "status", "headers", "body", "body_bytes", "delay_ms", "drip_ms", "mode"},
}  # fmt: skip
ERRORS = {name: getattr(seam_core, name) for name in (
    "InvalidInput", "Config", "Unauthorized", "Api", "InvalidResponse", "Timeout", "Network")}  # fmt: skip


def unknown_keys(matrix: Dict[str, Any]) -> List[str]:
    """Every key of the matrix that this runner would not read, as `where: key`."""
    found = [f"top: {key}" for key in set(matrix) - {"about", "cases"}]
    for case in matrix["cases"]:
        parts = [("case", case), ("client", case.get("client", {})), ("call", case.get("call", {}))]
        parts += [("fault", fault) for fault in case.get("faults", [])]
        if isinstance(case["expect"], dict):
            parts.append(("expect", case["expect"]))
        elif case["expect"] != "ok":
            found.append(f"{case['name']}: expect {case['expect']!r}")
        found += [f"{case['name']}: {kind}.{key}" for kind, part in parts for key in set(part) - KEYS[kind]]
    return found


def load() -> List[Dict[str, Any]]:
    matrix = json.loads((REPO_ROOT / "tests" / "matrix.json").read_text())
    unknown = unknown_keys(matrix)
    if unknown:
        raise ValueError(f"tests/matrix.json has keys this runner does not know: {unknown}")
    return [case for case in matrix["cases"] if case.get("scope") != "rust"]


CASES = load()


def test_the_key_check_refuses_an_unknown_key() -> None:
    case = {"name": "x", "expect": {"error": "Api", "status_codes": 500}, "retries": 1}
    assert sorted(unknown_keys({"cases": [case]})) == ["x: case.retries", "x: expect.status_codes"]
    assert len(CASES) >= 30 and all(case.get("endpoint") in (None, "closed") for case in CASES)


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


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_matrix_case(fake: FakeSeam, case: Dict[str, Any]) -> None:
    for fault in case.get("faults", []):
        fake.fault(**fault)
    options = case.get("client", {})
    api_key = options.get("api_key", API_KEY)
    timeout_ms = options.get("timeout_ms")
    seam = Seam(
        api_key=api_key,
        endpoint=closed_port_url() if case.get("endpoint") == "closed" else fake.url,
        timeout=None if timeout_ms is None else timeout_ms / 1000,
        max_retries=options.get("max_retries"),
    )
    call = case.get("call", {})
    user = text_arg(call.get("acs_user_id", USER))
    credential = text_arg(call.get("acs_credential_id", CREDENTIAL))

    started = time.monotonic()
    error: Optional[seam_core.SeamError] = None
    try:
        result = seam.acs.credentials.assign(acs_user_id=user, acs_credential_id=credential)
    except seam_core.SeamError as e:
        error = e
    elapsed = time.monotonic() - started

    expect = case["expect"]
    problems: List[str] = []
    if expect == "ok":
        if error is not None:
            problems.append(f"expected success, got {error!r}")
        elif result.acs_credential_id != credential:
            problems.append(f"got {result.acs_credential_id}")
    elif error is None:
        problems.append(f"expected {expect}, got a credential")
    else:
        problems += check_error(error, expect, sorted({API_KEY, api_key}))
    if "max_seconds" in case and elapsed > case["max_seconds"]:
        problems.append(f"took {elapsed:.2f}s, bound {case['max_seconds']}s")
    if "min_seconds" in case and elapsed < case["min_seconds"]:
        problems.append(f"took {elapsed:.2f}s, at least {case['min_seconds']}s expected")
    if "requests" in case and fake.count(ASSIGN) != case["requests"]:
        problems.append(f"{fake.count(ASSIGN)} requests reached the server, not {case['requests']}")
    assert not problems, f"{case['name']}: " + "; ".join(problems)
