// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Validation from `routes.json`'s schema facts, on a sample of routes beyond credentials.

mod common;

use common::*;
use fake_seam::ids::*;
use fake_seam::FakeSeam;
use serde_json::{json, Value};

fn field(name: &str, message: &str) -> Value {
    json!({"_errors": [], name: {"_errors": [message]}})
}

fn root(message: &str) -> Value {
    json!({ "_errors": [message] })
}

#[test]
fn each_schema_fact_is_checked_on_any_route() {
    let fake = FakeSeam::start().unwrap();
    let grant_for = |methods: Value| json!({"user_identity_id": USER_IDENTITY, "requested_access_methods": methods});
    let cases: Vec<(&str, &str, Value, Value)> = vec![
        ("GET", "/acs/users/get", json!({"acs_user_id": "x"}), field("acs_user_id", "Invalid uuid")),
        ("DELETE", "/acs/access_groups/delete", json!({}), field("acs_access_group_id", "Required")),
        ("POST", "/acs/users/create", json!({"acs_system_id": ACS_SYSTEM}), field("full_name", "Required")),
        ("GET", "/acs/systems/list", json!({"colour": "red"}), root("Unrecognized key(s) in object: 'colour'")),
        ("POST", "/webhooks/update", json!({"webhook_id": "w", "event_types": [], "url": "x"}),
         root("Unrecognized key(s) in object: 'url'")),
        ("GET", "/user_identities/get", json!({"user_identity_id": USER_IDENTITY, "user_identity_key": "jane"}),
         root("Exactly one of user_identity_id or user_identity_key is required")),
        ("GET", "/access_grants/get", json!({}),
         root("Exactly one of access_grant_id or access_grant_key is required")),
        ("DELETE", "/access_methods/delete", json!({}),
         root("Exactly one of access_method_id, access_grant_id or reservation_key is required")),
        ("POST", "/access_grants/create",
         json!({"user_identity_id": USER_IDENTITY, "user_identity": {}, "requested_access_methods": []}),
         root("Exactly one of user_identity_id or user_identity is required")),
        ("POST", "/access_grants/create", grant_for(json!([{"mode": "pin", "code": "12"}])),
         json!({"_errors": [], "requested_access_methods": {"_errors": [], "0": {"_errors": [],
             "code": {"_errors": ["String must contain at least 4 character(s)"]},
             "mode": {"_errors": ["Invalid enum value. Expected 'code' | 'card' | 'mobile_key' | 'cloud_key', received 'pin'"]}}}})),
        ("POST", "/access_grants/create", grant_for(json!([{"mode": "code", "instant_key_max_use_count": 0}])),
         json!({"_errors": [], "requested_access_methods": {"_errors": [], "0": {"_errors": [],
             "instant_key_max_use_count": {"_errors": ["Number must be greater than or equal to 1"]}}}})),
        ("POST", "/access_grants/create", grant_for(json!([{"mode": "code", "code": "12a45"}])),
         json!({"_errors": [], "requested_access_methods": {"_errors": [], "0": {"_errors": [],
             "code": {"_errors": ["Invalid"]}}}})),
        ("POST", "/access_grants/request_access_methods",
         json!({"access_grant_id": UNMANAGED_ACCESS_GRANT, "requested_access_methods": []}),
         field("requested_access_methods", "Array must contain at least 1 element(s)")),
        ("GET", "/events/list", json!({"between": ["2024-01-01T00:00:00Z"]}),
         field("between", "Array must contain at least 2 element(s)")),
        ("POST", "/client_sessions/create", json!({"user_identity_ids": [USER_IDENTITY, UNLINKED_USER_IDENTITY]}),
         field("user_identity_ids", "Array must contain at most 1 element(s)")),
        ("POST", "/acs/users/create", json!({"acs_system_id": ACS_SYSTEM, "full_name": "A", "email_address": "nope"}),
         field("email_address", "Invalid email")),
        ("POST", "/webhooks/create", json!({"url": "nowhere"}), field("url", "Invalid url")),
        ("GET", "/acs/users/list", json!({"limit": "1.5"}), field("limit", "Expected integer, received float")),
        ("GET", "/acs/users/list", json!({"limit": "0"}), field("limit", "Number must be greater than 0")),
        ("PATCH", "/user_identities/unmanaged/update",
         json!({"user_identity_id": UNMANAGED_USER_IDENTITY, "is_managed": false}),
         field("is_managed", "Invalid literal value, expected true")),
        ("PATCH", "/user_identities/update", json!({"user_identity_id": USER_IDENTITY, "full_name": ""}),
         field("full_name", "String must contain at least 1 character(s)")),
        ("POST", "/acs/users/update", json!({"acs_user_id": ACS_USER, "access_schedule": {"starts_at": "2024-01-01T00:00:00Z"}}),
         json!({"_errors": [], "access_schedule": {"_errors": [], "ends_at": {"_errors": ["Required"]}}})),
        ("GET", "/client_sessions/list", json!({"without_user_identifier_key": "maybe"}),
         field("without_user_identifier_key", "Expected boolean, received string")),
        ("GET", "/acs/encoders/list", json!({"acs_encoder_ids": ["x"]}),
         json!({"_errors": [], "acs_encoder_ids": {"_errors": [], "0": {"_errors": ["Invalid uuid"]}}})),
        ("POST", "/acs/encoders/list", json!({"acs_encoder_ids": ACS_ENCODER}),
         field("acs_encoder_ids", "Expected array, received string")),
        ("POST", "/acs/encoders/simulate/next_credential_encode_will_fail",
         json!({"acs_encoder_id": ACS_ENCODER, "error_code": "on_fire"}),
         field("error_code", "Invalid enum value. Expected 'no_credential_on_encoder' | 'encoding_interrupted' | 'uncategorized_error' | 'action_attempt_expired', received 'on_fire'")),
        // Rules the schema can't state, checked after it.
        ("POST", "/acs/entrances/grant_access", json!({"acs_entrance_id": LOBBY_ENTRANCE}),
         root("Exactly one of acs_user_id or user_identity_id is required")),
        ("POST", "/user_identities/merge", json!({"user_identity_id": USER_IDENTITY}),
         field("merged_user_identity_ids", "Required with user_identity_id")),
        ("GET", "/events/list", json!({"since": "yesterday"}), field("since", "Invalid datetime")),
    ];
    for (method, path, params, expected) in cases {
        let reply = send_as(fake.url(), &api_key(), method, path, &params);
        let (status, error_type, errors) = error_of(&reply);
        assert_eq!(
            (status, error_type.as_str()),
            (400, "invalid_input"),
            "{method} {path} {params}"
        );
        assert_eq!(errors, expected, "{method} {path} {params}");
    }
    // Nothing was made or changed.
    let log = requests(fake.url());
    assert!(log["counts"].as_object().unwrap().len() > 10);
    let users = sdk_ok(fake.url(), "GET", "/acs/users/list", &json!({}));
    assert_eq!(users["acs_users"].as_array().unwrap().len(), 2);
}

