"""The models and enums behave as Python code expects (issue 23), over one table: every seeded
credential of fake-seam (the "future" one with values this SDK does not know, the "odd values"
one with unknown keys and numbers past 64 bits, …) and a client session.

- `repr()`/`str()` in the docs' form, `AcsCredential(acs_credential_id='…', …)`, secrets by
  their prefix only;
- `dataclasses.fields/asdict/replace`, `==`; `pickle`, `copy`;
- `to_dict()`/`to_json()`/`from_json()` round trips, unknown members byte for byte;
- enums are the API's strings (`== "code"`, `str()`, hash, dict keys, `match`), and
  parameters take the enum or the string.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
import pickle
from typing import Any, Dict, List

import pytest

import seam_core
from seam_core import (
    AccessMethod, AcsCredential, ActionAttemptStatus, ClientSession, EventType, ExternalType, Seam,
)  # fmt: skip
from support import (
    API_KEY, CLIENT_SESSION, CLIENT_SESSION_TOKEN, FUTURE, ODD_VALUES, PIN, SEEDED, USER, FakeSeam,
)  # fmt: skip

OBJECTS = [*SEEDED, "client_session"]


@pytest.fixture(scope="module")
def module_seam(server: FakeSeam) -> Seam:
    return Seam(api_key=API_KEY, endpoint=server.url)


def fetch(seam: Seam, which: str) -> Any:
    if which == "client_session":
        return seam.client_sessions.get(client_session_id=CLIENT_SESSION)
    return seam.acs.credentials.get(acs_credential_id=which)


def raw(server: FakeSeam, which: str) -> str:
    """The API's answer as sent, byte for byte."""
    if which == "client_session":
        return server.api_text("/client_sessions/get", {"client_session_id": CLIENT_SESSION})
    return server.api_text("/acs/credentials/get", {"acs_credential_id": which})


@pytest.fixture(params=OBJECTS)
def model(request: pytest.FixtureRequest, module_seam: Seam) -> Any:
    return fetch(module_seam, request.param)


def test_repr_and_str_are_the_docs_form(model: Any) -> None:
    fields = dataclasses.fields(model)
    first = fields[0].name
    text = repr(model)
    assert text.startswith(f"{type(model).__name__}({first}={getattr(model, first)!r}, "), text
    assert text.endswith(")") and str(model) == text
    for f in fields:
        assert f"{f.name}=" in text
    if isinstance(model, AcsCredential):
        assert f"access_method={str(model.access_method)!r}" in text  # an enum shows as its string
        assert f"created_at={model.created_at!r}" in text


def test_secrets_show_only_their_prefix(module_seam: Seam) -> None:
    session = fetch(module_seam, "client_session")
    assert session.token == CLIENT_SESSION_TOKEN
    for text in (repr(session), str(session), f"{session}", repr([session]), repr({"s": session})):
        assert CLIENT_SESSION_TOKEN not in text and "token='seam_cst…'" in text, text
    # The API's JSON and the dataclass functions are the data: the token is there.
    assert json.loads(session.to_json())["token"] == CLIENT_SESSION_TOKEN
    assert dataclasses.asdict(session)["token"] == CLIENT_SESSION_TOKEN


def test_dataclass_functions(model: Any, module_seam: Seam) -> None:
    assert dataclasses.is_dataclass(model)
    names = [f.name for f in dataclasses.fields(model)]
    assert list(dataclasses.asdict(model)) == names
    assert dataclasses.asdict(model)[names[0]] == getattr(model, names[0])
    again = fetch(module_seam, getattr(model, names[0]) if not isinstance(model, ClientSession) else "client_session")
    assert again == model and again is not model
    name_field = "display_name" if isinstance(model, AcsCredential) else "user_identifier_key"
    renamed = dataclasses.replace(model, **{name_field: "Renamed"})
    assert getattr(renamed, name_field) == "Renamed" and renamed != model
    assert all(getattr(renamed, n) == getattr(model, n) for n in names if n != name_field)
    assert getattr(model, name_field) != "Renamed"
    # Keyword-only construction from the fields gives an equal object.
    built = type(model)(**{f.name: getattr(model, f.name) for f in dataclasses.fields(model)})
    assert built == model and repr(built) == repr(model)
    with pytest.raises(TypeError):
        type(model)(*[getattr(model, n) for n in names])  # keyword-only
    with pytest.raises(TypeError):
        hash(model)  # mutable dataclasses are not hashable


