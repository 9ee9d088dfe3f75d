// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use fake_seam::{ids, FakeSeam, SEED_JSON};
use serde_json::{json, Value};

fn get(fake: &FakeSeam, id: &str) -> Value {
    ok(
        fake.url(),
        "GET",
        ids::GET_ROUTE,
        &json!({"acs_credential_id": id}),
    )["acs_credential"]
        .clone()
}

#[test]
fn odd_values_are_answered_byte_for_byte() {
    let fake = FakeSeam::start().unwrap();
    let literals = [
        r#""big_number":18446744073709551615"#,
        r#""starts_at":"2024-04-12T03:56:22+0000""#,
        r#""ends_at":"next tuesday""#,
        r#""issued_at":"2024-04-12""#,
        r#""visionline_metadata":{"card_id":"7","door_zone":"west"}"#,
        r#""retry_in_s":30"#,
    ];
    let params = json!({"acs_credential_id": ids::ODD_VALUES_CREDENTIAL});
    let answers = [
        api(fake.url(), "GET", ids::GET_ROUTE, &params),
        api(
            fake.url(),
            "GET",
            ids::LIST_ROUTE,
            &json!({"search": "odd"}),
        ),
        api(
            fake.url(),
            "PATCH",
            ids::ASSIGN_ROUTE,
            &json!({"acs_credential_id": ids::ODD_VALUES_CREDENTIAL, "acs_user_id": ids::ACS_USER}),
        ),
    ];
    for reply in answers {
        let text = String::from_utf8(reply.body).unwrap();
        for literal in literals {
            assert!(text.contains(literal), "{literal} not in {text}");
        }
    }
    // The seed's own text, spaced as written.
    assert!(SEED_JSON.contains(r#""big_number": 18446744073709551615"#));
    assert!(SEED_JSON.contains(r#""starts_at": "2024-04-12T03:56:22+0000""#));
}

#[test]
fn seeded_credentials_carry_what_readers_must_handle() {
    let fake = FakeSeam::start().unwrap();
    let warnings = get(&fake, ids::WARNINGS_CREDENTIAL);
    let codes: Vec<&str> = warnings["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            assert!(
                w["message"].is_string() && w["created_at"].is_string(),
                "{w}"
            );
            w["warning_code"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        codes,
        [
            "waiting_to_be_issued",
            "schedule_externally_modified",
            "schedule_modified",
            "being_deleted",
            "unknown_issue_with_acs_credential",
            "needs_to_be_reissued",
            "requested_code_unavailable",
        ]
    );
    assert_eq!(warnings["warnings"][6]["original_code"], "4321");
    assert_eq!(warnings["warnings"][6]["new_code"], "4322");
    assert_eq!(warnings["errors"].as_array().unwrap().len(), 2);
    assert_eq!(
        (warnings["code"].as_str(), warnings["acs_user_id"].as_str()),
        (Some("4321"), Some(ids::ACS_USER))
    );

    let future = get(&fake, ids::FUTURE_CREDENTIAL);
    assert_eq!(future["access_method"], "quantum_link");
    assert_eq!(future["external_type"], "quantum_key");
    assert_eq!(future["warnings"][0]["warning_code"], "brand_new_warning");
    assert_eq!(future["another_new_field"], "x");

    let cloud = get(&fake, ids::CLOUD_KEY_CREDENTIAL);
    assert_eq!(
        (
            cloud["access_method"].as_str(),
            cloud["external_type"].as_str()
        ),
        (Some("cloud_key"), Some("kisi_credential"))
    );
    let akiles = get(&fake, ids::AKILES_CREDENTIAL);
    assert_eq!(akiles["akiles_metadata"], json!({"member_pin_id": "mp-1"}));
    assert_eq!(akiles["user_identity_id"], ids::USER_IDENTITY);
    assert!(akiles.get("acs_user_id").is_none());
    assert_eq!(
        get(&fake, ids::PIN_CREDENTIAL)["acs_user_id"],
        ids::ACS_USER
    );

    // The newest schema requires these everywhere.
    let all = ok(fake.url(), "GET", ids::LIST_ROUTE, &json!({}));
    for credential in all["acs_credentials"].as_array().unwrap() {
        for key in [
            "acs_credential_id",
            "connected_account_id",
            "acs_system_id",
            "display_name",
            "access_method",
            "created_at",
            "workspace_id",
            "errors",
            "warnings",
            "is_managed",
        ] {
            assert!(credential.get(key).is_some(), "{key} of {credential}");
        }
        for error in credential["errors"].as_array().unwrap() {
            assert!(error["created_at"].is_string(), "{error}");
        }
    }
}

#[test]
fn seeded_accessible_entrances() {
    let fake = FakeSeam::start().unwrap();
    let (lobby, room) = (ids::LOBBY_ENTRANCE, ids::ROOM_101_ENTRANCE);
    let cases: [(&str, &[&str]); 5] = [
        (ids::MOBILE_KEY_CREDENTIAL, &[lobby, room]),
        (ids::PIN_CREDENTIAL, &[room]),
        (ids::VISIONLINE_CREDENTIAL, &[lobby, room]),
        (ids::VOSTIO_CREDENTIAL, &[]),
        (ids::ODD_VALUES_CREDENTIAL, &[]),
    ];
    for (credential, expected) in cases {
        for method in ["GET", "POST"] {
            let answer = ok(
                fake.url(),
                method,
                ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
                &json!({"acs_credential_id": credential}),
            );
            let entrances = answer["acs_entrances"].as_array().unwrap();
            let got: Vec<&str> = entrances
                .iter()
                .map(|e| e["acs_entrance_id"].as_str().unwrap())
                .collect();
            assert_eq!(got, expected, "{credential}");
            for entrance in entrances {
                for key in [
                    "acs_entrance_id",
                    "acs_system_id",
                    "space_ids",
                    "created_at",
                    "display_name",
                    "connected_account_id",
                    "errors",
                    "warnings",
                ] {
                    assert!(entrance.get(key).is_some(), "{key} of {entrance}");
                }
            }
        }
    }
    let seed: Value = serde_json::from_str(SEED_JSON).unwrap();
    let entrances = seed["acs_entrances"].as_array().unwrap();
    assert_eq!(entrances[1]["warnings"][0]["warning_code"], "privacy_mode");
    assert!(entrances[1]["salto_ks_metadata"].is_object());
    assert!(entrances[2]["brand_new_entrance_field"].is_object());
}

#[test]
fn reset_restores_the_seed() {
    let fake = FakeSeam::start().unwrap();
    let before = ok(fake.url(), "GET", ids::LIST_ROUTE, &json!({}));
    let entrances_before = ok(
        fake.url(),
        "GET",
        ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
        &json!({"acs_credential_id": ids::MOBILE_KEY_CREDENTIAL}),
    );
    ok(
        fake.url(),
        "POST",
        ids::CREATE_ROUTE,
        &json!({"access_method": "code", "acs_user_id": ids::ACS_USER, "allowed_acs_entrance_ids": [ids::GYM_ENTRANCE]}),
    );
    ok(
        fake.url(),
        "PATCH",
        ids::UPDATE_ROUTE,
        &json!({"acs_credential_id": ids::PIN_CREDENTIAL, "code": "1"}),
    );
    ok(
        fake.url(),
        "PATCH",
        ids::UNASSIGN_ROUTE,
        &json!({"acs_credential_id": ids::WARNINGS_CREDENTIAL, "acs_user_id": ids::ACS_USER}),
    );
    ok(
        fake.url(),
        "DELETE",
        ids::DELETE_ROUTE,
        &json!({"acs_credential_id": ids::MOBILE_KEY_CREDENTIAL}),
    );
    assert_ne!(ok(fake.url(), "GET", ids::LIST_ROUTE, &json!({})), before);

    // Over HTTP once, in process once.
    assert_eq!(
        call(fake.url(), "POST", "/_fake/reset", &[], "").json(),
        json!({"ok": true})
    );
    assert_eq!(ok(fake.url(), "GET", ids::LIST_ROUTE, &json!({})), before);
    ok(
        fake.url(),
        "DELETE",
        ids::DELETE_ROUTE,
        &json!({"acs_credential_id": ids::MOBILE_KEY_CREDENTIAL}),
    );
    fake.reset();
    assert_eq!(ok(fake.url(), "GET", ids::LIST_ROUTE, &json!({})), before);
    assert_eq!(
        ok(
            fake.url(),
            "GET",
            ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
            &json!({"acs_credential_id": ids::MOBILE_KEY_CREDENTIAL})
        ),
        entrances_before
    );
}
