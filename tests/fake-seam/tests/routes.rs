// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Every route of `routes.json`: its happy path (with the SDKs' method and with POST), its
//! typed 404, a bare 404 for a method it doesn't take, and every object it answers carrying
//! each field its model schema requires.

mod common;

use std::collections::BTreeSet;

use common::*;
use fake_seam::{ids, FakeSeam, ROUTES_JSON};
use serde_json::{json, Value};

/// Objects the cases below refer to, made afresh after each reset.
struct Setup {
    grant: String,
    code_method: String,
    card_method: String,
    attempt: String,
    webhook: String,
    event: String,
}

fn setup(url: &str) -> Setup {
    let grant = sdk_ok(
        url,
        "POST",
        "/access_grants/create",
        &json!({"user_identity_id": ids::USER_IDENTITY, "acs_entrance_ids": [ids::LOBBY_ENTRANCE],
                "access_grant_key": "grant-1",
                "requested_access_methods": [{"mode": "code"}, {"mode": "card"}]}),
    )["access_grant"]
        .clone();
    let methods = grant["access_method_ids"].as_array().unwrap();
    let attempt = sdk_ok(
        url,
        "POST",
        "/acs/entrances/unlock",
        &json!({"acs_entrance_id": ids::ROOM_101_ENTRANCE, "acs_credential_id": ids::PIN_CREDENTIAL}),
    );
    let webhook = sdk_ok(
        url,
        "POST",
        "/webhooks/create",
        &json!({"url": "http://127.0.0.1:9/hook", "event_types": ["phone.deactivated"]}),
    );
    let events = sdk_ok(url, "GET", "/events/list", &json!({}));
    let text = |v: &Value| v.as_str().unwrap().to_owned();
    Setup {
        grant: text(&grant["access_grant_id"]),
        code_method: text(&methods[0]),
        card_method: text(&methods[1]),
        attempt: text(&attempt["action_attempt"]["action_attempt_id"]),
        webhook: text(&webhook["webhook"]["webhook_id"]),
        event: text(&events["events"][0]["event_id"]),
    }
}

/// (path, happy parameters, members of the answer besides `ok`, the 404: parameters and
/// error type, when the route looks something up).
type Case = (
    &'static str,
    fn(&Setup) -> Value,
    &'static [&'static str],
    Option<(fn(&Setup) -> Value, &'static str)>,
);

