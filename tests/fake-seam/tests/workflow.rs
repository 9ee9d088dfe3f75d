// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The access-control workflow end to end: identity → user → group → credential → encoding
//! (success, failure, stuck) → what opens what → client sessions and their scope → revoke,
//! suspend, delete; and the same through access grants.

mod common;

use std::time::{Duration, Instant};

use common::*;
use fake_seam::ids::*;
use fake_seam::FakeSeam;
use serde_json::{json, Value};

fn ok_json(url: &str, method: &str, path: &str, params: Value) -> Value {
    sdk_ok(url, method, path, &params)
}

fn session(token: &str) -> Headers {
    vec![
        ("authorization".into(), format!("Bearer {token}")),
        ("client-session-token".into(), token.into()),
    ]
}

fn ids_in(list: &Value, key: &str, id_key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {list}"))
        .iter()
        .map(|o| o[id_key].as_str().unwrap().to_owned())
        .collect()
}

fn entrance_ids(list: &Value) -> Vec<String> {
    ids_in(list, "acs_entrances", "acs_entrance_id")
}

/// Polls an attempt (with GET, as the fixed SDKs do) until it is no longer pending.
fn settled(url: &str, auth: &[(String, String)], attempt: &Value) -> Value {
    let id = attempt["action_attempt_id"].as_str().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let reply = send_as(
            url,
            auth,
            "GET",
            "/action_attempts/get",
            &json!({"action_attempt_id": id}),
        );
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let attempt = reply.json()["action_attempt"].clone();
        if attempt["status"] != "pending" || Instant::now() > deadline {
            return attempt;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The types of every event so far; each event must be of a type of the schema's union, with
/// the fields its variant requires.
fn event_types(url: &str) -> Vec<String> {
    let events = ok_json(url, "GET", "/events/list", json!({}));
    models::Models::load().check("events", &events["events"], "/events/list");
    ids_in(&events, "events", "event_type")
}

#[test]
fn identity_user_group_credential_encoding_sessions_and_teardown() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    control(
        url,
        "POST",
        "/_fake/action_attempts",
        &json!({"delay_ms": 30}),
    );

    // An identity, and an ACS user for it.
    let identity = ok_json(url, "POST", "/user_identities/create",
        json!({"user_identity_key": "ada", "full_name": "Ada Lovelace", "email_address": "ada@example.com"}))["user_identity"].clone();
    let ada = identity["user_identity_id"].as_str().unwrap().to_owned();
    assert_eq!(identity["acs_user_ids"], json!([]));
    let user = ok_json(
        url,
        "POST",
        "/acs/users/create",
        json!({"acs_system_id": ACS_SYSTEM, "full_name": "Ada Lovelace", "user_identity_id": ada}),
    )["acs_user"]
        .clone();
    let user_id = user["acs_user_id"].as_str().unwrap().to_owned();
    assert_eq!(user["user_identity_email_address"], "ada@example.com");
    assert_eq!(user["is_suspended"], false);
    let linked = ok_json(
        url,
        "GET",
        "/user_identities/get",
        json!({"user_identity_key": "ada"}),
    );
    assert_eq!(linked["user_identity"]["acs_user_ids"], json!([user_id]));
    let by_identity = ok_json(
        url,
        "GET",
        "/acs/users/get",
        json!({"user_identity_id": ada, "acs_system_id": ACS_SYSTEM}),
    );
    assert_eq!(by_identity["acs_user"]["acs_user_id"], user_id.as_str());

    // A group and a direct grant: what the user opens.
    ok_json(
        url,
        "PUT",
        "/acs/users/add_to_access_group",
        json!({"acs_access_group_id": STAFF_ACCESS_GROUP, "acs_user_id": user_id}),
    );
    let members = ok_json(
        url,
        "GET",
        "/acs/access_groups/list_users",
        json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
    );
    assert!(ids_in(&members, "acs_users", "acs_user_id").contains(&user_id));
    let opens = |url: &str| {
        entrance_ids(&ok_json(
            url,
            "GET",
            "/acs/users/list_accessible_entrances",
            json!({"acs_user_id": user_id}),
        ))
    };
    assert_eq!(opens(url), [LOBBY_ENTRANCE, GYM_ENTRANCE]);
    ok_json(
        url,
        "POST",
        "/acs/entrances/grant_access",
        json!({"acs_entrance_id": ROOM_101_ENTRANCE, "user_identity_id": ada}),
    );
    assert_eq!(
        opens(url),
        [ROOM_101_ENTRANCE, LOBBY_ENTRANCE, GYM_ENTRANCE]
    );
    let for_identity = ok_json(
        url,
        "GET",
        "/user_identities/list_accessible_entrances",
        json!({"user_identity_id": ada}),
    );
    assert_eq!(entrance_ids(&for_identity), opens(url));

    // A card for the user opens what the user opens.
    let card = ok_json(
        url,
        "POST",
        "/acs/credentials/create",
        json!({"access_method": "card", "acs_user_id": user_id}),
    )["acs_credential"]
        .clone();
    let card_id = card["acs_credential_id"].as_str().unwrap().to_owned();
    assert_eq!(card["user_identity_id"], ada.as_str());
    let card_opens = ok_json(
        url,
        "GET",
        "/acs/credentials/list_accessible_entrances",
        json!({"acs_credential_id": card_id}),
    );
    assert_eq!(entrance_ids(&card_opens), opens(url));
    let listed = ok_json(
        url,
        "GET",
        "/acs/entrances/list",
        json!({"acs_credential_id": card_id}),
    );
    assert_eq!(listed["acs_entrances"].as_array().unwrap().len(), 3);
    let with_access = ok_json(
        url,
        "GET",
        "/acs/entrances/list_credentials_with_access",
        json!({"acs_entrance_id": GYM_ENTRANCE}),
    );
    assert!(ids_in(&with_access, "acs_credentials", "acs_credential_id").contains(&card_id));

    // Encoding: pending first, then a success with the issued credential.
    let encode = json!({"acs_encoder_id": ACS_ENCODER, "acs_credential_id": card_id});
    let started = ok_json(
        url,
        "POST",
        "/acs/encoders/encode_credential",
        encode.clone(),
    )["action_attempt"]
        .clone();
    assert_eq!(
        (
            started["status"].as_str(),
            &started["result"],
            &started["error"],
            started["action_type"].as_str()
        ),
        (
            Some("pending"),
            &Value::Null,
            &Value::Null,
            Some("ENCODE_CREDENTIAL")
        )
    );
    let done = settled(url, &api_key(), &started);
    assert_eq!(done["status"], "success", "{done}");
    assert_eq!(done["result"]["acs_credential_id"], card_id.as_str());
    assert_eq!(done["result"]["is_issued"], true);
    assert!(done["result"]["issued_at"].is_string());
    let issued = ok_json(
        url,
        "GET",
        "/acs/credentials/get",
        json!({"acs_credential_id": card_id}),
    );
    assert_eq!(issued["acs_credential"]["is_issued"], true);

    // A failure asked for is the next encode's only.
    ok_json(
        url,
        "POST",
        "/acs/encoders/simulate/next_credential_encode_will_fail",
        json!({"acs_encoder_id": ACS_ENCODER, "error_code": "encoding_interrupted"}),
    );
    let failed = settled(
        url,
        &api_key(),
        &ok_json(
            url,
            "POST",
            "/acs/encoders/encode_credential",
            encode.clone(),
        )["action_attempt"],
    );
    assert_eq!(
        (failed["status"].as_str(), failed["error"]["type"].as_str()),
        (Some("error"), Some("encoding_interrupted"))
    );
    assert!(failed["error"]["message"].is_string() && failed["result"].is_null());
    let again = settled(
        url,
        &api_key(),
        &ok_json(
            url,
            "POST",
            "/acs/encoders/encode_credential",
            encode.clone(),
        )["action_attempt"],
    );
    assert_eq!(again["status"], "success");
    ok_json(
        url,
        "POST",
        "/acs/encoders/simulate/next_credential_encode_will_fail",
        json!({"acs_encoder_id": ACS_ENCODER}),
    );
    ok_json(
        url,
        "POST",
        "/acs/encoders/simulate/next_credential_encode_will_succeed",
        json!({"acs_encoder_id": ACS_ENCODER}),
    );
    let cleared = settled(
        url,
        &api_key(),
        &ok_json(
            url,
            "POST",
            "/acs/encoders/encode_credential",
            encode.clone(),
        )["action_attempt"],
    );
    assert_eq!(cleared["status"], "success");

    // Stuck: pending until the vendor's control route says otherwise.
    control(
        url,
        "POST",
        "/_fake/action_attempts",
        &json!({"stuck": true}),
    );
    let stuck = ok_json(
        url,
        "POST",
        "/acs/encoders/encode_credential",
        encode.clone(),
    )["action_attempt"]
        .clone();
    std::thread::sleep(Duration::from_millis(100));
    let still = ok_json(
        url,
        "GET",
        "/action_attempts/get",
        json!({"action_attempt_id": stuck["action_attempt_id"]}),
    );
    assert_eq!(still["action_attempt"]["status"], "pending");
    let forced = control(
        url,
        "POST",
        "/_fake/update_action_attempt",
        &json!({"action_attempt_id": stuck["action_attempt_id"], "status": "success"}),
    );
    assert_eq!(forced["action_attempt"]["status"], "success");
    assert_eq!(
        forced["action_attempt"]["result"]["acs_credential_id"],
        card_id.as_str()
    );
    control(
        url,
        "POST",
        "/_fake/action_attempts",
        &json!({"stuck": false}),
    );

    // Scans read the card last encoded, or what the simulation says.
    let scan = |url: &str| {
        settled(
            url,
            &api_key(),
            &ok_json(
                url,
                "POST",
                "/acs/encoders/scan_credential",
                json!({"acs_encoder_id": ACS_ENCODER}),
            )["action_attempt"],
        )
    };
    let read = scan(url);
    assert_eq!(
        read["result"]["acs_credential_on_seam"]["acs_credential_id"],
        card_id.as_str()
    );
    assert_eq!(read["result"]["warnings"], json!([]));
    ok_json(
        url,
        "POST",
        "/acs/encoders/simulate/next_credential_scan_will_succeed",
        json!({"acs_encoder_id": ACS_ENCODER, "scenario": "credential_does_not_exist_on_seam"}),
    );
    let unknown = scan(url);
    assert_eq!(unknown["result"]["acs_credential_on_seam"], Value::Null);
    assert_eq!(
        unknown["result"]["warnings"][0]["warning_code"],
        "acs_credential_on_seam_not_found"
    );
    ok_json(
        url,
        "POST",
        "/acs/encoders/simulate/next_credential_scan_will_fail",
        json!({"acs_encoder_id": ACS_ENCODER}),
    );
    assert_eq!(scan(url)["error"]["type"], "no_credential_on_encoder");

    // Unlocking: the card opens the gym; Jane's PIN does not.
    let unlock = |credential: &str| {
        settled(
            url,
            &api_key(),
            &ok_json(
                url,
                "POST",
                "/acs/entrances/unlock",
                json!({"acs_entrance_id": GYM_ENTRANCE, "acs_credential_id": credential}),
            )["action_attempt"],
        )
    };
    assert_eq!(
        unlock(&card_id)["result"],
        json!({"was_confirmed_by_device": true})
    );
    assert_eq!(unlock(PIN_CREDENTIAL)["status"], "error");

    // A client session for Ada sees Ada's things only.
    let made = ok_json(
        url,
        "POST",
        "/client_sessions/create",
        json!({"user_identity_id": ada}),
    )["client_session"]
        .clone();
    let token = made["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("seam_cst"));
    let mine = session(&token);
    let as_ada =
        |method: &str, path: &str, params: Value| send_as(url, &mine, method, path, &params);
    let own = as_ada("GET", "/acs/credentials/list", json!({})).json();
    assert_eq!(ids_of(&own), [card_id.as_str()]);
    assert_eq!(
        ids_in(
            &as_ada("GET", "/acs/users/list", json!({})).json(),
            "acs_users",
            "acs_user_id"
        ),
        [user_id.as_str()]
    );
    assert_eq!(
        ids_in(
            &as_ada("GET", "/acs/systems/list", json!({})).json(),
            "acs_systems",
            "acs_system_id"
        ),
        [ACS_SYSTEM]
    );
    assert_eq!(
        entrance_ids(&as_ada("GET", "/acs/entrances/list", json!({})).json()).len(),
        3
    );
    assert_eq!(
        as_ada(
            "GET",
            "/acs/entrances/get",
            json!({"acs_entrance_id": GYM_ENTRANCE})
        )
        .status,
        200
    );
    assert_eq!(
        as_ada(
            "GET",
            "/user_identities/get",
            json!({"user_identity_id": ada})
        )
        .status,
        200
    );
    assert_eq!(
        ids_of(
            &as_ada(
                "GET",
                "/acs/credentials/list",
                json!({"acs_user_id": OTHER_ACS_USER})
            )
            .json()
        ),
        Vec::<String>::new()
    );
    let own_attempt = as_ada("POST", "/acs/encoders/encode_credential", encode.clone());
    assert_eq!(own_attempt.status, 200);
    assert_eq!(
        as_ada(
            "GET",
            "/action_attempts/get",
            json!({"action_attempt_id": done["action_attempt_id"]})
        )
        .status,
        200
    );
    for (method, path, params) in [
        (
            "GET",
            "/user_identities/get",
            json!({"user_identity_id": USER_IDENTITY}),
        ),
        (
            "GET",
            "/user_identities/get",
            json!({"user_identity_key": "jane"}),
        ),
        (
            "POST",
            "/acs/encoders/encode_credential",
            json!({"acs_encoder_id": ACS_ENCODER, "acs_credential_id": PIN_CREDENTIAL}),
        ),
        (
            "GET",
            "/client_sessions/get",
            json!({"client_session_id": CLIENT_SESSION}),
        ),
        ("GET", "/acs/users/get", json!({"acs_user_id": user_id})),
    ] {
        let reply = as_ada(method, path, params.clone());
        assert_eq!(
            (error_of(&reply).0, error_of(&reply).1.as_str()),
            (403, "forbidden"),
            "{path} {params}"
        );
    }
    let jane_attempt = ok_json(
        url,
        "POST",
        "/acs/entrances/unlock",
        json!({"acs_entrance_id": ROOM_101_ENTRANCE, "acs_credential_id": PIN_CREDENTIAL}),
    )["action_attempt"]
        .clone();
    assert_eq!(
        as_ada(
            "GET",
            "/action_attempts/get",
            json!({"action_attempt_id": jane_attempt["action_attempt_id"]})
        )
        .status,
        403
    );
    let itself = as_ada("GET", "/client_sessions/get", json!({})).json();
    assert_eq!(
        itself["client_session"]["client_session_id"],
        made["client_session_id"]
    );

    // A publishable key gets (and then gets again) a session by user identifier key.
    let publishable = vec![(
        "seam-publishable-key".to_owned(),
        PUBLISHABLE_KEY.to_owned(),
    )];
    let first = send_as(
        url,
        &publishable,
        "POST",
        "/client_sessions/get_or_create",
        &json!({"user_identifier_key": "ada"}),
    )
    .json();
    let second = send_as(
        url,
        &publishable,
        "POST",
        "/client_sessions/get_or_create",
        &json!({"user_identifier_key": "ada"}),
    )
    .json();
    assert_eq!(
        first["client_session"]["client_session_id"],
        second["client_session"]["client_session_id"]
    );
    assert_eq!(first["client_session"]["user_identity_id"], ada.as_str());
    // With `expires_at`, the live session is answered with its expiry moved, as the API
    // documents for an existing session.
    let moved = send_as(
        url,
        &publishable,
        "POST",
        "/client_sessions/get_or_create",
        &json!({"user_identifier_key": "ada", "expires_at": "2099-06-01T00:00:00.000Z"}),
    )
    .json();
    assert_eq!(
        moved["client_session"]["client_session_id"],
        first["client_session"]["client_session_id"]
    );
    assert_eq!(
        moved["client_session"]["expires_at"],
        "2099-06-01T00:00:00.000Z"
    );
    assert_eq!(
        ok_json(
            url,
            "GET",
            "/client_sessions/get",
            json!({"client_session_id": first["client_session"]["client_session_id"]})
        )["client_session"]["expires_at"],
        "2099-06-01T00:00:00.000Z"
    );
    let phone = session(first["client_session"]["token"].as_str().unwrap());
    assert_eq!(
        ids_of(&send_as(url, &phone, "GET", "/acs/credentials/list", &json!({})).json()),
        [card_id.as_str()]
    );

    // Revoked, expired or deleted sessions don't authenticate.
    ok_json(
        url,
        "POST",
        "/client_sessions/revoke",
        json!({"client_session_id": made["client_session_id"]}),
    );
    let revoked = as_ada("GET", "/acs/credentials/list", json!({}));
    assert_eq!(
        (revoked.status, revoked.json()["error"]["message"].as_str()),
        (401, Some("Client session has been revoked"))
    );
    assert_eq!(
        ok_json(
            url,
            "GET",
            "/client_sessions/get",
            json!({"client_session_id": made["client_session_id"]})
        )["client_session"]["token"],
        token.as_str()
    );
    let old = ok_json(
        url,
        "POST",
        "/client_sessions/create",
        json!({"user_identity_id": ada, "expires_at": "2001-01-01T00:00:00Z"}),
    )["client_session"]
        .clone();
    let expired = send_as(
        url,
        &session(old["token"].as_str().unwrap()),
        "GET",
        "/acs/credentials/list",
        &json!({}),
    );
    assert_eq!(
        expired.json()["error"]["message"],
        "Client session has expired"
    );
    ok_json(
        url,
        "DELETE",
        "/client_sessions/delete",
        json!({"client_session_id": first["client_session"]["client_session_id"]}),
    );
    assert_eq!(
        send_as(url, &phone, "GET", "/acs/credentials/list", &json!({})).status,
        401
    );

    // Suspended and back, by identity and system.
    let by_identity = json!({"user_identity_id": ada, "acs_system_id": ACS_SYSTEM});
    ok_json(url, "POST", "/acs/users/suspend", by_identity.clone());
    assert_eq!(
        ok_json(
            url,
            "GET",
            "/acs/users/get",
            json!({"acs_user_id": user_id})
        )["acs_user"]["is_suspended"],
        true
    );
    ok_json(url, "POST", "/acs/users/unsuspend", by_identity.clone());
    assert_eq!(
        ok_json(
            url,
            "GET",
            "/acs/users/get",
            json!({"acs_user_id": user_id})
        )["acs_user"]["is_suspended"],
        false
    );

    // Revoking everything: no groups, no grants, nothing opens.
    ok_json(
        url,
        "POST",
        "/acs/users/revoke_access_to_all_entrances",
        json!({"acs_user_id": user_id}),
    );
    assert_eq!(opens(url), Vec::<String>::new());
    assert_eq!(
        ok_json(
            url,
            "GET",
            "/acs/credentials/list_accessible_entrances",
            json!({"acs_credential_id": card_id})
        )["acs_entrances"],
        json!([])
    );
    let members = ok_json(
        url,
        "GET",
        "/acs/access_groups/list_users",
        json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
    );
    assert_eq!(
        ids_in(&members, "acs_users", "acs_user_id"),
        Vec::<String>::new()
    );

    // Deleting the user deletes its credentials.
    ok_json(url, "DELETE", "/acs/users/delete", by_identity);
    for (path, params, error_type) in [
        (
            "/acs/users/get",
            json!({"acs_user_id": user_id}),
            "acs_user_not_found",
        ),
        (
            "/acs/credentials/get",
            json!({"acs_credential_id": card_id}),
            "acs_credential_not_found",
        ),
    ] {
        assert_eq!(
            error_of(&send_as(url, &api_key(), "GET", path, &params)).1,
            error_type
        );
    }
    assert_eq!(
        ok_json(
            url,
            "GET",
            "/user_identities/get",
            json!({"user_identity_id": ada})
        )["user_identity"]["acs_user_ids"],
        json!([])
    );

    let types = event_types(url);
    for expected in [
        "acs_user.created",
        "acs_credential.issued",
        "action_attempt.unlock_door.succeeded",
        "action_attempt.unlock_door.failed",
        "client_session.deleted",
        "acs_user.deleted",
        "acs_credential.deleted",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "{expected} not in {types:?}"
        );
    }
    // Nothing was sent twice: seven encode calls above (the session's refused one included).
    assert_eq!(
        requests(url)["counts"]["POST /acs/encoders/encode_credential"],
        7
    );
}

#[test]
fn access_grants_make_users_methods_and_sessions() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    control(
        url,
        "POST",
        "/_fake/action_attempts",
        &json!({"delay_ms": 0}),
    );
    let grant = ok_json(url, "POST", "/access_grants/create", json!({
        "user_identity": {"full_name": "Grace Hopper", "email_address": "grace@example.com", "user_identity_key": "grace"},
        "acs_entrance_ids": [LOBBY_ENTRANCE],
        "access_grant_key": "stay-42",
        "reservation_key": "res-42",
        "starts_at": "2030-01-01T15:00:00Z",
        "ends_at": "2030-01-05T11:00:00Z",
        "requested_access_methods": [{"mode": "code", "code": "4321"}, {"mode": "card"}, {"mode": "mobile_key"}],
    }))["access_grant"].clone();
    let grant_id = grant["access_grant_id"].as_str().unwrap().to_owned();
    let grace = grant["user_identity_id"].as_str().unwrap().to_owned();
    let methods: Vec<Value> = grant["access_method_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            ok_json(
                url,
                "GET",
                "/access_methods/get",
                json!({"access_method_id": id}),
            )["access_method"]
                .clone()
        })
        .collect();
    assert_eq!(
        grant["requested_access_methods"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        (
            methods[0]["mode"].as_str(),
            methods[0]["code"].as_str(),
            methods[0]["is_issued"].as_bool()
        ),
        (Some("code"), Some("4321"), Some(true))
    );
    assert_eq!(
        (
            methods[1]["is_issued"].as_bool(),
            methods[1]["is_encoding_required"].as_bool()
        ),
        (Some(false), Some(true))
    );
    // Grace got an ACS user in the lobby's system, which opens the lobby.
    let identity = ok_json(
        url,
        "GET",
        "/user_identities/get",
        json!({"user_identity_key": "grace"}),
    )["user_identity"]
        .clone();
    assert_eq!(identity["acs_user_ids"].as_array().unwrap().len(), 1);
    let opens = ok_json(
        url,
        "GET",
        "/user_identities/list_accessible_entrances",
        json!({"user_identity_id": grace}),
    );
    assert_eq!(entrance_ids(&opens), [LOBBY_ENTRANCE]);

    // The mobile key is a client session of Grace's: it sees her grant and its methods.
    let phone = session(methods[2]["client_session_token"].as_str().unwrap());
    let seen = send_as(url, &phone, "GET", "/access_grants/list", &json!({})).json();
    assert_eq!(
        ids_in(&seen, "access_grants", "access_grant_id"),
        [grant_id.as_str()]
    );
    let seen = send_as(
        url,
        &phone,
        "GET",
        "/access_methods/list",
        &json!({"access_grant_id": grant_id}),
    )
    .json();
    assert_eq!(seen["access_methods"].as_array().unwrap().len(), 3);
    let others = send_as(
        url,
        &phone,
        "GET",
        "/access_grants/get",
        &json!({"access_grant_id": UNMANAGED_ACCESS_GRANT}),
    );
    assert!(matches!(others.status, 403 | 404), "{}", others.status);

    // The card is encoded into a card credential; then it is issued.
    let encoded = ok_json(
        url,
        "POST",
        "/access_methods/encode",
        json!({"access_method_id": methods[1]["access_method_id"], "acs_encoder_id": ACS_ENCODER}),
    )["action_attempt"]
        .clone();
    let encoded = settled(url, &api_key(), &encoded);
    assert_eq!(
        (
            encoded["status"].as_str(),
            encoded["result"]["access_method"].as_str()
        ),
        (Some("success"), Some("card"))
    );
    let card = ok_json(
        url,
        "GET",
        "/access_methods/get",
        json!({"access_method_id": methods[1]["access_method_id"]}),
    );
    assert_eq!(card["access_method"]["is_issued"], true);

    // The code opens the lobby, not the gym.
    let unlock = |entrance: &str| {
        settled(url, &api_key(), &ok_json(url, "POST", "/access_methods/unlock_door",
        json!({"access_method_id": methods[0]["access_method_id"], "acs_entrance_id": entrance}))["action_attempt"])["status"].clone()
    };
    assert_eq!(
        (unlock(LOBBY_ENTRANCE), unlock(GYM_ENTRANCE)),
        (json!("success"), json!("error"))
    );

    let related = ok_json(
        url,
        "GET",
        "/access_grants/get_related",
        json!({"access_grant_keys": ["stay-42"], "exclude": ["user_identities"]}),
    );
    assert_eq!(
        related["batch"]["access_methods"].as_array().unwrap().len(),
        3
    );
    assert_eq!(entrance_ids(&related["batch"]), [LOBBY_ENTRANCE]);
    assert!(related["batch"].get("user_identities").is_none());

    ok_json(
        url,
        "PATCH",
        "/access_grants/update",
        json!({"access_grant_key": "stay-42", "ends_at": "2030-01-06T11:00:00Z"}),
    );
    let more = ok_json(
        url,
        "POST",
        "/access_grants/request_access_methods",
        json!({"access_grant_id": grant_id, "requested_access_methods": [{"mode": "cloud_key"}]}),
    );
    assert_eq!(
        more["access_grant"]["access_method_ids"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    ok_json(
        url,
        "DELETE",
        "/access_methods/delete",
        json!({"access_method_id": methods[0]["access_method_id"]}),
    );
    let left = ok_json(
        url,
        "GET",
        "/access_grants/get",
        json!({"access_grant_id": grant_id}),
    );
    assert_eq!(
        left["access_grant"]["access_method_ids"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Deleting the grant takes its methods and the access it gave.
    ok_json(
        url,
        "DELETE",
        "/access_grants/delete",
        json!({"access_grant_id": grant_id}),
    );
    let gone = send_as(
        url,
        &api_key(),
        "GET",
        "/access_methods/get",
        &json!({"access_method_id": methods[1]["access_method_id"]}),
    );
    assert_eq!(error_of(&gone).1, "access_method_not_found");
    let opens = ok_json(
        url,
        "GET",
        "/user_identities/list_accessible_entrances",
        json!({"user_identity_id": grace}),
    );
    assert_eq!(opens["acs_entrances"], json!([]));

    let types = event_types(url);
    for expected in [
        "access_grant.created",
        "access_grant.access_granted_to_door",
        "access_method.created",
        "access_method.issued",
        "access_method.card_encoding_required",
        "access_grant.access_times_changed",
        "access_method.deleted",
        "access_grant.access_to_door_lost",
        "access_grant.deleted",
        "acs_user.created",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "{expected} not in {types:?}"
        );
    }
}