#[test]
fn queries_carry_arrays_as_repeated_names_and_nulls_as_nothing() {
    let fake = FakeSeam::start().unwrap();
    let auth = format!("Bearer {}", fake_seam::ids::API_KEY);
    let headers = [("authorization", auth.as_str())];
    let encoders = |query: &str| {
        let reply = call(
            fake.url(),
            "GET",
            &format!("/acs/encoders/list?{query}"),
            &headers,
            "",
        );
        assert_eq!(
            reply.status,
            200,
            "{query}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        reply.json()["acs_encoders"].as_array().unwrap().len()
    };
    assert_eq!(encoders(&format!("acs_encoder_ids={ACS_ENCODER}")), 1);
    assert_eq!(
        encoders(&format!(
            "acs_encoder_ids={ACS_ENCODER}&acs_encoder_ids={MISSING}&_strict=true"
        )),
        1
    );
    assert_eq!(encoders(&format!("acs_encoder_ids={MISSING}")), 0);
    assert_eq!(encoders("acs_encoder_ids="), 0);
    assert_eq!(encoders("acs_system_ids=&_strict=true"), 0);
    assert_eq!(encoders("page_cursor="), 1);
    // The same through a body.
    let body = sdk_ok(
        fake.url(),
        "POST",
        "/acs/encoders/list",
        &json!({"acs_encoder_ids": []}),
    );
    assert_eq!(body["acs_encoders"], json!([]));
    // Nullable body parameters take null.
    sdk_ok(
        fake.url(),
        "PATCH",
        "/user_identities/update",
        &json!({"user_identity_id": USER_IDENTITY, "phone_number": null}),
    );
    let jane = sdk_ok(
        fake.url(),
        "GET",
        "/user_identities/get",
        &json!({"user_identity_id": USER_IDENTITY}),
    );
    assert_eq!(jane["user_identity"]["phone_number"], Value::Null);
}

#[test]
fn who_may_call_what() {
    let fake = FakeSeam::start().unwrap();
    let publishable = vec![(
        "seam-publishable-key".to_owned(),
        PUBLISHABLE_KEY.to_owned(),
    )];
    // A client session: only the routes the document lets it call, checked before parameters.
    for (method, path) in [
        ("POST", "/acs/users/create"),
        ("GET", "/acs/systems/get"),
        ("POST", "/webhooks/create"),
        ("GET", "/action_attempts/list"),
        ("POST", "/client_sessions/create"),
    ] {
        let reply = send_as(fake.url(), &client_session(), method, path, &json!({}));
        assert_eq!(error_of(&reply).0, 403, "{method} {path}");
        assert_eq!(error_of(&reply).1, "forbidden");
    }
    // A publishable key: only client_sessions/create and get_or_create.
    for (method, path) in [
        ("GET", "/acs/credentials/list"),
        ("GET", "/client_sessions/get"),
    ] {
        let reply = send_as(fake.url(), &publishable, method, path, &json!({}));
        assert_eq!(
            (error_of(&reply).0, error_of(&reply).1.as_str()),
            (403, "forbidden"),
            "{path}"
        );
    }
    let reply = send_as(
        fake.url(),
        &publishable,
        "POST",
        "/client_sessions/get_or_create",
        &json!({}),
    );
    assert_eq!(
        error_of(&reply).2,
        field("user_identifier_key", "Required with a publishable key")
    );
    let named = json!({"user_identifier_key": "jane", "user_identity_id": USER_IDENTITY});
    let reply = send_as(
        fake.url(),
        &publishable,
        "POST",
        "/client_sessions/create",
        &named,
    );
    assert_eq!(error_of(&reply).0, 403);
    let reply = send_as(
        fake.url(),
        &publishable,
        "PUT",
        "/client_sessions/create",
        &json!({"user_identifier_key": "sam"}),
    );
    assert_eq!(
        reply.json()["client_session"]["user_identity_id"],
        UNLINKED_USER_IDENTITY
    );
    let wrong = vec![(
        "seam-publishable-key".to_owned(),
        "seam_pk9_token".to_owned(),
    )];
    let reply = send_as(
        fake.url(),
        &wrong,
        "POST",
        "/client_sessions/get_or_create",
        &json!({}),
    );
    assert_eq!(error_of(&reply).0, 401);
    assert_eq!(
        reply.json()["error"]["message"],
        "Publishable key not found"
    );
}
