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

/// Every seeded credential, newest first (the list order).
const SEEDED: [&str; 9] = [
    ids::ODD_VALUES_CREDENTIAL,
    ids::AKILES_CREDENTIAL,
    ids::CLOUD_KEY_CREDENTIAL,
    ids::WARNINGS_CREDENTIAL,
    ids::FUTURE_CREDENTIAL,
    ids::VOSTIO_CREDENTIAL,
    ids::VISIONLINE_CREDENTIAL,
    ids::PIN_CREDENTIAL,
    ids::MOBILE_KEY_CREDENTIAL,
];

fn list(fake: &FakeSeam, params: Value) -> Value {
    ok(fake.url(), "GET", ids::LIST_ROUTE, &params)
}

fn get(fake: &FakeSeam, id: &str) -> Value {
    ok(
        fake.url(),
        "GET",
        ids::GET_ROUTE,
        &json!({"acs_credential_id": id}),
    )["acs_credential"]
        .clone()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn every_route_answers_post_and_its_semantic_method() {
    let fake = FakeSeam::start().unwrap();
    let pin = ids::PIN_CREDENTIAL;
    let one = json!({"acs_credential_id": pin});
    let by_user = json!({"acs_credential_id": pin, "acs_user_id": ids::OTHER_ACS_USER});
    let credential = vec!["acs_credential", "ok"];
    let cases = [
        (
            ["PATCH", "POST"],
            ids::ASSIGN_ROUTE,
            by_user.clone(),
            credential.clone(),
        ),
        (
            ["PATCH", "POST"],
            ids::UNASSIGN_ROUTE,
            by_user,
            credential.clone(),
        ),
        (
            ["POST", "POST"],
            ids::CREATE_ROUTE,
            json!({"access_method": "code", "acs_user_id": ids::ACS_USER}),
            credential.clone(),
        ),
        (
            ["GET", "POST"],
            ids::GET_ROUTE,
            one.clone(),
            credential.clone(),
        ),
        (
            ["GET", "POST"],
            ids::LIST_ROUTE,
            json!({}),
            vec!["acs_credentials", "ok", "pagination"],
        ),
        (
            ["GET", "POST"],
            ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
            one.clone(),
            vec!["acs_entrances", "ok"],
        ),
        (
            ["PATCH", "POST"],
            ids::UPDATE_ROUTE,
            json!({"acs_credential_id": pin, "code": "999"}),
            credential,
        ),
        (["DELETE", "POST"], ids::DELETE_ROUTE, one, vec!["ok"]),
    ];
    for (methods, path, params, answer_keys) in cases {
        for method in methods {
            fake.reset();
            let answer = ok(fake.url(), method, path, &params);
            assert_eq!(keys(&answer), answer_keys, "{method} {path}");
            assert_eq!(
                fake.requests()["counts"],
                json!({ format!("{method} {path}"): 1 })
            );
        }
    }
}

#[test]
fn full_lifecycle() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();

    let created = ok(
        url,
        "POST",
        ids::CREATE_ROUTE,
        &json!({
            "access_method": "code",
            "acs_user_id": ids::OTHER_ACS_USER,
            "code": "2468",
            "allowed_acs_entrance_ids": [ids::LOBBY_ENTRANCE, ids::GYM_ENTRANCE, ids::LOBBY_ENTRANCE],
            "starts_at": "2030-01-01T00:00:00.000Z",
            "ends_at": "2030-01-08T00:00:00Z",
        }),
    )["acs_credential"]
        .clone();
    let id = created["acs_credential_id"].as_str().unwrap().to_owned();
    let created_at = created["created_at"].as_str().unwrap();
    assert_eq!(
        created_at.len(),
        "2024-04-12T03:56:22.396Z".len(),
        "{created_at}"
    );
    assert!(created_at.ends_with('Z') && created_at.as_bytes()[19] == b'.');
    assert_eq!(
        created,
        json!({
            "acs_credential_id": id,
            "workspace_id": ids::WORKSPACE,
            "acs_system_id": ids::ACS_SYSTEM,
            "connected_account_id": ids::CONNECTED_ACCOUNT,
            "acs_user_id": ids::OTHER_ACS_USER,
            "display_name": "PIN Code Credential",
            "access_method": "code",
            "code": "2468",
            "starts_at": "2030-01-01T00:00:00.000Z",
            "ends_at": "2030-01-08T00:00:00Z",
            "is_multi_phone_sync_credential": false,
            "is_managed": true,
            "created_at": created_at,
            "errors": [],
            "warnings": [],
        })
    );

    // Assigned by user: the user's identity comes along, and leaves with the next holder.
    let assign =
        |params: Value| ok(url, "PATCH", ids::ASSIGN_ROUTE, &params)["acs_credential"].clone();
    let mine = assign(json!({"acs_credential_id": id, "acs_user_id": ids::ACS_USER}));
    assert_eq!(mine["acs_user_id"], ids::ACS_USER);
    assert_eq!(mine["user_identity_id"], ids::USER_IDENTITY);
    let theirs = assign(json!({"acs_credential_id": id, "acs_user_id": ids::OTHER_ACS_USER}));
    assert_eq!(theirs["acs_user_id"], ids::OTHER_ACS_USER);
    assert!(theirs.get("user_identity_id").is_none());
    // Assigned by identity: its ACS user in the credential's system.
    let by_identity =
        assign(json!({"acs_credential_id": id, "user_identity_id": ids::USER_IDENTITY}));
    assert_eq!(by_identity["acs_user_id"], ids::ACS_USER);
    assert_eq!(by_identity["user_identity_id"], ids::USER_IDENTITY);
    assert_eq!(get(&fake, &id), by_identity);

    // Filters.
    let everything: Vec<String> = std::iter::once(id.clone())
        .chain(SEEDED.iter().map(|s| (*s).to_owned()))
        .collect();
    assert_eq!(ids_of(&list(&fake, json!({}))), everything);
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"acs_user_id": ids::ACS_USER}),
            vec![&id, ids::WARNINGS_CREDENTIAL, ids::PIN_CREDENTIAL],
        ),
        (
            json!({"user_identity_id": ids::USER_IDENTITY}),
            vec![
                &id,
                ids::AKILES_CREDENTIAL,
                ids::WARNINGS_CREDENTIAL,
                ids::PIN_CREDENTIAL,
            ],
        ),
        (
            json!({"user_identity_id": ids::UNLINKED_USER_IDENTITY}),
            vec![],
        ),
        (json!({"acs_system_id": ids::ANNEX_ACS_SYSTEM}), vec![]),
        (
            json!({"acs_system_id": ids::ACS_SYSTEM, "limit": 2}),
            vec![&id, ids::ODD_VALUES_CREDENTIAL],
        ),
        (
            json!({"is_multi_phone_sync_credential": true}),
            vec![ids::MOBILE_KEY_CREDENTIAL],
        ),
        (
            json!({"created_before": "2024-04-21T09:59:00.000Z"}),
            vec![ids::PIN_CREDENTIAL, ids::MOBILE_KEY_CREDENTIAL],
        ),
        (
            json!({"created_before": "2024-04-21T11:59:00.001+02:00"}),
            vec![
                ids::VISIONLINE_CREDENTIAL,
                ids::PIN_CREDENTIAL,
                ids::MOBILE_KEY_CREDENTIAL,
            ],
        ),
        (json!({"search": "2468"}), vec![&id]),
        (json!({"search": "gUEST"}), vec![ids::VISIONLINE_CREDENTIAL]),
        (
            json!({"search": "c1c1c1c1"}),
            vec![ids::CLOUD_KEY_CREDENTIAL],
        ),
        (
            json!({"search": "0012345678"}),
            vec![ids::VISIONLINE_CREDENTIAL],
        ),
        (
            json!({"search": "pin", "acs_user_id": ids::ACS_USER, "is_multi_phone_sync_credential": false}),
            vec![&id, ids::WARNINGS_CREDENTIAL, ids::PIN_CREDENTIAL],
        ),
    ];
    for (params, expected) in cases {
        for method in ["GET", "POST"] {
            let answer = ok(url, method, ids::LIST_ROUTE, &params);
            assert_eq!(ids_of(&answer), expected, "{method} {params}");
        }
    }

    // limit=1 walked to the end: each credential exactly once, in list order.
    let mut seen = Vec::new();
    let mut params = json!({"limit": 1});
    loop {
        let page = list(&fake, params.clone());
        assert_eq!(page["acs_credentials"].as_array().unwrap().len(), 1);
        seen.extend(ids_of(&page));
        let pagination = &page["pagination"];
        match pagination["next_page_cursor"].as_str() {
            Some(cursor) => {
                assert_eq!(pagination["has_next_page"], true);
                assert!(pagination["next_page_url"]
                    .as_str()
                    .unwrap()
                    .starts_with(url));
                params["page_cursor"] = json!(cursor);
            }
            None => {
                assert_eq!(
                    pagination,
                    &json!({"has_next_page": false, "next_page_cursor": null, "next_page_url": null})
                );
                break;
            }
        }
    }
    assert_eq!(seen, everything);

    let updated = ok(
        url,
        "PATCH",
        ids::UPDATE_ROUTE,
        &json!({"acs_credential_id": id, "code": "5678", "ends_at": "2030-02-01T00:00:00.000Z"}),
    )["acs_credential"]
        .clone();
    assert_eq!(updated["code"], "5678");
    assert_eq!(updated["ends_at"], "2030-02-01T00:00:00.000Z");
    assert_eq!(updated["starts_at"], "2030-01-01T00:00:00.000Z");
    assert_eq!(get(&fake, &id), updated);

    let entrances = ok(
        url,
        "GET",
        ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
        &json!({"acs_credential_id": id}),
    );
    let names: Vec<&str> = entrances["acs_entrances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Lobby", "Gym"]);

    let unassigned = ok(
        url,
        "PATCH",
        ids::UNASSIGN_ROUTE,
        &json!({"acs_credential_id": id, "user_identity_id": ids::USER_IDENTITY}),
    )["acs_credential"]
        .clone();
    assert!(unassigned.get("acs_user_id").is_none());
    assert!(unassigned.get("user_identity_id").is_none());
    assert_eq!(unassigned["code"], "5678");

    assert_eq!(
        ok(
            url,
            "DELETE",
            ids::DELETE_ROUTE,
            &json!({"acs_credential_id": id})
        ),
        json!({"ok": true})
    );
    for (method, path) in [("GET", ids::GET_ROUTE), ("DELETE", ids::DELETE_ROUTE)] {
        let gone = api(url, method, path, &json!({"acs_credential_id": id}));
        assert_eq!(error_of(&gone).0, 404);
        assert_eq!(error_of(&gone).1, "acs_credential_not_found");
    }
    assert_eq!(ids_of(&list(&fake, json!({}))), SEEDED);
}

