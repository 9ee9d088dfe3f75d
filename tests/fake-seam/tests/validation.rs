// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use fake_seam::{ids, FakeSeam};
use serde_json::{json, Value};

const PIN: &str = ids::PIN_CREDENTIAL;

/// `{"_errors": [], field: {"_errors": [message]}}`, zod's shape for one field.
fn field(name: &str, message: &str) -> Value {
    json!({"_errors": [], name: {"_errors": [message]}})
}

fn root(message: &str) -> Value {
    json!({ "_errors": [message] })
}

#[test]
fn invalid_parameters_get_zod_shaped_400s() {
    let fake = FakeSeam::start().unwrap();
    let exactly_one = root("Exactly one of acs_user_id or user_identity_id is required");
    let methods = "Expected 'code' | 'card' | 'mobile_key' | 'cloud_key'";
    let create = |extra: Value| {
        let mut params = json!({"access_method": "code", "acs_user_id": ids::ACS_USER});
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        params
    };
    let cases: Vec<(&str, &str, Value, Value)> = vec![
        // assign / unassign
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({}),
            field("acs_credential_id", "Required"),
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": PIN}),
            exactly_one.clone(),
        ),
        (
            "POST",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": PIN, "acs_user_id": ids::ACS_USER, "user_identity_id": ids::USER_IDENTITY}),
            exactly_one.clone(),
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": PIN, "acs_user_id": 42}),
            field("acs_user_id", "Expected string, received number"),
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": "not-a-uuid", "acs_user_id": ids::ACS_USER}),
            field("acs_credential_id", "Invalid uuid"),
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": PIN, "user_identity_id": null}),
            field("user_identity_id", "Expected string, received null"),
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": PIN, "acs_user_id": ids::ACS_USER, "acs_user": "x"}),
            root("Unrecognized key(s) in object: 'acs_user'"),
        ),
        (
            "PATCH",
            ids::UNASSIGN_ROUTE,
            json!({"acs_credential_id": PIN}),
            exactly_one.clone(),
        ),
        (
            "PATCH",
            ids::UNASSIGN_ROUTE,
            json!({"acs_credential_id": PIN, "user_identity_id": "x"}),
            field("user_identity_id", "Invalid uuid"),
        ),
        // create
        (
            "POST",
            ids::CREATE_ROUTE,
            json!({"acs_user_id": ids::ACS_USER}),
            field("access_method", "Required"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"access_method": "pin"})),
            field(
                "access_method",
                &format!("Invalid enum value. {methods}, received 'pin'"),
            ),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"access_method": 1})),
            field("access_method", &format!("{methods}, received number")),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            json!({"access_method": "code"}),
            exactly_one.clone(),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            json!({"access_method": "code", "user_identity_id": ids::USER_IDENTITY}),
            field("acs_system_id", "Required with user_identity_id"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"code": "12a4"})),
            field("code", "Invalid"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"code": ""})),
            field("code", "Invalid"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"code": 1234})),
            field("code", "Expected string, received number"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"starts_at": "tomorrow"})),
            field("starts_at", "Invalid datetime"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"ends_at": "2024-04-12"})),
            field("ends_at", "Invalid datetime"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"is_multi_phone_sync_credential": "yes"})),
            field(
                "is_multi_phone_sync_credential",
                "Expected boolean, received string",
            ),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"acs_system_id": "x", "credential_manager_acs_system_id": 1})),
            json!({"_errors": [], "acs_system_id": {"_errors": ["Invalid uuid"]},
                   "credential_manager_acs_system_id": {"_errors": ["Expected string, received number"]}}),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"allowed_acs_entrance_ids": ids::LOBBY_ENTRANCE})),
            field(
                "allowed_acs_entrance_ids",
                "Expected array, received string",
            ),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"allowed_acs_entrance_ids": [ids::LOBBY_ENTRANCE, "lobby"]})),
            json!({"_errors": [], "allowed_acs_entrance_ids": {"_errors": [], "1": {"_errors": ["Invalid uuid"]}}}),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"visionline_metadata": "guest"})),
            field("visionline_metadata", "Expected object, received string"),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"visionline_metadata": {"card_function_type": "boss", "colour": 1}})),
            json!({"_errors": [], "visionline_metadata": {
                "_errors": ["Unrecognized key(s) in object: 'colour'"],
                "card_function_type": {"_errors": ["Invalid enum value. Expected 'guest' | 'staff', received 'boss'"]}}}),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(
                json!({"assa_abloy_vostio_metadata": {"auto_join": "yes"}, "hotek_metadata": {"x": true},
                          "salto_space_metadata": {"assign_new_key": 1}}),
            ),
            json!({"_errors": [],
                   "assa_abloy_vostio_metadata": {"_errors": [], "auto_join": {"_errors": ["Expected boolean, received string"]}},
                   "hotek_metadata": {"_errors": ["Unrecognized key(s) in object: 'x'"]},
                   "salto_space_metadata": {"_errors": [], "assign_new_key": {"_errors": ["Expected boolean, received number"]}}}),
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            create(json!({"allowed_entrances": []})),
            root("Unrecognized key(s) in object: 'allowed_entrances'"),
        ),
        // get / list_accessible_entrances / delete
        (
            "GET",
            ids::GET_ROUTE,
            json!({}),
            field("acs_credential_id", "Required"),
        ),
        (
            "GET",
            ids::GET_ROUTE,
            json!({"acs_credential_id": "x"}),
            field("acs_credential_id", "Invalid uuid"),
        ),
        (
            "POST",
            ids::GET_ROUTE,
            json!({"acs_credential_id": 7}),
            field("acs_credential_id", "Expected string, received number"),
        ),
        (
            "GET",
            ids::GET_ROUTE,
            json!({"acs_credential_id": PIN, "extra": "1"}),
            root("Unrecognized key(s) in object: 'extra'"),
        ),
        (
            "GET",
            ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
            json!({}),
            field("acs_credential_id", "Required"),
        ),
        (
            "DELETE",
            ids::DELETE_ROUTE,
            json!({}),
            field("acs_credential_id", "Required"),
        ),
        (
            "DELETE",
            ids::DELETE_ROUTE,
            json!({"acs_credential_id": "x"}),
            field("acs_credential_id", "Invalid uuid"),
        ),
        // list
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"limit": 0}),
            field("limit", "Number must be greater than 0"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"limit": -1}),
            field("limit", "Number must be greater than 0"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"limit": "ten"}),
            field("limit", "Expected number, received nan"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"limit": ""}),
            field("limit", "Expected number, received nan"),
        ),
        (
            "POST",
            ids::LIST_ROUTE,
            json!({"limit": "5"}),
            field("limit", "Expected number, received string"),
        ),
        (
            "POST",
            ids::LIST_ROUTE,
            json!({"limit": 0}),
            field("limit", "Number must be greater than 0"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"is_multi_phone_sync_credential": "maybe"}),
            field(
                "is_multi_phone_sync_credential",
                "Expected boolean, received string",
            ),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"search": ""}),
            field("search", "String must contain at least 1 character(s)"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"created_before": "yesterday"}),
            field("created_before", "Invalid datetime"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"acs_user_id": "x"}),
            field("acs_user_id", "Invalid uuid"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"acs_system_id": "x"}),
            field("acs_system_id", "Invalid uuid"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"user_identity_id": "x"}),
            field("user_identity_id", "Invalid uuid"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"page_cursor": "bogus"}),
            field("page_cursor", "Invalid page cursor"),
        ),
        (
            "POST",
            ids::LIST_ROUTE,
            json!({"page_cursor": 5}),
            field("page_cursor", "Expected string, received number"),
        ),
        (
            "GET",
            ids::LIST_ROUTE,
            json!({"colour": "red"}),
            root("Unrecognized key(s) in object: 'colour'"),
        ),
        // `_strict` belongs to the query protocol, not to a body.
        (
            "POST",
            ids::LIST_ROUTE,
            json!({"_strict": true}),
            root("Unrecognized key(s) in object: '_strict'"),
        ),
        // update
        (
            "PATCH",
            ids::UPDATE_ROUTE,
            json!({}),
            field("acs_credential_id", "Required"),
        ),
        (
            "PATCH",
            ids::UPDATE_ROUTE,
            json!({"acs_credential_id": 5}),
            field("acs_credential_id", "Expected string, received number"),
        ),
        (
            "PATCH",
            ids::UPDATE_ROUTE,
            json!({"acs_credential_id": PIN, "code": "12a"}),
            field("code", "Invalid"),
        ),
        (
            "POST",
            ids::UPDATE_ROUTE,
            json!({"acs_credential_id": PIN, "ends_at": "soon"}),
            field("ends_at", "Invalid datetime"),
        ),
        (
            "PATCH",
            ids::UPDATE_ROUTE,
            json!({"acs_credential_id": PIN, "starts_at": "2030-01-01T00:00:00Z"}),
            root("Unrecognized key(s) in object: 'starts_at'"),
        ),
    ];
    for (method, path, params, expected) in cases {
        let reply = api(fake.url(), method, path, &params);
        let (status, error_type, errors) = error_of(&reply);
        assert_eq!(
            (status, error_type.as_str()),
            (400, "invalid_input"),
            "{method} {path} {params}"
        );
        assert_eq!(errors, expected, "{method} {path} {params}");
    }
    // Nothing was created, changed or deleted.
    let credential = ok(
        fake.url(),
        "GET",
        ids::GET_ROUTE,
        &json!({"acs_credential_id": PIN}),
    );
    assert_eq!(credential["acs_credential"]["code"], "123456");
    let list = ok(fake.url(), "GET", ids::LIST_ROUTE, &json!({}));
    assert_eq!(list["acs_credentials"].as_array().unwrap().len(), 9);
}

