"""Every endpoint, from the generated table (tests/endpoints.json), called the Python way
(`seam.<namespace path>.<name>(**params)`), with `Seam` and with `AsyncSeam`:

- the table's bad value raises `InvalidInput` naming the parameter, and nothing is sent;
- a call naming objects nobody has raises `Api` 404 with a code ending `_not_found`, in one
  request;
- a value of the wrong Python type raises `TypeError` naming the parameter and the type it
  wants, and nothing is sent.

The table's parameters are JSON; each is turned into what the signature wants (timestamps
become aware datetimes; objects stay mappings, which every record parameter accepts).
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import pytest

import seam_core
from seam_core import AsyncSeam, Seam
from support import API_KEY, CASES, FakeSeam, annotations, arguments, method, run

MODES = ["blocking", "async"]


def case_id(case: Dict[str, Any]) -> str:
    return str(case["operation"])


# `server` (conftest) is one fake-seam for the module: nothing here changes its state (bad
# input is never sent, and every other call names objects that do not exist).
def client_for(server: FakeSeam, mode: str) -> Any:
    return (Seam if mode == "blocking" else AsyncSeam)(api_key=API_KEY, endpoint=server.url)


def test_the_table_has_every_endpoint_and_each_is_a_method() -> None:
    assert len({c["operation"] for c in CASES}) == len(CASES) > 0
    for case in CASES:
        for cls in (Seam, AsyncSeam):
            wanted = annotations(cls, case["operation"])
            assert set(case["params"]) <= set(wanted), case["operation"]
            if case["action_attempt"]:
                assert "wait_for_action_attempt" in wanted, case["operation"]


BAD = [c for c in CASES if "bad" in c]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", BAD, ids=case_id)
def test_bad_input_names_the_parameter_and_sends_nothing(
    server: FakeSeam, case: Dict[str, Any], mode: str
) -> None:
    client = client_for(server, mode)
    params = dict(case["params"])
    params[case["bad"]["parameter"]] = case["bad"]["value"]
    before = server.count()
    with pytest.raises(seam_core.InvalidInput) as raised:
        run(client, case["operation"], arguments(client, case["operation"], params))
    assert raised.value.parameter == case["bad"]["parameter"], raised.value
    assert raised.value.reason and str(raised.value)
    if case["paginated"]:
        # The walk checks its filters when it is made, before any page is asked for.
        walk = method(client, case["operation"] + "_all")
        with pytest.raises(seam_core.InvalidInput) as raised:
            walk(**arguments(client, case["operation"] + "_all", params))
        assert raised.value.parameter == case["bad"]["parameter"]
    assert server.count() == before, "bad input reached the server"


def test_most_endpoints_have_a_bad_input_case() -> None:
    assert len(BAD) >= 85


NOT_FOUND = [c for c in CASES if c["not_found"]]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", NOT_FOUND, ids=case_id)
def test_naming_an_unknown_object_raises_not_found(
    server: FakeSeam, case: Dict[str, Any], mode: str
) -> None:
    client = client_for(server, mode)
    before = server.count(case["path"])
    with pytest.raises(seam_core.Api) as raised:
        run(client, case["operation"], arguments(client, case["operation"], case["params"]))
    error = raised.value
    assert error.status_code == 404 and error.code.endswith("_not_found"), error
    assert error.request_id and error.request_id in str(error)
    assert server.count(case["path"]) == before + 1, "one request"
    assert server.last()["method"] == case["method"]


def test_most_endpoints_have_a_not_found_case() -> None:
    assert len(NOT_FOUND) >= 65


def wrong_value(annotation: str) -> Tuple[Any, str]:
    """A value of the wrong type for `annotation`, and what the error must say it wants."""
    if annotation.startswith("Sequence["):
        return 7, "sequence"
    inner = annotation
    if inner.startswith("Optional["):
        inner = inner.removeprefix("Optional[").removesuffix("]")
    if inner in ("int", "float"):
        return "7", "int" if inner == "int" else "number"
    if inner == "bool":
        return 1, "bool"
    if inner == "datetime.datetime":
        return "2030-01-01T00:00:00Z", "datetime"
    if inner == "str":
        return 7, "str"
    if inner.startswith("Union[") and ", str]" in inner:  # an enum, or its string
        return 7, "str"
    if inner.startswith("Union[") and "Mapping" in inner:  # a parameter object, or a dict
        return 7, inner.removeprefix("Union[").split(",")[0]
    if inner == "Union[None, bool, WaitOptions]":
        return 7, "WaitOptions"
    raise AssertionError(f"no wrong value for {annotation}")


def wrong_type_cases() -> List[Tuple[Dict[str, Any], str]]:
    """Each endpoint with each of its parameters."""
    out = []
    for case in CASES:
        for name in annotations(Seam, case["operation"]):
            out.append((case, name))
    return out


WRONG = wrong_type_cases()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "case,parameter", WRONG, ids=[f"{c['operation']}-{p}" for c, p in WRONG]
)
def test_a_wrong_python_type_is_a_type_error_naming_the_parameter(
    server: FakeSeam, case: Dict[str, Any], parameter: str, mode: str
) -> None:
    client = client_for(server, mode)
    wanted = annotations(type(client), case["operation"])
    value, expected = wrong_value(wanted[parameter])
    params = arguments(client, case["operation"], case["params"])
    params[parameter] = value
    before = server.count()
    with pytest.raises(TypeError) as raised:
        run(client, case["operation"], params)
    text = str(raised.value)
    assert text.startswith(f"{parameter} must be "), text
    assert expected in text and type(value).__name__ in text, text
    assert server.count() == before


def test_every_endpoint_with_parameters_has_wrong_type_cases() -> None:
    operations = {c["operation"] for c, _ in WRONG}
    without = {c["operation"] for c in CASES} - operations
    # Only the calls that take nothing at all.
    assert all(not annotations(Seam, o) for o in without), without
    assert len(without) <= 2 and len(WRONG) > 300
