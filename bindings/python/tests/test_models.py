"""The seeded credentials as Python values: the generated models and enums, read by the core
(warnings of every kind, errors, metadata, values this SDK does not know, values that do not
read as their type)."""

from __future__ import annotations

import datetime
import json

from seam_core import (
    AccessMethod, AcsCredentialWarningCode, AcsEntranceWarningCode, AkilesMetadata,
    ExternalType, Seam, VisionlineCardFunctionType, VisionlineMetadata,
)  # fmt: skip
from support import (
    ACCOUNT, AKILES, CLOUD_KEY, CREDENTIAL, FUTURE, IDENTITY, ODD_VALUES, OTHER_USER, PIN,
    ROOM_101, SYSTEM, VISIONLINE, VOSTIO, WARNINGS, WORKSPACE,
)  # fmt: skip

UTC = datetime.timezone.utc


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_the_docs_mobile_key(seam: Seam) -> None:
    c = seam.acs.credentials.get(acs_credential_id=CREDENTIAL)
    assert (c.display_name, c.acs_system_id, c.workspace_id) == (
        "Multi Phone Sync Credential", SYSTEM, WORKSPACE)  # fmt: skip
    assert c.access_method == AccessMethod.MOBILE_KEY() and c.access_method.is_mobile_key()
    assert str(c.access_method) == "mobile_key"
    assert c.connected_account_id == ACCOUNT and c.is_multi_phone_sync_credential is True
    assert c.created_at == at("2024-04-12T03:56:22.396Z") and c.created_at.tzinfo is not None
    assert (c.code, c.external_type, c.errors, c.warnings, c.unknown_fields) == (None, None, [], [], {})


def test_every_warning_kind_and_errors_with_their_times(seam: Seam) -> None:
    c = seam.acs.credentials.get(acs_credential_id=WARNINGS)
    codes = [str(w.warning_code) for w in c.warnings]
    assert codes == ["waiting_to_be_issued", "schedule_externally_modified", "schedule_modified",
                     "being_deleted", "unknown_issue_with_acs_credential", "needs_to_be_reissued",
                     "requested_code_unavailable"]  # fmt: skip
    assert not any(w.warning_code.is_other() for w in c.warnings)
    unavailable = c.warnings[-1]
    assert unavailable.warning_code == AcsCredentialWarningCode.REQUESTED_CODE_UNAVAILABLE()
    assert (unavailable.original_code, unavailable.new_code) == ("4321", "4322")
    assert all(w.original_code is None and w.new_code is None for w in c.warnings[:-1])
    assert [w.created_at for w in c.warnings] == [
        at(f"2024-04-24T08:00:0{i}Z") for i in range(1, 8)]  # fmt: skip
    assert [(e.error_code, e.created_at) for e in c.errors] == [
        ("failed_to_sync", at("2024-04-24T08:10:00Z")),
        ("code_rejected_by_provider", at("2024-04-24T08:11:00Z")),
    ]
    vostio = seam.acs.credentials.get(acs_credential_id=VOSTIO)
    assert [(e.error_code, e.created_at) for e in vostio.errors] == [
        ("failed_to_issue", at("2024-04-22T08:00:05Z"))]  # fmt: skip


def test_a_kisi_cloud_key(seam: Seam) -> None:
    c = seam.acs.credentials.get(acs_credential_id=CLOUD_KEY)
    assert c.access_method == AccessMethod.CLOUD_KEY() and str(c.access_method) == "cloud_key"
    assert c.external_type == ExternalType.KISI_CREDENTIAL()
    assert str(c.external_type) == "kisi_credential" and c.acs_user_id == OTHER_USER


def test_akiles_metadata(seam: Seam) -> None:
    c = seam.acs.credentials.get(acs_credential_id=AKILES)
    assert c.akiles_metadata == AkilesMetadata(member_pin_id="mp-1", unknown_fields={})
    assert str(c.external_type) == "akiles_credential" and c.user_identity_id == IDENTITY
    assert (c.code, c.other_metadata) == ("9876", {})


def test_a_visionline_card(seam: Seam) -> None:
    v = seam.acs.credentials.get(acs_credential_id=VISIONLINE).visionline_metadata
    assert isinstance(v, VisionlineMetadata)
    assert v.card_function_type == VisionlineCardFunctionType.GUEST()
    assert str(v.card_function_type) == "guest" and (v.card_id, v.auto_join) == ("5", True)


def test_values_this_sdk_does_not_know_are_kept(seam: Seam) -> None:
    c = seam.acs.credentials.get(acs_credential_id=FUTURE)
    assert isinstance(c.access_method, AccessMethod.OTHER)
    assert c.access_method.value == "quantum_link" and str(c.access_method) == "quantum_link"
    assert c.access_method == AccessMethod.OTHER("quantum_link")
    assert c.external_type == ExternalType.OTHER("quantum_key")
    assert str(c.warnings[0].warning_code) == "brand_new_warning"
    assert json.loads(c.other_metadata["salto_space_metadata"]) == {"door_count": 3, "zones": ["A", "B"]}
    assert {k: json.loads(v) for k, v in c.unknown_fields.items()} == {
        "brand_new_field": {"nested": [1, 2]}, "another_new_field": "x"}  # fmt: skip


def test_odd_values_read_or_are_kept_raw(seam: Seam) -> None:
    c = seam.acs.credentials.get(acs_credential_id=ODD_VALUES)
    assert c.display_name == "Odd Values"
    assert c.starts_at == datetime.datetime(2024, 4, 12, 3, 56, 22, tzinfo=UTC)
    assert c.issued_at == datetime.datetime(2024, 4, 12, tzinfo=UTC)
    assert c.ends_at is None and c.unknown_fields["ends_at"] == '"next tuesday"'
    assert c.unknown_fields["big_number"] == "18446744073709551615"  # byte for byte
    v = c.visionline_metadata
    assert v is not None and v.card_function_type is None and v.card_id == "7"
    assert v.unknown_fields == {"door_zone": '"west"'}
    assert c.warnings[0].unknown_fields == {"retry_in_s": "30"}


def test_enums_hash_and_compare_by_value() -> None:
    assert {AccessMethod.CODE(), AccessMethod.CODE(), AccessMethod.OTHER("x")} == {
        AccessMethod.CODE(), AccessMethod.OTHER("x")}  # fmt: skip
    assert AccessMethod.OTHER("x") != AccessMethod.OTHER("y") and AccessMethod.CODE() != AccessMethod.CARD()


def test_entrances_with_their_warnings(seam: Seam) -> None:
    entrances = seam.acs.credentials.list_accessible_entrances(acs_credential_id=PIN)
    assert [e.acs_entrance_id for e in entrances] == [ROOM_101]
    (room,) = entrances
    assert (room.display_name, room.is_locked, room.can_unlock_with_code) == ("Room 101", False, True)
    assert room.warnings[0].warning_code == AcsEntranceWarningCode.PRIVACY_MODE()
    assert "salto_ks_metadata" in room.other_metadata