#[test]
fn messages_name_each_issue_on_one_line() {
    let fake = FakeSeam::start().unwrap();
    let reply = api(
        fake.url(),
        "POST",
        ids::CREATE_ROUTE,
        &json!({"acs_user_id": 42, "code": "x", "visionline_metadata": {"card_format": 1}, "colour": 1}),
    );
    assert_eq!(
        reply.json()["error"]["message"],
        "Required for \"access_method\", Expected string, received number for \"acs_user_id\", \
         Invalid for \"code\", Expected 'TLCode' | 'rfid48', received number for \
         \"visionline_metadata.card_format\", Unrecognized key(s) in object: 'colour'"
    );
}

#[test]
fn bodies_and_queries_that_are_not_parameters() {
    let fake = FakeSeam::start().unwrap();
    let auth = format!("Bearer {API_KEY}");
    let headers = [("authorization", auth.as_str())];
    for path in [
        ids::ASSIGN_ROUTE,
        ids::CREATE_ROUTE,
        ids::LIST_ROUTE,
        ids::DELETE_ROUTE,
    ] {
        for (body, message) in [
            ("", "Required"),
            (" \n", "Required"),
            ("[1]", "Expected object, received array"),
            ("\"x\"", "Expected object, received string"),
            ("{not json", "Invalid JSON body"),
        ] {
            let reply = call(fake.url(), "POST", path, &headers, body);
            assert_eq!(
                error_of(&reply),
                (400, "invalid_input".to_owned(), root(message)),
                "{path} {body:?}"
            );
            assert_eq!(reply.json()["error"]["message"], message);
        }
    }
    // Queries as the official Python SDK writes them: percent-encoded, `_strict` last.
    for (target, status) in [
        (format!("{}?_strict=true", ids::LIST_ROUTE), 200),
        (format!("{}?_strict=false", ids::LIST_ROUTE), 200),
        (format!("{}?_strict=maybe", ids::LIST_ROUTE), 400),
        (
            format!(
                "{}?created_before=2024-04-21T00%3A00%3A00.000Z&_strict=true",
                ids::LIST_ROUTE
            ),
            200,
        ),
        (
            format!("{}?search=Front+Door&_strict=true", ids::LIST_ROUTE),
            200,
        ),
        (format!("{}?limit=1&limit=2", ids::LIST_ROUTE), 400),
        (format!("{}?acs_credential_id={PIN}&", ids::GET_ROUTE), 200),
    ] {
        let reply = call(fake.url(), "GET", &target, &headers, "");
        assert_eq!(
            reply.status,
            status,
            "{target}: {}",
            String::from_utf8_lossy(&reply.body)
        );
    }
    let found = call(
        fake.url(),
        "GET",
        &format!("{}?search=Front+Door&_strict=true", ids::LIST_ROUTE),
        &headers,
        "",
    );
    assert_eq!(ids_of(&found.json()), [PIN]);
    let repeated = call(
        fake.url(),
        "GET",
        &format!("{}?limit=1&limit=2", ids::LIST_ROUTE),
        &headers,
        "",
    );
    assert_eq!(
        error_of(&repeated).2,
        field("limit", "Expected number, received array")
    );
}
