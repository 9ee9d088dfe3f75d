"""Enums and timestamps as Python values: each known enum value round-trips through the
core's parser to its variant and back to the API's text; timestamps are aware UTC."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, Dict, List

import pytest

from seam_core import (
    AccessMethod,
    AcsCredential,
    AcsCredentialWarningCode,
    ExternalType,
    Seam,
    VisionlineCardFunctionType,
)
from seam_core._models import variants
from support import CREDENTIAL, REPO_ROOT, USER, FakeSeam

ENUMS = {
    "AccessMethod": AccessMethod,
    "ExternalType": ExternalType,
    "AcsCredentialWarningCode": AcsCredentialWarningCode,
    "VisionlineCardFunctionType": VisionlineCardFunctionType,
}


def core_enum_values() -> Dict[str, Dict[str, str]]:
    """Each enum's `Variant = "api_text"` pairs, read from the core's models.rs."""
    source = (REPO_ROOT / "core" / "src" / "models.rs").read_text()
    values: Dict[str, Dict[str, str]] = {}
    for name, body in re.findall(r"open_enum!\s*\{.*?(\w+)\s*\{(.*?)\}\s*\}", source, re.S):
        values[name] = dict(re.findall(r"(\w+)\s*=\s*\"([^\"]+)\"", body))
    return values


def screaming(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).upper()


def test_every_variant_spells_its_value_as_the_core_does() -> None:
    core = core_enum_values()
    assert set(core) == set(ENUMS)
    for name, enum in ENUMS.items():
        python = {k: v for k, v in variants(enum).items() if k != "OTHER"}
        assert set(python) == {screaming(v) for v in core[name]}, name
        for variant, text in core[name].items():
            member = python[screaming(variant)]()
            assert member.value == text
            assert str(member) == text


def credential_body(**fields: Any) -> str:
    credential = {
        "acs_credential_id": CREDENTIAL,
        "acs_user_id": USER,
        "display_name": "Test",
        "acs_system_id": "11111111-1111-1111-1111-111111111111",
        "access_method": "code",
        "workspace_id": "00000000-0000-0000-0000-000000000000",
        "created_at": "2024-04-12T03:56:22.396Z",
        **fields,
    }
    return json.dumps({"ok": True, "acs_credential": credential})


def assign_with(fake: FakeSeam, seam: Seam, **fields: Any) -> AcsCredential:
    fake.fault(status=200, body=credential_body(**fields))
    return seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)


def test_every_known_value_parses_to_its_variant(fake: FakeSeam, seam: Seam) -> None:
    core = core_enum_values()
    methods: List[str] = list(core["AccessMethod"].values())
    types: List[str] = list(core["ExternalType"].values())
    functions: List[str] = list(core["VisionlineCardFunctionType"].values())
    codes: List[str] = list(core["AcsCredentialWarningCode"].values())
    for i, external_type in enumerate(types):
        c = assign_with(
            fake,
            seam,
            access_method=methods[i % len(methods)],
            external_type=external_type,
            visionline_metadata={"card_function_type": functions[i % len(functions)]},
            warnings=[{"warning_code": code, "message": code} for code in codes],
        )
        seen = [c.access_method, c.external_type, c.visionline_metadata.card_function_type]
        seen += [w.warning_code for w in c.warnings]
        expected = [methods[i % len(methods)], external_type, functions[i % len(functions)]]
        for value, text in zip(seen, expected + codes):
            assert value is not None and not value.is_other(), text
            assert str(value) == text and value.value == text


def test_enums_are_hashable_and_compare_by_value() -> None:
    assert {AccessMethod.CODE(), AccessMethod.CODE(), AccessMethod.OTHER("x")} == {
        AccessMethod.CODE(),
        AccessMethod.OTHER("x"),
    }
    assert AccessMethod.OTHER("x") != AccessMethod.OTHER("y")
    assert AccessMethod.CODE() != AccessMethod.CARD()
    assert repr(AccessMethod.MOBILE_KEY()) == "AccessMethod.MOBILE_KEY()"
    assert repr(ExternalType.OTHER("quantum_key")) == "ExternalType.OTHER(value='quantum_key')"
    assert isinstance(AccessMethod.CODE(), AccessMethod)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-12T03:56:22.396Z", datetime.datetime(2024, 4, 12, 3, 56, 22, 396000)),
        ("2024-04-12T05:56:22+02:00", datetime.datetime(2024, 4, 12, 3, 56, 22)),
        ("2024-04-12T03:56:22.123456Z", datetime.datetime(2024, 4, 12, 3, 56, 22, 123456)),
        ("1969-07-20T20:17:40Z", datetime.datetime(1969, 7, 20, 20, 17, 40)),
    ],
)
def test_timestamps_are_aware_utc_datetimes(
    fake: FakeSeam, seam: Seam, text: str, expected: datetime.datetime
) -> None:
    c = assign_with(fake, seam, created_at=text, starts_at=text)
    for value in (c.created_at, c.starts_at):
        assert isinstance(value, datetime.datetime)
        assert value.tzinfo is not None and value.utcoffset() == datetime.timedelta(0)
        assert value == expected.replace(tzinfo=datetime.timezone.utc)
