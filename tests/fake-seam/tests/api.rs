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
use serde_json::json;

#[test]
fn assigns_via_post_and_patch() {
    let fake = FakeSeam::start().unwrap();
    let reply = assign(fake.url(), "POST", &assign_body(USER, CREDENTIAL));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_eq!(body["ok"], true);
    let credential = &body["acs_credential"];
    assert_eq!(credential["acs_credential_id"], CREDENTIAL);
    assert_eq!(credential["acs_user_id"], USER);
    assert_eq!(credential["display_name"], "Multi Phone Sync Credential");
    assert_eq!(credential["code"], json!(null));
    assert_eq!(credential["access_method"], "mobile_key");
    assert_eq!(credential["is_multi_phone_sync_credential"], true);
    assert_eq!(credential["created_at"], "2024-04-12T03:56:22.396Z");
    assert_eq!(credential["workspace_id"], ids::WORKSPACE);
    assert_eq!(credential["acs_system_id"], ids::ACS_SYSTEM);

    let reply = assign(
        fake.url(),
        "PATCH",
        &assign_body(ids::OTHER_ACS_USER, ids::FUTURE_CREDENTIAL),
    );
    assert_eq!(reply.status, 200);
    let credential = &reply.json()["acs_credential"];
    assert_eq!(credential["acs_user_id"], ids::OTHER_ACS_USER);
    assert_eq!(credential["access_method"], "quantum_link");
    assert_eq!(credential["brand_new_field"], json!({"nested": [1, 2]}));
    assert_eq!(
        credential["salto_space_metadata"]["zones"],
        json!(["A", "B"])
    );
}

#[test]
fn every_seeded_credential_can_be_assigned() {
    let fake = FakeSeam::start().unwrap();
    for id in [
        ids::MOBILE_KEY_CREDENTIAL,
        ids::PIN_CREDENTIAL,
        ids::VISIONLINE_CREDENTIAL,
        ids::VOSTIO_CREDENTIAL,
        ids::FUTURE_CREDENTIAL,
        ids::WARNINGS_CREDENTIAL,
        ids::CLOUD_KEY_CREDENTIAL,
        ids::AKILES_CREDENTIAL,
        ids::ODD_VALUES_CREDENTIAL,
    ] {
        let reply = assign(fake.url(), "POST", &assign_body(USER, id));
        assert_eq!(reply.status, 200, "{id}");
        let credential = &reply.json()["acs_credential"];
        assert_eq!(credential["acs_credential_id"], id);
        assert_eq!(credential["is_managed"], true);
        assert_eq!(credential["connected_account_id"], ids::CONNECTED_ACCOUNT);
    }
    let vostio = assign(
        fake.url(),
        "POST",
        &assign_body(USER, ids::VOSTIO_CREDENTIAL),
    )
    .json();
    assert_eq!(
        vostio["acs_credential"]["errors"][0]["error_code"],
        "failed_to_issue"
    );
}

#[test]
fn not_found_checks_user_first() {
    let fake = FakeSeam::start().unwrap();
    let missing = "12345678-1234-1234-1234-123456789012";
    for (body, kind, message) in [
        (
            assign_body(missing, CREDENTIAL),
            "acs_user_not_found",
            "acs_user not found",
        ),
        (
            assign_body(USER, missing),
            "acs_credential_not_found",
            "acs_credential not found",
        ),
        (
            assign_body(missing, missing),
            "acs_user_not_found",
            "acs_user not found",
        ),
    ] {
        let reply = assign(fake.url(), "POST", &body);
        assert_eq!(reply.status, 404);
        let json = reply.json();
        assert_eq!(json["error"]["type"], kind);
        assert_eq!(json["error"]["message"], message);
        assert_eq!(json["ok"], false);
    }
}

#[test]
fn unknown_routes_answer_a_bare_404() {
    let fake = FakeSeam::start().unwrap();
    for (method, path) in [
        ("POST", "/acs/credentials/nope"),
        ("GET", "/"),
        ("GET", ASSIGN),
        ("PUT", ASSIGN),
        ("GET", ids::CREATE_ROUTE),
        ("PATCH", ids::CREATE_ROUTE),
        ("PATCH", ids::GET_ROUTE),
        ("DELETE", ids::LIST_ROUTE),
        ("GET", ids::UPDATE_ROUTE),
        ("GET", ids::DELETE_ROUTE),
        ("PATCH", ids::DELETE_ROUTE),
        ("GET", "/acs/credentials/list/"),
        ("GET", "/acs/credentials"),
    ] {
        let reply = call(fake.url(), method, path, &[], "");
        assert_eq!(reply.status, 404);
        assert_eq!(reply.body, b"404");
        assert!(reply.header("seam-request-id").is_some());
    }
    assert_eq!(
        call(fake.url(), "GET", "/health", &[], "").json(),
        json!({"ok": true})
    );
}

