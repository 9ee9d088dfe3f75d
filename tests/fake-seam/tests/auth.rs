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

fn headers(pairs: &[(&str, &str)]) -> Headers {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn every_kind_of_credential_and_its_mistakes() {
    let fake = FakeSeam::start().unwrap();
    let cst = ids::CLIENT_SESSION_TOKEN;
    let cst_bearer = format!("Bearer {cst}");
    let pat_bearer = format!("Bearer {}", ids::PERSONAL_ACCESS_TOKEN);
    let key_bearer = format!("Bearer {API_KEY}");
    // (headers, expected status, expected 401 message)
    let cases: Vec<(Headers, u16, &str)> = vec![
        (vec![], 401, "No Authorization header"),
        (
            headers(&[("authorization", "Basic abc")]),
            401,
            "Authorization header must be \"Bearer <token>\"",
        ),
        (
            headers(&[("authorization", "Bearer seam_nope_token")]),
            401,
            "API Key not found",
        ),
        (
            headers(&[("authorization", &pat_bearer)]),
            401,
            "A personal access token needs the seam-workspace header",
        ),
        (
            headers(&[
                ("authorization", &pat_bearer),
                ("seam-workspace", ids::CONNECTED_ACCOUNT),
            ]),
            401,
            "Workspace not found or not accessible with this token",
        ),
        (
            headers(&[
                ("authorization", "Bearer seam_at9_token"),
                ("seam-workspace", ids::WORKSPACE),
            ]),
            401,
            "Personal access token not found",
        ),
        (
            headers(&[("authorization", &cst_bearer)]),
            401,
            "A client session token needs the client-session-token header too",
        ),
        (
            headers(&[
                ("authorization", &cst_bearer),
                ("client-session-token", "seam_cst2_token"),
            ]),
            401,
            "The client-session-token header does not match the Authorization header",
        ),
        (
            headers(&[
                ("authorization", &key_bearer),
                ("client-session-token", cst),
            ]),
            401,
            "The client-session-token header does not match the Authorization header",
        ),
        (
            headers(&[
                ("authorization", "Bearer seam_cst9_token"),
                ("client-session-token", "seam_cst9_token"),
            ]),
            401,
            "Client session token not found",
        ),
        (api_key(), 200, ""),
        (pat(), 200, ""),
        (client_session(), 200, ""),
    ];
    for (auth, status, message) in cases {
        for method in ["GET", "POST"] {
            let reply = call_as(fake.url(), &auth, method, ids::LIST_ROUTE, &json!({}));
            assert_eq!(reply.status, status, "{auth:?} {method}");
            if status == 401 {
                assert_eq!(
                    reply.json(),
                    json!({"error": {"type": "unauthorized", "message": message,
                                     "stack": format!("Error: {message}\n    at fake-seam")},
                           "ok": false}),
                    "{auth:?}"
                );
                // Auth comes before validation.
                let invalid = call_as(
                    fake.url(),
                    &auth,
                    method,
                    ids::LIST_ROUTE,
                    &json!({"limit": 0}),
                );
                assert_eq!(invalid.status, 401, "{auth:?}");
            }
        }
    }
}

#[test]
fn a_client_session_may_only_list() {
    let fake = FakeSeam::start().unwrap();
    let session = client_session();
    // Forbidden before any validation, so empty parameters do.
    for (method, path) in [
        ("POST", ids::ASSIGN_ROUTE),
        ("PATCH", ids::ASSIGN_ROUTE),
        ("PATCH", ids::UNASSIGN_ROUTE),
        ("POST", ids::CREATE_ROUTE),
        ("GET", ids::GET_ROUTE),
        ("POST", ids::GET_ROUTE),
        ("GET", ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE),
        ("PATCH", ids::UPDATE_ROUTE),
        ("DELETE", ids::DELETE_ROUTE),
        ("POST", ids::DELETE_ROUTE),
    ] {
        let reply = call_as(fake.url(), &session, method, path, &json!({}));
        assert_eq!(reply.status, 403, "{method} {path}");
        let message = format!(
            "A client session token cannot call {path}; use an API key or a personal access token"
        );
        assert_eq!(
            reply.json(),
            json!({"error": {"type": "forbidden", "message": message,
                             "stack": format!("Error: {message}\n    at fake-seam")},
                   "ok": false})
        );
        // Without its second header it is not a session at all: 401 first.
        let half = &session[..1];
        assert_eq!(
            call_as(fake.url(), half, method, path, &json!({})).status,
            401
        );
    }
    // Nothing was deleted or changed.
    let get = ok(
        fake.url(),
        "GET",
        ids::GET_ROUTE,
        &json!({"acs_credential_id": ids::PIN_CREDENTIAL}),
    );
    assert_eq!(get["acs_credential"]["acs_user_id"], ids::ACS_USER);
}

fn session_list(fake: &FakeSeam, params: Value) -> Value {
    let reply = call_as(
        fake.url(),
        &client_session(),
        "GET",
        ids::LIST_ROUTE,
        &params,
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()
}

#[test]
fn a_client_session_lists_only_its_users_credentials() {
    let fake = FakeSeam::start().unwrap();
    // ACS_USER's two (by acs_user_id) and USER_IDENTITY's one (by user_identity_id), newest first.
    let own = [
        ids::AKILES_CREDENTIAL,
        ids::WARNINGS_CREDENTIAL,
        ids::PIN_CREDENTIAL,
    ];
    assert_eq!(ids_of(&session_list(&fake, json!({}))), own);
    let post = call_as(
        fake.url(),
        &client_session(),
        "POST",
        ids::LIST_ROUTE,
        &json!({}),
    );
    assert_eq!(ids_of(&post.json()), own);

    // Filters narrow the session's view, never widen it.
    let other = session_list(&fake, json!({"acs_user_id": ids::OTHER_ACS_USER}));
    assert_eq!(ids_of(&other), Vec::<String>::new());
    let found = session_list(&fake, json!({"search": "warnings"}));
    assert_eq!(ids_of(&found), [ids::WARNINGS_CREDENTIAL]);

    // Paginated like any list.
    let mut seen = Vec::new();
    let mut params = json!({"limit": 1});
    loop {
        let page = session_list(&fake, params.clone());
        seen.extend(ids_of(&page));
        match page["pagination"]["next_page_cursor"].as_str() {
            Some(cursor) => params["page_cursor"] = json!(cursor),
            None => break,
        }
    }
    assert_eq!(seen, own);

    // What an API key assigns to the session's user, the session sees.
    ok(
        fake.url(),
        "PATCH",
        ids::ASSIGN_ROUTE,
        &json!({"acs_credential_id": ids::CLOUD_KEY_CREDENTIAL, "acs_user_id": ids::ACS_USER}),
    );
    assert!(ids_of(&session_list(&fake, json!({}))).contains(&ids::CLOUD_KEY_CREDENTIAL.to_owned()));
}