def test_pickle_and_copy(model: Any) -> None:
    for other in (pickle.loads(pickle.dumps(model)), copy.copy(model), copy.deepcopy(model)):
        assert other == model and type(other) is type(model) and repr(other) == repr(model)
        for f in dataclasses.fields(model):
            assert type(getattr(other, f.name)) is type(getattr(model, f.name)), f.name
    deep = copy.deepcopy(model)
    deep.unknown_fields["x"] = "1"
    assert "x" not in model.unknown_fields


def test_json_round_trips(model: Any, server: FakeSeam) -> None:
    text = model.to_json()
    assert type(model).from_json(text) == model
    assert model.to_dict() == json.loads(text)
    # Through Python values: the same data (text kept as sent may then be spaced otherwise).
    assert type(model).from_json(json.dumps(model.to_dict())).to_dict() == model.to_dict()
    which = getattr(model, "acs_credential_id", "client_session")
    sent = raw(server, which)
    # What this SDK keeps as text is the API's text, and is written back the same.
    for name, value in {**model.unknown_fields, **getattr(model, "other_metadata", {})}.items():
        member = f"{json.dumps(name)}:{value}"
        assert member in sent, member
        assert member in text, member
    # Every member the API sent is in the JSON again (read, or kept).
    api_object = json.loads(sent)["acs_credential" if which != "client_session" else "client_session"]
    assert set(api_object) - {"ok"} <= set(json.loads(text)) | {
        k for k, v in api_object.items() if v is None}  # fmt: skip


def test_unknown_values_byte_for_byte(module_seam: Seam, server: FakeSeam) -> None:
    odd = fetch(module_seam, ODD_VALUES)
    assert odd.unknown_fields["big_number"] == "18446744073709551615"
    assert '"big_number":18446744073709551615' in odd.to_json()
    assert odd.unknown_fields["ends_at"] == '"next tuesday"' and odd.ends_at is None
    assert '"ends_at":"next tuesday"' in odd.to_json()
    assert AcsCredential.from_json(odd.to_json()).unknown_fields == odd.unknown_fields
    future = fetch(module_seam, FUTURE)
    assert future.access_method == "quantum_link" and future.access_method.is_other()
    assert json.loads(future.to_json())["access_method"] == "quantum_link"
    with pytest.raises(seam_core.InvalidInput) as raised:
        AcsCredential.from_json('{"acs_credential_id": 5}')
    assert raised.value.parameter == "json"


def test_enums_are_strings(module_seam: Seam) -> None:
    pin = fetch(module_seam, PIN)
    method = pin.access_method
    assert isinstance(method, AccessMethod) and isinstance(method, str)
    assert method == "code" and "code" == method and method == AccessMethod.CODE
    assert method is AccessMethod.CODE and AccessMethod.CODE() is AccessMethod.CODE
    assert str(method) == "code" and f"{method}" == "code" and repr(method) == "'code'"
    assert method.value == "code" and method.is_code() and not method.is_other()
    assert hash(method) == hash("code") and {"code": 1}[method] == 1 and {method: 1}["code"] == 1
    assert method in {"code", "card"} and json.dumps(method) == '"code"'
    assert method.upper() == "CODE" and method.startswith("co")
    assert AccessMethod("code") is AccessMethod.CODE
    assert AccessMethod("quantum") == AccessMethod.OTHER("quantum") == "quantum"
    assert isinstance(AccessMethod("quantum"), AccessMethod.OTHER) and AccessMethod("quantum").is_other()
    assert AccessMethod.OTHER("code") == AccessMethod.CODE  # the same text
    assert ActionAttemptStatus.SUCCESS == "success" and EventType.ACS_USER_CREATED == "acs_user.created"
    assert sorted([AccessMethod.MOBILE_KEY, AccessMethod.CARD, "code"]) == ["card", "code", "mobile_key"]
    assert pickle.loads(pickle.dumps(AccessMethod.OTHER("x"))) == "x"
    assert type(pickle.loads(pickle.dumps(AccessMethod.OTHER("x")))) is AccessMethod.OTHER
    assert pickle.loads(pickle.dumps(AccessMethod.CODE)) is AccessMethod.CODE
    assert copy.deepcopy(AccessMethod.CODE) is AccessMethod.CODE