fn cases() -> Vec<Case> {
    use fake_seam::ids::*;
    vec![
        (
            "/access_grants/create",
            |_| json!({"user_identity_id": USER_IDENTITY, "acs_entrance_ids": [LOBBY_ENTRANCE], "requested_access_methods": [{"mode": "code"}]}),
            &["access_grant"],
            Some((
                |_| json!({"user_identity_id": MISSING, "requested_access_methods": []}),
                "user_identity_not_found",
            )),
        ),
        (
            "/access_grants/delete",
            |s| json!({"access_grant_id": s.grant}),
            &[],
            Some((
                |_| json!({"access_grant_id": MISSING}),
                "access_grant_not_found",
            )),
        ),
        (
            "/access_grants/get",
            |s| json!({"access_grant_id": s.grant}),
            &["access_grant"],
            Some((
                |_| json!({"access_grant_key": "nope"}),
                "access_grant_not_found",
            )),
        ),
        (
            "/access_grants/get_related",
            |s| json!({"access_grant_ids": [s.grant]}),
            &["batch"],
            None,
        ),
        (
            "/access_grants/list",
            |_| json!({}),
            &["access_grants", "pagination"],
            None,
        ),
        (
            "/access_grants/request_access_methods",
            |s| json!({"access_grant_id": s.grant, "requested_access_methods": [{"mode": "mobile_key"}]}),
            &["access_grant"],
            Some((
                |_| json!({"access_grant_id": MISSING, "requested_access_methods": [{"mode": "code"}]}),
                "access_grant_not_found",
            )),
        ),
        (
            "/access_grants/unmanaged/get",
            |_| json!({"access_grant_id": UNMANAGED_ACCESS_GRANT}),
            &["access_grant"],
            Some((
                |s| json!({"access_grant_id": s.grant}),
                "access_grant_not_found",
            )),
        ),
        (
            "/access_grants/unmanaged/list",
            |_| json!({}),
            &["access_grants", "pagination"],
            None,
        ),
        (
            "/access_grants/unmanaged/update",
            |_| json!({"access_grant_id": UNMANAGED_ACCESS_GRANT, "is_managed": true}),
            &[],
            Some((
                |_| json!({"access_grant_id": MISSING, "is_managed": true}),
                "access_grant_not_found",
            )),
        ),
        (
            "/access_grants/update",
            |s| json!({"access_grant_id": s.grant, "name": "Stay"}),
            &[],
            Some((
                |_| json!({"access_grant_id": MISSING}),
                "access_grant_not_found",
            )),
        ),
        (
            "/access_methods/assign_card",
            |s| json!({"access_method_id": s.card_method, "card_number": "0011"}),
            &["action_attempt"],
            Some((
                |_| json!({"access_method_id": MISSING, "card_number": "0011"}),
                "access_method_not_found",
            )),
        ),
        (
            "/access_methods/delete",
            |s| json!({"access_method_id": s.code_method}),
            &[],
            Some((
                |_| json!({"access_method_id": MISSING}),
                "access_method_not_found",
            )),
        ),
        (
            "/access_methods/encode",
            |s| json!({"access_method_id": s.card_method, "acs_encoder_id": ACS_ENCODER}),
            &["action_attempt"],
            Some((
                |s| json!({"access_method_id": s.card_method, "acs_encoder_id": MISSING}),
                "acs_encoder_not_found",
            )),
        ),
        (
            "/access_methods/get",
            |s| json!({"access_method_id": s.code_method}),
            &["access_method"],
            Some((
                |_| json!({"access_method_id": UNMANAGED_ACCESS_METHOD}),
                "access_method_not_found",
            )),
        ),
        (
            "/access_methods/get_related",
            |s| json!({"access_method_ids": [s.code_method]}),
            &["batch"],
            None,
        ),
        (
            "/access_methods/list",
            |s| json!({"access_grant_id": s.grant}),
            &["access_methods", "pagination"],
            Some((
                |_| json!({"access_grant_id": MISSING}),
                "access_grant_not_found",
            )),
        ),
        (
            "/access_methods/unlock_door",
            |s| json!({"access_method_id": s.code_method, "acs_entrance_id": LOBBY_ENTRANCE}),
            &["action_attempt"],
            Some((
                |s| json!({"access_method_id": s.code_method, "acs_entrance_id": MISSING}),
                "acs_entrance_not_found",
            )),
        ),
        (
            "/access_methods/unmanaged/get",
            |_| json!({"access_method_id": UNMANAGED_ACCESS_METHOD}),
            &["access_method"],
            Some((
                |s| json!({"access_method_id": s.code_method}),
                "access_method_not_found",
            )),
        ),
        (
            "/access_methods/unmanaged/list",
            |_| json!({"access_grant_id": UNMANAGED_ACCESS_GRANT}),
            &["access_methods"],
            Some((
                |_| json!({"access_grant_id": MISSING}),
                "access_grant_not_found",
            )),
        ),
        (
            "/acs/access_groups/add_user",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP, "acs_user_id": ACS_USER}),
            &[],
            Some((
                |_| json!({"acs_access_group_id": MISSING, "acs_user_id": ACS_USER}),
                "acs_access_group_not_found",
            )),
        ),
        (
            "/acs/access_groups/delete",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
            &[],
            Some((
                |_| json!({"acs_access_group_id": MISSING}),
                "acs_access_group_not_found",
            )),
        ),
        (
            "/acs/access_groups/get",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
            &["acs_access_group"],
            Some((
                |_| json!({"acs_access_group_id": MISSING}),
                "acs_access_group_not_found",
            )),
        ),
        (
            "/acs/access_groups/list",
            |_| json!({}),
            &["acs_access_groups"],
            None,
        ),
        (
            "/acs/access_groups/list_accessible_entrances",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
            &["acs_entrances"],
            Some((
                |_| json!({"acs_access_group_id": MISSING}),
                "acs_access_group_not_found",
            )),
        ),
        (
            "/acs/access_groups/list_users",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
            &["acs_users"],
            Some((
                |_| json!({"acs_access_group_id": MISSING}),
                "acs_access_group_not_found",
            )),
        ),
        (
            "/acs/access_groups/remove_user",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP, "acs_user_id": OTHER_ACS_USER}),
            &[],
            Some((
                |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP, "acs_user_id": MISSING}),
                "acs_user_not_found",
            )),
        ),
        (
            "/acs/credentials/assign",
            |_| json!({"acs_credential_id": PIN_CREDENTIAL, "acs_user_id": OTHER_ACS_USER}),
            &["acs_credential"],
            Some((
                |_| json!({"acs_credential_id": MISSING, "acs_user_id": OTHER_ACS_USER}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/credentials/create",
            |_| json!({"access_method": "code", "acs_user_id": ACS_USER}),
            &["acs_credential"],
            Some((
                |_| json!({"access_method": "code", "acs_user_id": MISSING}),
                "acs_user_not_found",
            )),
        ),
        (
            "/acs/credentials/delete",
            |_| json!({"acs_credential_id": PIN_CREDENTIAL}),
            &[],
            Some((
                |_| json!({"acs_credential_id": MISSING}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/credentials/get",
            |_| json!({"acs_credential_id": PIN_CREDENTIAL}),
            &["acs_credential"],
            Some((
                |_| json!({"acs_credential_id": MISSING}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/credentials/list",
            |_| json!({}),
            &["acs_credentials", "pagination"],
            None,
        ),
        (
            "/acs/credentials/list_accessible_entrances",
            |_| json!({"acs_credential_id": PIN_CREDENTIAL}),
            &["acs_entrances"],
            Some((
                |_| json!({"acs_credential_id": MISSING}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/credentials/unassign",
            |_| json!({"acs_credential_id": PIN_CREDENTIAL, "acs_user_id": ACS_USER}),
            &["acs_credential"],
            Some((
                |_| json!({"acs_credential_id": MISSING, "acs_user_id": ACS_USER}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/credentials/update",
            |_| json!({"acs_credential_id": PIN_CREDENTIAL, "code": "2468"}),
            &["acs_credential"],
            Some((
                |_| json!({"acs_credential_id": MISSING}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/encoders/encode_credential",
            |_| json!({"acs_encoder_id": ACS_ENCODER, "acs_credential_id": PIN_CREDENTIAL}),
            &["action_attempt"],
            Some((
                |_| json!({"acs_encoder_id": MISSING, "acs_credential_id": PIN_CREDENTIAL}),
                "acs_encoder_not_found",
            )),
        ),
        (
            "/acs/encoders/get",
            |_| json!({"acs_encoder_id": ACS_ENCODER}),
            &["acs_encoder"],
            Some((
                |_| json!({"acs_encoder_id": MISSING}),
                "acs_encoder_not_found",
            )),
        ),
        (
            "/acs/encoders/list",
            |_| json!({"acs_system_ids": [ACS_SYSTEM]}),
            &["acs_encoders", "pagination"],
            None,
        ),
        (
            "/acs/encoders/scan_credential",
            |_| json!({"acs_encoder_id": ACS_ENCODER}),
            &["action_attempt"],
            Some((
                |_| json!({"acs_encoder_id": MISSING}),
                "acs_encoder_not_found",
            )),
        ),
        (
            "/acs/encoders/scan_to_assign_credential",
            |_| json!({"acs_encoder_id": ACS_ENCODER, "acs_user_id": ACS_USER}),
            &["action_attempt"],
            Some((
                |_| json!({"acs_encoder_id": ACS_ENCODER, "acs_user_id": MISSING}),
                "acs_user_not_found",
            )),
        ),
        (
            "/acs/encoders/simulate/next_credential_encode_will_fail",
            |_| json!({"acs_encoder_id": ACS_ENCODER}),
            &[],
            Some((
                |_| json!({"acs_encoder_id": MISSING}),
                "acs_encoder_not_found",
            )),
        ),
        (
            "/acs/encoders/simulate/next_credential_encode_will_succeed",
            |_| json!({"acs_encoder_id": ACS_ENCODER}),
            &[],
            Some((
                |_| json!({"acs_encoder_id": MISSING}),
                "acs_encoder_not_found",
            )),
        ),
        (
            "/acs/encoders/simulate/next_credential_scan_will_fail",
            |_| json!({"acs_encoder_id": ACS_ENCODER}),
            &[],
            Some((
                |_| json!({"acs_encoder_id": ACS_ENCODER, "acs_credential_id_on_seam": MISSING}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/encoders/simulate/next_credential_scan_will_succeed",
            |_| json!({"acs_encoder_id": ACS_ENCODER, "scenario": "credential_on_encoder_is_empty"}),
            &[],
            Some((
                |_| json!({"acs_encoder_id": MISSING}),
                "acs_encoder_not_found",
            )),
        ),
        (
            "/acs/entrances/get",
            |_| json!({"acs_entrance_id": LOBBY_ENTRANCE}),
            &["acs_entrance"],
            Some((
                |_| json!({"acs_entrance_id": MISSING}),
                "acs_entrance_not_found",
            )),
        ),
        (
            "/acs/entrances/grant_access",
            |_| json!({"acs_entrance_id": LOBBY_ENTRANCE, "acs_user_id": ACS_USER}),
            &[],
            Some((
                |_| json!({"acs_entrance_id": MISSING, "acs_user_id": ACS_USER}),
                "acs_entrance_not_found",
            )),
        ),
        (
            "/acs/entrances/list",
            |_| json!({"acs_system_id": ACS_SYSTEM}),
            &["acs_entrances", "pagination"],
            None,
        ),
        (
            "/acs/entrances/list_credentials_with_access",
            |_| json!({"acs_entrance_id": ROOM_101_ENTRANCE}),
            &["acs_credentials"],
            Some((
                |_| json!({"acs_entrance_id": MISSING}),
                "acs_entrance_not_found",
            )),
        ),
        (
            "/acs/entrances/unlock",
            |_| json!({"acs_entrance_id": ROOM_101_ENTRANCE, "acs_credential_id": PIN_CREDENTIAL}),
            &["action_attempt"],
            Some((
                |_| json!({"acs_entrance_id": ROOM_101_ENTRANCE, "acs_credential_id": MISSING}),
                "acs_credential_not_found",
            )),
        ),
        (
            "/acs/systems/get",
            |_| json!({"acs_system_id": ACS_SYSTEM}),
            &["acs_system"],
            Some((
                |_| json!({"acs_system_id": MISSING}),
                "acs_system_not_found",
            )),
        ),
        ("/acs/systems/list", |_| json!({}), &["acs_systems"], None),
        (
            "/acs/systems/list_compatible_credential_manager_acs_systems",
            |_| json!({"acs_system_id": ACS_SYSTEM}),
            &["acs_systems"],
            Some((
                |_| json!({"acs_system_id": MISSING}),
                "acs_system_not_found",
            )),
        ),
        (
            "/acs/systems/report_devices",
            |_| json!({"acs_system_id": ACS_SYSTEM, "acs_encoders": [{"hotek_metadata": {"encoder_number": "7"}}]}),
            &[],
            Some((
                |_| json!({"acs_system_id": MISSING}),
                "acs_system_not_found",
            )),
        ),
        (
            "/acs/users/add_to_access_group",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP, "acs_user_id": ACS_USER}),
            &[],
            Some((
                |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP, "acs_user_id": MISSING}),
                "acs_user_not_found",
            )),
        ),
        (
            "/acs/users/create",
            |_| json!({"acs_system_id": ACS_SYSTEM, "full_name": "Ada Lovelace", "email_address": "ada@example.com"}),
            &["acs_user"],
            Some((
                |_| json!({"acs_system_id": MISSING, "full_name": "Ada"}),
                "acs_system_not_found",
            )),
        ),
        (
            "/acs/users/delete",
            |_| json!({"acs_user_id": ACS_USER}),
            &[],
            Some((|_| json!({"acs_user_id": MISSING}), "acs_user_not_found")),
        ),
        (
            "/acs/users/get",
            |_| json!({"acs_user_id": ACS_USER}),
            &["acs_user"],
            Some((|_| json!({"acs_user_id": MISSING}), "acs_user_not_found")),
        ),
        (
            "/acs/users/list",
            |_| json!({"acs_system_id": ACS_SYSTEM}),
            &["acs_users", "pagination"],
            None,
        ),
        (
            "/acs/users/list_accessible_entrances",
            |_| json!({"acs_user_id": OTHER_ACS_USER}),
            &["acs_entrances"],
            Some((|_| json!({"acs_user_id": MISSING}), "acs_user_not_found")),
        ),
        (
            "/acs/users/remove_from_access_group",
            |_| json!({"acs_access_group_id": STAFF_ACCESS_GROUP, "acs_user_id": OTHER_ACS_USER}),
            &[],
            Some((
                |_| json!({"acs_access_group_id": MISSING, "acs_user_id": OTHER_ACS_USER}),
                "acs_access_group_not_found",
            )),
        ),
        (
            "/acs/users/revoke_access_to_all_entrances",
            |_| json!({"acs_user_id": OTHER_ACS_USER}),
            &[],
            Some((|_| json!({"acs_user_id": MISSING}), "acs_user_not_found")),
        ),
        (
            "/acs/users/suspend",
            |_| json!({"acs_user_id": ACS_USER}),
            &[],
            Some((|_| json!({"acs_user_id": MISSING}), "acs_user_not_found")),
        ),
        (
            "/acs/users/unsuspend",
            |_| json!({"user_identity_id": USER_IDENTITY, "acs_system_id": ACS_SYSTEM}),
            &[],
            Some((
                |_| json!({"user_identity_id": MISSING, "acs_system_id": ACS_SYSTEM}),
                "user_identity_not_found",
            )),
        ),
        (
            "/acs/users/update",
            |_| json!({"acs_user_id": ACS_USER, "full_name": "Jane Q. Doe"}),
            &[],
            Some((|_| json!({"acs_user_id": MISSING}), "acs_user_not_found")),
        ),
        (
            "/action_attempts/get",
            |s| json!({"action_attempt_id": s.attempt}),
            &["action_attempt"],
            Some((
                |_| json!({"action_attempt_id": MISSING}),
                "action_attempt_not_found",
            )),
        ),
        (
            "/action_attempts/list",
            |s| json!({"action_attempt_ids": [s.attempt]}),
            &["action_attempts", "pagination"],
            None,
        ),
        (
            "/client_sessions/create",
            |_| json!({"user_identity_id": USER_IDENTITY}),
            &["client_session"],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/client_sessions/delete",
            |_| json!({"client_session_id": CLIENT_SESSION}),
            &[],
            Some((
                |_| json!({"client_session_id": MISSING}),
                "client_session_not_found",
            )),
        ),
        (
            "/client_sessions/get",
            |_| json!({"client_session_id": CLIENT_SESSION}),
            &["client_session"],
            Some((
                |_| json!({"user_identifier_key": "nobody"}),
                "client_session_not_found",
            )),
        ),
        (
            "/client_sessions/get_or_create",
            |_| json!({"user_identifier_key": "jane"}),
            &["client_session"],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/client_sessions/grant_access",
            |_| json!({"client_session_id": CLIENT_SESSION, "user_identity_ids": [USER_IDENTITY]}),
            &["client_session"],
            Some((
                |_| json!({"client_session_id": MISSING}),
                "client_session_not_found",
            )),
        ),
        (
            "/client_sessions/list",
            |_| json!({"user_identity_id": USER_IDENTITY}),
            &["client_sessions"],
            None,
        ),
        (
            "/client_sessions/revoke",
            |_| json!({"client_session_id": CLIENT_SESSION}),
            &[],
            Some((
                |_| json!({"client_session_id": MISSING}),
                "client_session_not_found",
            )),
        ),
        (
            "/events/get",
            |s| json!({"event_id": s.event}),
            &["event"],
            Some((|_| json!({"event_id": MISSING}), "event_not_found")),
        ),
        (
            "/events/list",
            |s| json!({"access_grant_id": s.grant}),
            &["events"],
            None,
        ),
        (
            "/user_identities/add_acs_user",
            |_| json!({"user_identity_id": UNLINKED_USER_IDENTITY, "acs_user_id": OTHER_ACS_USER}),
            &[],
            Some((
                |_| json!({"user_identity_id": MISSING, "acs_user_id": OTHER_ACS_USER}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/create",
            |_| json!({"user_identity_key": "ada", "full_name": "Ada Lovelace", "acs_system_ids": [ANNEX_ACS_SYSTEM]}),
            &["user_identity"],
            Some((
                |_| json!({"acs_system_ids": [MISSING]}),
                "acs_system_not_found",
            )),
        ),
        (
            "/user_identities/delete",
            |_| json!({"user_identity_id": USER_IDENTITY}),
            &[],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/generate_instant_key",
            |_| json!({"user_identity_id": USER_IDENTITY}),
            &["instant_key"],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/get",
            |_| json!({"user_identity_key": "jane"}),
            &["user_identity"],
            Some((
                |_| json!({"user_identity_id": UNMANAGED_USER_IDENTITY}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/list",
            |_| json!({"search": "jane"}),
            &["user_identities", "pagination"],
            None,
        ),
        (
            "/user_identities/list_accessible_entrances",
            |_| json!({"user_identity_id": USER_IDENTITY}),
            &["acs_entrances"],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/list_acs_systems",
            |_| json!({"user_identity_id": USER_IDENTITY}),
            &["acs_systems"],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/list_acs_users",
            |_| json!({"user_identity_id": USER_IDENTITY}),
            &["acs_users"],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/merge",
            |_| json!({"user_identity_id": USER_IDENTITY, "merged_user_identity_ids": [UNLINKED_USER_IDENTITY]}),
            &[],
            Some((
                |_| json!({"user_identity_id": USER_IDENTITY, "merged_user_identity_ids": [MISSING]}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/remove_acs_user",
            |_| json!({"user_identity_id": USER_IDENTITY, "acs_user_id": ACS_USER}),
            &[],
            Some((
                |_| json!({"user_identity_id": USER_IDENTITY, "acs_user_id": OTHER_ACS_USER}),
                "acs_user_not_found",
            )),
        ),
        (
            "/user_identities/unmanaged/get",
            |_| json!({"user_identity_id": UNMANAGED_USER_IDENTITY}),
            &["user_identity"],
            Some((
                |_| json!({"user_identity_id": USER_IDENTITY}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/unmanaged/list",
            |_| json!({}),
            &["user_identities", "pagination"],
            None,
        ),
        (
            "/user_identities/unmanaged/update",
            |_| json!({"user_identity_id": UNMANAGED_USER_IDENTITY, "is_managed": true}),
            &[],
            Some((
                |_| json!({"user_identity_id": MISSING, "is_managed": true}),
                "user_identity_not_found",
            )),
        ),
        (
            "/user_identities/update",
            |_| json!({"user_identity_id": USER_IDENTITY, "full_name": "Jane Q. Doe"}),
            &[],
            Some((
                |_| json!({"user_identity_id": MISSING}),
                "user_identity_not_found",
            )),
        ),
        (
            "/webhooks/create",
            |_| json!({"url": "http://127.0.0.1:9/other"}),
            &["webhook"],
            None,
        ),
        (
            "/webhooks/delete",
            |s| json!({"webhook_id": s.webhook}),
            &[],
            Some((|_| json!({"webhook_id": "wh_missing"}), "webhook_not_found")),
        ),
        (
            "/webhooks/get",
            |s| json!({"webhook_id": s.webhook}),
            &["webhook"],
            Some((|_| json!({"webhook_id": MISSING}), "webhook_not_found")),
        ),
        ("/webhooks/list", |_| json!({}), &["webhooks"], None),
        (
            "/webhooks/update",
            |s| json!({"webhook_id": s.webhook, "event_types": ["acs_user.created"]}),
            &[],
            Some((
                |_| json!({"webhook_id": MISSING, "event_types": []}),
                "webhook_not_found",
            )),
        ),
    ]
}

/// Each route's methods, from `routes.json`.
fn routes() -> Vec<(String, Vec<String>)> {
    let file: Value = serde_json::from_str(ROUTES_JSON).unwrap();
    file["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let methods = r["methods"].as_array().unwrap();
            (
                r["path"].as_str().unwrap().to_owned(),
                methods
                    .iter()
                    .map(|m| m.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

/// The semantic method the SDKs send: the route's one that isn't POST, else POST.
fn sdk_method(methods: &[String]) -> &str {
    methods
        .iter()
        .find(|m| *m != "POST")
        .map_or("POST", String::as_str)
}

/// The cases of the routes the fake serves (routes.json: the generated selection). A route
/// taken out of the selection leaves its case here unused, not failing.
fn served_cases() -> Vec<Case> {
    let served: BTreeSet<String> = routes().into_iter().map(|(p, _)| p).collect();
    cases()
        .into_iter()
        .filter(|c| served.contains(c.0))
        .collect()
}

#[test]
fn the_table_covers_every_route() {
    let table: BTreeSet<&str> = cases().iter().map(|c| c.0).collect();
    let served: BTreeSet<String> = routes().into_iter().map(|(p, _)| p).collect();
    let missing: Vec<&String> = served
        .iter()
        .filter(|p| !table.contains(p.as_str()))
        .collect();
    assert!(missing.is_empty(), "routes without a case: {missing:?}");
    assert_eq!(served_cases().len(), served.len());
}

#[test]
fn every_route_answers_its_happy_path_and_its_not_found() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    let routes = routes();
    let models = models::Models::load();
    for (path, params, members, missing) in served_cases() {
        let methods = &routes.iter().find(|(p, _)| p == path).unwrap().1;
        for method in [sdk_method(methods), "POST"] {
            fake.reset();
            let s = setup(url);
            let answer = sdk_ok(url, method, path, &params(&s));
            let mut keys: Vec<&str> = answer
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "ok")
                .collect();
            keys.sort_unstable();
            let mut expected = members.to_vec();
            expected.sort_unstable();
            assert_eq!(keys, expected, "{method} {path}");
            assert_eq!(answer["ok"], true, "{method} {path}");
            for member in members.iter().copied() {
                models.check(member, &answer[member], &format!("{method} {path}"));
            }
            if let Some((params, error_type)) = missing {
                let reply = send_as(url, &api_key(), method, path, &params(&s));
                let (status, got, _) = error_of(&reply);
                assert_eq!((status, got.as_str()), (404, error_type), "{method} {path}");
                let object = error_type.strip_suffix("_not_found").unwrap();
                assert_eq!(
                    reply.json()["error"]["message"],
                    format!("{object} not found")
                );
            }
        }
        // Another method than the route's: the bare 404 of unknown routes.
        let other = ["GET", "PUT", "PATCH", "DELETE"]
            .into_iter()
            .find(|m| !methods.iter().any(|x| x == m))
            .unwrap();
        let reply = call(url, other, path, &[], "");
        assert_eq!(
            (reply.status, reply.body.as_slice()),
            (404, &b"404"[..]),
            "{other} {path}"
        );
    }
}