#[test]
fn cursors_outlive_deletes_and_the_request_method() {
    let fake = FakeSeam::start().unwrap();
    let first = list(&fake, json!({"limit": 3, "acs_system_id": ids::ACS_SYSTEM}));
    assert_eq!(ids_of(&first), SEEDED[..3]);
    let cursor = first["pagination"]["next_page_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let next_url = first["pagination"]["next_page_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        next_url,
        format!(
            "{}{}?acs_system_id={}&limit=3&page_cursor={cursor}",
            fake.url(),
            ids::LIST_ROUTE,
            ids::ACS_SYSTEM
        )
    );

    // The page already seen, the cursor's own item included, is deleted.
    for id in &SEEDED[..3] {
        ok(
            fake.url(),
            "DELETE",
            ids::DELETE_ROUTE,
            &json!({"acs_credential_id": id}),
        );
    }
    let by_url = call(
        fake.url(),
        "GET",
        next_url.strip_prefix(fake.url()).unwrap(),
        &api_key()
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
        "",
    )
    .json();
    assert_eq!(ids_of(&by_url), SEEDED[3..6]);
    // A cursor from a GET works in a POST body too, and the same place gets the same cursor.
    let by_post = ok(
        fake.url(),
        "POST",
        ids::LIST_ROUTE,
        &json!({"limit": 3, "acs_system_id": ids::ACS_SYSTEM, "page_cursor": cursor}),
    );
    assert_eq!(by_post, by_url);
    let again = list(&fake, json!({"limit": 3}));
    assert_eq!(ids_of(&again), SEEDED[3..6]);
    assert_eq!(
        again["pagination"]["next_page_cursor"],
        by_url["pagination"]["next_page_cursor"]
    );

    // An explicit null cursor is the first page, and cursors survive a reset.
    fake.reset();
    let null_cursor = ok(
        fake.url(),
        "POST",
        ids::LIST_ROUTE,
        &json!({"limit": 3, "page_cursor": null}),
    );
    assert_eq!(ids_of(&null_cursor), SEEDED[..3]);
    let after_reset = list(&fake, json!({"limit": 3, "page_cursor": cursor}));
    assert_eq!(ids_of(&after_reset), SEEDED[3..6]);
}