def kind(method: AccessMethod) -> str:
    match method:
        case AccessMethod.CODE:
            return "pin"
        case AccessMethod.CARD | AccessMethod.MOBILE_KEY:
            return "carried"
        case "cloud_key":
            return "cloud"
        case AccessMethod.OTHER():
            return f"new: {method}"
        case _:
            return "?"


@pytest.mark.parametrize("which", SEEDED)
def test_match_on_enums(module_seam: Seam, which: str) -> None:
    c = fetch(module_seam, which)
    expected = {"code": "pin", "card": "carried", "mobile_key": "carried", "cloud_key": "cloud"}
    assert kind(c.access_method) == expected.get(str(c.access_method), f"new: {c.access_method}")


@pytest.mark.parametrize(
    "access_method", ["code", AccessMethod.CODE, AccessMethod.CODE(), AccessMethod("code")],
    ids=["str", "member", "called", "by value"],
)  # fmt: skip
def test_parameters_take_the_enum_or_its_string(seam: Seam, access_method: Any) -> None:
    made = seam.acs.credentials.create(access_method=access_method, acs_user_id=USER, code="2468")
    assert made.access_method is AccessMethod.CODE and made.code == "2468"


@pytest.mark.parametrize("value", ["quantum", AccessMethod.OTHER("quantum"), "CODE", ""])
def test_a_value_the_api_does_not_know_is_refused_before_sending(
    seam: Seam, fake: FakeSeam, value: str
) -> None:
    with pytest.raises(seam_core.InvalidInput) as raised:
        seam.acs.credentials.create(access_method=value, acs_user_id=USER)
    assert raised.value.parameter == "access_method"
    assert fake.count() == 0


def test_times_are_aware_datetimes(model: Any) -> None:
    for f in dataclasses.fields(model):
        value = getattr(model, f.name)
        if isinstance(value, datetime.datetime):
            assert value.tzinfo is not None and value.utcoffset() == datetime.timedelta(0), f.name


def test_external_type_and_other_values_are_kept(module_seam: Seam) -> None:
    values: List[Dict[str, Any]] = []
    for which in SEEDED:
        c = fetch(module_seam, which)
        if c.external_type is not None:
            assert isinstance(c.external_type, ExternalType)
            values.append({"id": which, "external_type": c.external_type})
    assert any(v["external_type"].is_other() for v in values)
    assert any(not v["external_type"].is_other() for v in values)


LAZY = """
import dataclasses, inspect, seam_core
from seam_core import AcsCredential, ClientSession, NewVisionlineMetadata
generated = [getattr(seam_core, n) for n in seam_core.__all__]
classes = [c for c in generated if isinstance(c, type) and "_dataclass_options" in vars(c)]
assert len(classes) > 10, len(classes)
assert not any("__dataclass_fields__" in vars(c) for c in classes), "completed at import"
# Models are dataclasses from import on, with the generated __init__.
assert dataclasses.is_dataclass(AcsCredential)
assert "client_session_id" in inspect.signature(ClientSession).parameters
# Each use completes a parameter class, whatever comes first.
assert [p.kind for p in inspect.signature(NewVisionlineMetadata).parameters.values()][0] == inspect.Parameter.KEYWORD_ONLY
assert NewVisionlineMetadata(auto_join=True) == NewVisionlineMetadata(auto_join=True)
s = ClientSession(client_session_id="c", token="seam_cst1_token")
assert repr(s).startswith("ClientSession(client_session_id='c', ") and "seam_cst1_token" not in repr(s)
assert all(dataclasses.is_dataclass(c) for c in classes)
print("ok")
"""


def test_generated_classes_become_dataclasses_when_first_used() -> None:
    # A new interpreter: nothing here has used the classes yet.
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr


def test_dataclass_machinery_is_complete_whichever_use_comes_first(module_seam: Seam) -> None:
    # Instances read from an answer (never constructed) compare, copy and print.
    a = fetch(module_seam, PIN)
    b = fetch(module_seam, PIN)
    assert a == b and not (a != b) and a != fetch(module_seam, FUTURE)
    assert a != "not a credential" and a.__eq__(5) is NotImplemented
    assert dataclasses.fields(a) == dataclasses.fields(AcsCredential)
