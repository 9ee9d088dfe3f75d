"""Every field of every seeded credential, as Python values (mirrors core/tests/assign.rs)."""

from __future__ import annotations

import datetime
import json

import pytest

from seam_core import (
    AccessMethod,
    AcsCredential,
    AcsCredentialError,
    AcsCredentialWarning,
    AcsCredentialWarningCode,
    AssaAbloyVostioMetadata,
    ExternalType,
    Seam,
    VisionlineCardFunctionType,
    VisionlineMetadata,
)
from support import CREDENTIAL, OTHER_USER, USER, WORKSPACE, FakeSeam

SYSTEM = "11111111-1111-1111-1111-111111111111"
ACCOUNT = "22222222-2222-2222-2222-222222222222"


def ts(text: str) -> datetime.datetime:
    """An RFC 3339 `…Z` timestamp as an aware UTC datetime."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_timestamp(value: object, expected: str) -> None:
    assert isinstance(value, datetime.datetime)
    assert value.tzinfo is not None and value.utcoffset() == datetime.timedelta(0)
    assert value == ts(expected)


def assign(seam: Seam, user: str, credential: str) -> AcsCredential:
    return seam.acs.credentials.assign(acs_user_id=user, acs_credential_id=credential)


def test_the_docs_mobile_key(seam: Seam) -> None:
    c = assign(seam, USER, CREDENTIAL)
    assert c.acs_credential_id == CREDENTIAL
    assert c.acs_user_id == USER
    assert c.display_name == "Multi Phone Sync Credential"
    assert c.code is None
    assert c.card_number is None
    assert c.acs_system_id == SYSTEM
    assert c.access_method == AccessMethod.MOBILE_KEY()
    assert c.access_method.is_mobile_key() and not c.access_method.is_other()
    assert str(c.access_method) == "mobile_key"
    assert c.external_type is None
    assert c.external_type_display_name is None
    assert c.workspace_id == WORKSPACE
    assert c.connected_account_id == ACCOUNT
    assert c.parent_acs_credential_id is None
    assert c.acs_credential_pool_id is None
    assert c.user_identity_id is None
    check_timestamp(c.created_at, "2024-04-12T03:56:22.396Z")
    assert c.starts_at is None and c.ends_at is None
    assert c.is_multi_phone_sync_credential is True
    assert c.is_managed is True
    assert c.is_issued is None and c.issued_at is None
    assert c.is_one_time_use is None
    assert c.is_latest_desired_state_synced_with_provider is None
    assert c.latest_desired_state_synced_with_provider_at is None
    assert c.visionline_metadata is None and c.assa_abloy_vostio_metadata is None
    assert c.other_metadata == {} and c.unknown_fields == {}
    assert c.errors == [] and c.warnings == []


def test_a_code_credential(seam: Seam) -> None:
    c = assign(seam, OTHER_USER, "88888888-8888-8888-8888-888888888888")
    assert c.acs_user_id == OTHER_USER
    assert c.display_name == "Front Door PIN"
    assert c.access_method == AccessMethod.CODE()
    assert c.code == "123456"
    assert c.external_type == ExternalType.SALTO_KS_CREDENTIAL()
    assert str(c.external_type) == "salto_ks_credential"
    assert c.external_type_display_name == "Salto KS Credential"
    assert c.is_multi_phone_sync_credential is False
    assert c.is_one_time_use is False
    check_timestamp(c.starts_at, "2024-05-01T16:00:00.000Z")
    check_timestamp(c.ends_at, "2024-05-08T11:00:00.000Z")
    check_timestamp(c.created_at, "2024-04-20T09:15:00.000Z")
    assert c.is_latest_desired_state_synced_with_provider is True
    check_timestamp(c.latest_desired_state_synced_with_provider_at, "2024-04-20T09:16:30.000Z")
    assert c.errors == [] and c.warnings == []


def test_a_visionline_card_with_a_warning(seam: Seam) -> None:
    c = assign(seam, USER, "99999999-9999-9999-9999-999999999999")
    assert c.display_name == "Guest Card"
    assert c.access_method == AccessMethod.CARD()
    assert c.card_number == "0012345678"
    assert c.external_type == ExternalType.VISIONLINE_CARD()
    assert c.external_type_display_name == "Visionline Card"
    assert c.is_issued is True
    check_timestamp(c.issued_at, "2024-04-21T10:00:00.000Z")
    v = c.visionline_metadata
    assert isinstance(v, VisionlineMetadata)
    assert v.card_function_type == VisionlineCardFunctionType.GUEST()
    assert str(v.card_function_type) == "guest"
    assert v.auto_join is True
    assert v.card_id == "5"
    assert v.credential_id == "15"
    assert v.is_valid is True
    assert v.common_acs_entrance_ids == ["aaaaaaaa-0000-0000-0000-000000000001"]
    assert v.guest_acs_entrance_ids == ["aaaaaaaa-0000-0000-0000-000000000002"]
    assert v.joiner_acs_credential_ids == []
    assert c.assa_abloy_vostio_metadata is None
    assert len(c.warnings) == 1
    w = c.warnings[0]
    assert isinstance(w, AcsCredentialWarning)
    assert w.warning_code == AcsCredentialWarningCode.WAITING_TO_BE_ISSUED()
    assert str(w.warning_code) == "waiting_to_be_issued"
    assert w.message == "The credential is waiting to be issued."
    check_timestamp(w.created_at, "2024-04-21T09:59:01.000Z")


def test_a_vostio_key_with_an_error_and_links(seam: Seam) -> None:
    c = assign(seam, USER, "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa")
    assert c.display_name == "Vostio Key"
    assert c.external_type == ExternalType.ASSA_ABLOY_VOSTIO_KEY()
    assert c.external_type_display_name == "ASSA ABLOY Vostio Key"
    assert c.parent_acs_credential_id == "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"
    assert c.acs_credential_pool_id == "cccccccc-cccc-cccc-cccc-cccccccccccc"
    assert c.user_identity_id == "dddddddd-dddd-dddd-dddd-dddddddddddd"
    v = c.assa_abloy_vostio_metadata
    assert isinstance(v, AssaAbloyVostioMetadata)
    assert v.auto_join is False
    assert v.door_names == ["Room 101", "Gym"]
    assert v.endpoint_id == "ep-1"
    assert v.key_id == "key-1"
    assert v.key_issuing_request_id == "kir-1"
    assert v.override_guest_acs_entrance_ids == ["aaaaaaaa-0000-0000-0000-000000000003"]
    assert len(c.errors) == 1
    e = c.errors[0]
    assert isinstance(e, AcsCredentialError)
    assert (e.error_code, e.message) == ("failed_to_issue", "The key could not be issued.")


def test_what_a_newer_api_adds_is_kept(seam: Seam) -> None:
    c = assign(seam, USER, "77777777-7777-7777-7777-777777777777")
    # Unknown enum values keep the API's text.
    assert c.access_method.is_other()
    assert isinstance(c.access_method, AccessMethod.OTHER)
    assert c.access_method.value == "cloud_key"
    assert str(c.access_method) == "cloud_key"
    assert c.access_method == AccessMethod.OTHER("cloud_key")
    assert c.external_type == ExternalType.OTHER("quantum_key")
    assert str(c.external_type) == "quantum_key"
    assert c.warnings[0].warning_code == AcsCredentialWarningCode.OTHER("brand_new_warning")
    assert str(c.warnings[0].warning_code) == "brand_new_warning"
    assert c.warnings[0].message == "Something new."
    # Manufacturer metadata and unmodelled fields, as JSON text.
    assert set(c.other_metadata) == {"salto_space_metadata"}
    assert json.loads(c.other_metadata["salto_space_metadata"]) == {
        "door_count": 3,
        "zones": ["A", "B"],
    }
    assert {k: json.loads(v) for k, v in c.unknown_fields.items()} == {
        "brand_new_field": {"nested": [1, 2]},
        "another_new_field": "x",
    }
    assert "\n  access_method='cloud_key',\n" in repr(c)
    assert "\n  other_metadata={'salto_space_metadata': '{\"door_count\":3,\"zones\":[\"A\",\"B\"]}'},\n" in repr(c)
    # Maps are shown sorted by key, whatever order the core's map has.
    assert (
        "\n  unknown_fields={'another_new_field': '\"x\"', 'brand_new_field': '{\"nested\":[1,2]}'},\n"
        in repr(c)
    )


@pytest.mark.parametrize(
    "credential",
    [
        "88888888-8888-8888-8888-888888888888",
        "99999999-9999-9999-9999-999999999999",
        "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",
        "77777777-7777-7777-7777-777777777777",
    ],
)
def test_repr_shows_every_set_field_and_nested_records(seam: Seam, credential: str) -> None:
    c = assign(seam, USER, credential)
    text = repr(c)
    assert text.startswith("AcsCredential(\n  acs_credential_id=") and text.endswith("\n)")
    for name in [
        "display_name",
        "acs_system_id",
        "access_method",
        "workspace_id",
        "created_at",
        "is_managed",
    ]:
        assert f"\n  {name}=" in text
    if c.warnings:
        assert "\n  warnings=[\n    AcsCredentialWarning(\n      warning_code=" in text
    if c.visionline_metadata is not None:
        assert "\n  visionline_metadata=VisionlineMetadata(\n    card_function_type='guest'," in text
    if c.errors:
        assert "error_code='failed_to_issue'" in text
    # Nothing set is hidden; nothing unset is shown.
    assert "=None" not in text and "=[]" not in text and "={}" not in text


def test_records_compare_by_value(seam: Seam) -> None:
    first = assign(seam, USER, CREDENTIAL)
    assert first == assign(seam, USER, CREDENTIAL)
    assert first != assign(seam, USER, "99999999-9999-9999-9999-999999999999")


def test_the_same_credential_for_another_user(seam: Seam, fake: FakeSeam) -> None:
    c = assign(seam, OTHER_USER, CREDENTIAL)
    assert c.acs_user_id == OTHER_USER
    assert fake.assign_count() == 1