#[test]
fn request_ids_count_up_per_server() {
    let fake = FakeSeam::start().unwrap();
    let other = FakeSeam::start().unwrap();
    let mut conn = Conn::open(fake.url());
    assert_eq!(
        conn.call("GET", "/health", &[], "").request_id(),
        "request1"
    );
    assert_eq!(
        conn.call("POST", ASSIGN, &[], "{}").request_id(),
        "request2"
    );
    assert_eq!(
        conn.call("GET", "/_fake/requests", &[], "").request_id(),
        "request3"
    );
    assert_eq!(
        conn.call("GET", "/nowhere", &[], "").request_id(),
        "request4"
    );
    assert_eq!(
        call(other.url(), "GET", "/health", &[], "").request_id(),
        "request1"
    );
}

#[test]
fn records_counts_and_the_last_request() {
    let fake = FakeSeam::start().unwrap();
    let body = assign_body(USER, CREDENTIAL);
    assign(fake.url(), "POST", &body);
    assign(fake.url(), "POST", &body);
    let last_body = assign_body(ids::OTHER_ACS_USER, CREDENTIAL);
    call(
        fake.url(),
        "PATCH",
        ASSIGN,
        &[
            ("Authorization", "Bearer seam_apikey1_token"),
            ("Seam-SDK-Name", "test"),
        ],
        &last_body,
    );
    // Control routes are not recorded, and reset clears the log.
    assert_eq!(
        call(fake.url(), "POST", "/_fake/reset", &[], "").status,
        200
    );
    let log = requests(fake.url());
    assert_eq!(log["counts"], json!({}));
    assert_eq!(log["last"], json!(null));

    assign(fake.url(), "POST", &body);
    call(
        fake.url(),
        "PATCH",
        ASSIGN,
        &[
            ("Authorization", "Bearer seam_apikey1_token"),
            ("Seam-SDK-Name", "test"),
        ],
        &last_body,
    );
    let log = requests(fake.url());
    assert_eq!(
        log["counts"],
        json!({"POST /acs/credentials/assign": 1, "PATCH /acs/credentials/assign": 1})
    );
    let last = &log["last"];
    assert_eq!(last["method"], "PATCH");
    assert_eq!(last["path"], ASSIGN);
    assert_eq!(
        last["headers"]["authorization"],
        "Bearer seam_apikey1_token"
    );
    assert_eq!(last["headers"]["seam-sdk-name"], "test");
    assert_eq!(last["body"], last_body.as_str());
}

#[test]
fn serves_concurrent_keep_alive_connections() {
    let fake = FakeSeam::start().unwrap();
    let body = assign_body(USER, CREDENTIAL);
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                let mut conn = Conn::open(fake.url());
                let auth = format!("Bearer {API_KEY}");
                for _ in 0..200 {
                    let reply = conn.call("PATCH", ASSIGN, &[("authorization", &auth)], &body);
                    assert_eq!(reply.status, 200);
                }
            });
        }
    });
    assert_eq!(
        requests(fake.url())["counts"]["PATCH /acs/credentials/assign"],
        1600
    );
}

#[test]
fn stops_on_drop() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url().to_owned();
    let mut idle = Conn::open(&url);
    assert_eq!(idle.call("GET", "/health", &[], "").status, 200);
    drop(fake);
    assert_eq!(
        idle.read_rest().unwrap(),
        b"",
        "open connections are closed"
    );
    let host = url.strip_prefix("http://").unwrap();
    assert!(
        std::net::TcpStream::connect(host).is_err(),
        "listener is gone"
    );
}

#[test]
fn accepts_chunked_bodies_expect_continue_and_head() {
    let fake = FakeSeam::start().unwrap();
    let mut conn = Conn::open(fake.url());
    let body = assign_body(USER, CREDENTIAL);
    let (first, second) = body.split_at(10);
    let chunked = format!(
        "{:x}\r\n{first}\r\n{:x}\r\n{second}\r\n0\r\n\r\n",
        first.len(),
        second.len()
    );
    let auth = format!("Bearer {API_KEY}");
    let reply = conn.call(
        "POST",
        ASSIGN,
        &[("authorization", &auth), ("transfer-encoding", "chunked")],
        &chunked,
    );
    assert_eq!(reply.status, 200);
    assert_eq!(requests(fake.url())["last"]["body"], body.as_str());

    conn.send_head_only(
        "POST",
        ASSIGN,
        &[
            ("authorization", &auth),
            ("expect", "100-continue"),
            ("content-length", &body.len().to_string()),
        ],
    );
    assert_eq!(conn.read_head().unwrap().status, 100);
    conn.send_raw(&body);
    assert_eq!(conn.read_reply().unwrap().status, 200);

    conn.send_head_only("HEAD", "/health", &[]);
    let head = conn.read_head().unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("11"));
    // No body followed the head: the next answer on the connection starts right away.
    assert_eq!(
        conn.call("GET", "/health", &[], "").json(),
        json!({"ok": true})
    );
}