#[test]
fn created_credentials_by_access_method() {
    let fake = FakeSeam::start().unwrap();
    let other = "dddddddd-0000-4000-8000-000000000001";
    // (extra parameters, display_name, fields expected in the answer)
    let cases = [
        (
            json!({"access_method": "code"}),
            "PIN Code Credential",
            json!({"code": null}),
        ),
        (
            json!({"access_method": "card", "visionline_metadata": {"card_format": "rfid48"}}),
            "Card Credential",
            json!({"visionline_metadata": {"card_function_type": "guest"}}),
        ),
        (
            json!({"access_method": "card", "visionline_metadata":
                   {"card_function_type": "staff", "auto_join": true, "joiner_acs_credential_ids": [other], "override": true}}),
            "Card Credential",
            json!({"visionline_metadata":
                   {"card_function_type": "staff", "auto_join": true, "joiner_acs_credential_ids": [other]}}),
        ),
        (
            json!({"access_method": "mobile_key"}),
            "Mobile Key Credential",
            json!({"is_multi_phone_sync_credential": false}),
        ),
        (
            json!({"access_method": "mobile_key", "is_multi_phone_sync_credential": true}),
            "Multi Phone Sync Credential",
            json!({"is_multi_phone_sync_credential": true}),
        ),
        (
            json!({"access_method": "cloud_key", "credential_manager_acs_system_id": ids::ANNEX_ACS_SYSTEM,
                   "assa_abloy_vostio_metadata": {"auto_join": true}, "salto_space_metadata": {"assign_new_key": true},
                   "hotek_metadata": {"override": false}}),
            "Cloud Key Credential",
            json!({"code": null}),
        ),
    ];
    let mut ids_seen: Vec<String> = Vec::new();
    for (params, display_name, fields) in cases {
        let mut params = params;
        params["acs_user_id"] = json!(ids::OTHER_ACS_USER);
        let credential =
            ok(fake.url(), "POST", ids::CREATE_ROUTE, &params)["acs_credential"].clone();
        assert_eq!(credential["display_name"], display_name, "{params}");
        assert_eq!(credential["access_method"], params["access_method"]);
        for (key, value) in fields.as_object().unwrap() {
            assert_eq!(&credential[key], value, "{key} of {params}");
        }
        let id = credential["acs_credential_id"].as_str().unwrap().to_owned();
        assert_eq!(id.len(), 36);
        assert_eq!(id, id.to_lowercase());
        assert!(!ids_seen.contains(&id) && !SEEDED.contains(&id.as_str()));
        ids_seen.push(id);
    }
    // By identity, with its system: the identity's ACS user there.
    let by_identity = ok(
        fake.url(),
        "POST",
        ids::CREATE_ROUTE,
        &json!({"access_method": "code", "user_identity_id": ids::USER_IDENTITY, "acs_system_id": ids::ACS_SYSTEM}),
    )["acs_credential"]
        .clone();
    assert_eq!(by_identity["acs_user_id"], ids::ACS_USER);
    assert_eq!(by_identity["user_identity_id"], ids::USER_IDENTITY);
    assert_eq!(
        ok(
            fake.url(),
            "GET",
            ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
            &json!({"acs_credential_id": by_identity["acs_credential_id"]})
        )["acs_entrances"],
        json!([])
    );

    // Newest first, and ids are not handed out again after a reset.
    let listed = ids_of(&list(&fake, json!({"limit": 7})));
    let mut newest_first = ids_seen.clone();
    newest_first.push(
        by_identity["acs_credential_id"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    newest_first.reverse();
    assert_eq!(listed, newest_first);
    fake.reset();
    let after = ok(
        fake.url(),
        "POST",
        ids::CREATE_ROUTE,
        &json!({"access_method": "code", "acs_user_id": ids::ACS_USER}),
    );
    assert!(!newest_first.contains(
        &after["acs_credential"]["acs_credential_id"]
            .as_str()
            .unwrap()
            .to_owned()
    ));
}

#[test]
fn lookups_fail_with_typed_404s_in_the_apis_order() {
    let fake = FakeSeam::start().unwrap();
    let missing = "12345678-1234-1234-1234-123456789012";
    let pin = ids::PIN_CREDENTIAL;
    let code_for = |extra: Value| {
        let mut params = json!({"access_method": "code"});
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        params
    };
    let cases = [
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": pin, "acs_user_id": missing}),
            404,
            "acs_user_not_found",
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": missing, "acs_user_id": missing}),
            404,
            "acs_user_not_found",
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": missing, "acs_user_id": ids::ACS_USER}),
            404,
            "acs_credential_not_found",
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": missing, "user_identity_id": missing}),
            404,
            "user_identity_not_found",
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": missing, "user_identity_id": ids::USER_IDENTITY}),
            404,
            "acs_credential_not_found",
        ),
        (
            "PATCH",
            ids::ASSIGN_ROUTE,
            json!({"acs_credential_id": pin, "user_identity_id": ids::UNLINKED_USER_IDENTITY}),
            404,
            "acs_user_not_found",
        ),
        (
            "PATCH",
            ids::UNASSIGN_ROUTE,
            json!({"acs_credential_id": pin, "acs_user_id": missing}),
            404,
            "acs_user_not_found",
        ),
        (
            "PATCH",
            ids::UNASSIGN_ROUTE,
            json!({"acs_credential_id": missing, "user_identity_id": ids::USER_IDENTITY}),
            404,
            "acs_credential_not_found",
        ),
        (
            "PATCH",
            ids::UNASSIGN_ROUTE,
            json!({"acs_credential_id": pin, "user_identity_id": missing}),
            404,
            "user_identity_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(json!({"acs_user_id": ids::ACS_USER, "acs_system_id": missing})),
            404,
            "acs_system_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(json!({"acs_user_id": missing, "acs_system_id": missing})),
            404,
            "acs_system_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(
                json!({"acs_user_id": ids::ACS_USER, "credential_manager_acs_system_id": missing}),
            ),
            404,
            "acs_system_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(json!({"acs_user_id": missing})),
            404,
            "acs_user_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(json!({"user_identity_id": missing, "acs_system_id": ids::ACS_SYSTEM})),
            404,
            "user_identity_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(
                json!({"user_identity_id": ids::UNLINKED_USER_IDENTITY, "acs_system_id": ids::ACS_SYSTEM}),
            ),
            404,
            "acs_user_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(
                json!({"user_identity_id": ids::USER_IDENTITY, "acs_system_id": ids::ANNEX_ACS_SYSTEM}),
            ),
            404,
            "acs_user_not_found",
        ),
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(
                json!({"acs_user_id": ids::ACS_USER, "allowed_acs_entrance_ids": [ids::LOBBY_ENTRANCE, missing]}),
            ),
            404,
            "acs_entrance_not_found",
        ),
        // A user and a system that disagree are a contradiction, not a missing object.
        (
            "POST",
            ids::CREATE_ROUTE,
            code_for(json!({"acs_user_id": ids::ACS_USER, "acs_system_id": ids::ANNEX_ACS_SYSTEM})),
            400,
            "invalid_input",
        ),
        (
            "GET",
            ids::GET_ROUTE,
            json!({"acs_credential_id": missing}),
            404,
            "acs_credential_not_found",
        ),
        (
            "GET",
            ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
            json!({"acs_credential_id": missing}),
            404,
            "acs_credential_not_found",
        ),
        (
            "PATCH",
            ids::UPDATE_ROUTE,
            json!({"acs_credential_id": "not-a-uuid", "code": "1"}),
            404,
            "acs_credential_not_found",
        ),
        (
            "DELETE",
            ids::DELETE_ROUTE,
            json!({"acs_credential_id": missing}),
            404,
            "acs_credential_not_found",
        ),
    ];
    for (method, path, params, status, error_type) in cases {
        let reply = api(fake.url(), method, path, &params);
        let (got_status, got_type, _) = error_of(&reply);
        assert_eq!(
            (got_status, got_type.as_str()),
            (status, error_type),
            "{method} {path} {params}"
        );
        if status == 404 {
            let object = error_type.strip_suffix("_not_found").unwrap();
            assert_eq!(
                reply.json()["error"]["message"],
                format!("{object} not found")
            );
        }
    }
    // Nothing above changed anything.
    assert_eq!(ids_of(&list(&fake, json!({}))), SEEDED);
    assert_eq!(get(&fake, pin)["acs_user_id"], ids::ACS_USER);
}
