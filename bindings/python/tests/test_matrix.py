"""The failure matrix (tests/matrix.json), case by case against fake-seam, with the same
semantics as core/tests/matrix.rs: faults queued on the assign route, client options, call
overrides, the expected outcome and its fields, the requests that reached the server, the
call's duration, and no secret in any error text. Cases with "scope": "rust" are Rust's."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Optional

import pytest

import seam_core
from seam_core import Seam
from support import API_KEY, CREDENTIAL, REPO_ROOT, USER, FakeSeam, closed_port_url

MATRIX = json.loads((REPO_ROOT / "tests" / "matrix.json").read_text())["cases"]
CASES = [case for case in MATRIX if case.get("scope") != "rust"]
ERRORS = {
    "InvalidInput": seam_core.InvalidInput,
    "Config": seam_core.Config,
    "Unauthorized": seam_core.Unauthorized,
    "Api": seam_core.Api,
    "InvalidResponse": seam_core.InvalidResponse,
    "Timeout": seam_core.Timeout,
    "Network": seam_core.Network,
}
KNOWN_KEYS = {
    "name", "description", "scope", "faults", "client", "endpoint", "call", "expect",
    "requests", "min_seconds", "max_seconds",
}  # fmt: skip


def text_arg(value: Any) -> str:
    if isinstance(value, str):
        return value
    return str(value["repeat"]) * int(value["times"])


def check_error(e: seam_core.SeamError, expect: Dict[str, Any], secrets: List[str]) -> List[str]:
    problems: List[str] = []
    expected_class = ERRORS[expect["error"]]
    if type(e) is not expected_class:
        return [f"expected {expect['error']}, got {e!r}"]

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(f"{what} differs in {e!r}")

    if "status_code" in expect:
        check(getattr(e, "status_code", None) == expect["status_code"], "status_code")
    if "code" in expect:
        check(getattr(e, "code", None) == expect["code"], "code")
    if "parameter" in expect:
        check(getattr(e, "parameter", None) == expect["parameter"], "parameter")
    if "reason_contains" in expect:
        reason: Optional[str] = getattr(e, "reason", None)
        check(reason is not None and expect["reason_contains"] in reason, "reason")
    if expect.get("request_id") is True:
        check(getattr(e, "request_id", None) is not None, "request_id")
    if "validation_errors" in expect:
        check(getattr(e, "validation_errors", None) == expect["validation_errors"], "validation_errors")
    for secret in secrets:
        check(secret not in str(e) and secret not in repr(e), "secret")
    return problems


def test_every_case_is_run_here_or_scoped_to_rust() -> None:
    assert len(CASES) >= 30
    for case in MATRIX:
        assert set(case) <= KNOWN_KEYS, f"{case['name']}: keys this runner does not know"
        if case.get("scope") != "rust":
            assert case.get("endpoint") in (None, "closed"), case["name"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_matrix_case(fake: FakeSeam, case: Dict[str, Any]) -> None:
    endpoint = closed_port_url() if case.get("endpoint") == "closed" else fake.url
    for fault in case.get("faults", []):
        fake.fault(**fault)
    options = case.get("client", {})
    api_key = options.get("api_key", API_KEY)
    timeout_ms = options.get("timeout_ms")
    seam = Seam(
        api_key=api_key,
        endpoint=endpoint,
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
        else:
            assert result.acs_credential_id == credential
    elif error is None:
        problems.append(f"expected {expect}, got {result!r}")
    else:
        problems += check_error(error, expect, sorted({API_KEY, api_key}))
    if "max_seconds" in case and elapsed > case["max_seconds"]:
        problems.append(f"took {elapsed:.2f}s, bound {case['max_seconds']}s")
    if "min_seconds" in case and elapsed < case["min_seconds"]:
        problems.append(f"took {elapsed:.2f}s, at least {case['min_seconds']}s expected")
    if "requests" in case:
        got = fake.assign_count()
        if got != case["requests"]:
            problems.append(f"{got} requests reached the server, expected {case['requests']}")
    assert not problems, f"{case['name']}: " + "; ".join(problems)
