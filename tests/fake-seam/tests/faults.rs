// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use fake_seam::FakeSeam;
use serde_json::json;

fn auth() -> String {
    format!("Bearer {API_KEY}")
}

#[test]
fn status_and_headers_fault_is_used_once() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/acs/credentials/assign", "status": 503, "headers": {"Retry-After": "1"}}"#,
    );
    let body = assign_body(USER, CREDENTIAL);
    let reply = assign(fake.url(), "PATCH", &body);
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("1"));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(reply.header("seam-request-id").is_some());
    let json = reply.json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["error"]["type"], "service_unavailable");

    assert_eq!(assign(fake.url(), "PATCH", &body).status, 200);
    // A fault answer still counts the request.
    assert_eq!(
        requests(fake.url())["counts"]["PATCH /acs/credentials/assign"],
        2
    );
}

#[test]
fn faults_queue_in_order_and_count_down() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/acs/credentials/assign", "status": 429, "count": 2}"#,
    );
    add_fault(fake.url(), r#"{"route": "/health", "status": 500}"#);
    add_fault(
        fake.url(),
        r#"[{"route": "/acs/credentials/assign", "status": 200, "body": "not json"},
            {"route": "/acs/credentials/assign", "status": 502, "body": "<html>bad gateway</html>",
             "headers": {"content-type": "text/html"}}]"#,
    );
    let body = assign_body(USER, CREDENTIAL);
    assert_eq!(call(fake.url(), "GET", "/health", &[], "").status, 500);
    assert_eq!(assign(fake.url(), "POST", &body).status, 429);
    assert_eq!(assign(fake.url(), "POST", &body).status, 429);
    let reply = assign(fake.url(), "POST", &body);
    assert_eq!(
        (reply.status, reply.body.as_slice()),
        (200, b"not json".as_slice())
    );
    let reply = assign(fake.url(), "POST", &body);
    assert_eq!(reply.status, 502);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert_eq!(assign(fake.url(), "POST", &body).status, 200);
    assert_eq!(call(fake.url(), "GET", "/health", &[], "").status, 200);
}

#[test]
fn reset_clears_faults() {
    let fake = FakeSeam::start().unwrap();
    add_fault(fake.url(), r#"{"route": "/health", "status": 500}"#);
    call(fake.url(), "POST", "/_fake/reset", &[], "");
    assert_eq!(call(fake.url(), "GET", "/health", &[], "").status, 200);
}

#[test]
fn bad_fault_specs_are_rejected() {
    let fake = FakeSeam::start().unwrap();
    for spec in [
        r#"{"status": 500}"#,
        r#"{"route": "/health", "mode": "explode"}"#,
        r#"{"route": "/health", "stauts": 1}"#,
        // Both would replace the body: refused rather than one silently winning.
        r#"{"route": "/health", "body": "x", "body_bytes": 10}"#,
        r#"[{"route": "/health", "status": 500}, {"route": "/health", "body": "", "body_bytes": 0}]"#,
    ] {
        let reply = call(fake.url(), "POST", "/_fake/faults", &[], spec);
        assert_eq!(reply.status, 400, "{spec}");
        assert_eq!(reply.json()["error"]["type"], "invalid_input");
    }
    // All or nothing: the valid fault of the refused array was not queued either.
    assert_eq!(call(fake.url(), "GET", "/health", &[], "").status, 200);
    assert!(fake
        .add_fault(json!({"route": "/health", "body": "x", "body_bytes": 1}))
        .is_err());
}

#[test]
fn faults_match_the_path_whatever_the_method_and_query() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/acs/credentials/list", "status": 429, "count": 2}"#,
    );
    let target = "/acs/credentials/list?limit=1&_strict=true";
    let auth = format!("Bearer {API_KEY}");
    let headers = [("authorization", auth.as_str())];
    assert_eq!(call(fake.url(), "GET", target, &headers, "").status, 429);
    assert_eq!(
        call(fake.url(), "POST", "/acs/credentials/list", &headers, "{}").status,
        429
    );
    assert_eq!(call(fake.url(), "GET", target, &headers, "").status, 200);
}

#[test]
fn body_bytes_announces_its_length_and_streams() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/acs/credentials/assign", "body_bytes": 52428800}"#,
    );
    let mut conn = Conn::open(fake.url());
    conn.send(
        "POST",
        ASSIGN,
        &[("authorization", &auth())],
        &assign_body(USER, CREDENTIAL),
    );
    let head = conn.read_head().unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("52428800"));
    assert_eq!(conn.read_exact(8).unwrap(), b"[0,0,0,0");
}

#[test]
fn close_mode_answers_nothing() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/acs/credentials/assign", "mode": "close"}"#,
    );
    let mut conn = Conn::open(fake.url());
    conn.send(
        "POST",
        ASSIGN,
        &[("authorization", &auth())],
        &assign_body(USER, CREDENTIAL),
    );
    assert_eq!(conn.read_rest().unwrap(), b"");
    assert_eq!(
        requests(fake.url())["counts"]["POST /acs/credentials/assign"],
        1
    );
}

#[test]
fn reset_mode_cuts_the_body_short() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/acs/credentials/assign", "mode": "reset"}"#,
    );
    let mut conn = Conn::open(fake.url());
    conn.send(
        "POST",
        ASSIGN,
        &[("authorization", &auth())],
        &assign_body(USER, CREDENTIAL),
    );
    let head = conn.read_head().unwrap();
    assert_eq!(head.status, 200, "the real answer, cut short");
    let promised: usize = head.header("content-length").unwrap().parse().unwrap();
    let got = conn.read_rest().unwrap();
    assert!(
        !got.is_empty() && got.len() < promised,
        "{} of {promised}",
        got.len()
    );
}

#[test]
fn silent_mode_holds_then_closes() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/health", "mode": "silent", "delay_ms": 400}"#,
    );
    let mut conn = Conn::open(fake.url());
    let started = Instant::now();
    conn.send("GET", "/health", &[], "");
    assert_eq!(conn.read_rest().unwrap(), b"");
    assert!(started.elapsed() >= Duration::from_millis(350));
}

#[test]
fn delay_and_drip_shape_the_real_answer() {
    let fake = FakeSeam::start().unwrap();
    add_fault(fake.url(), r#"{"route": "/health", "delay_ms": 300}"#);
    add_fault(fake.url(), r#"{"route": "/health", "drip_ms": 30}"#);
    let mut conn = Conn::open(fake.url());

    let started = Instant::now();
    assert_eq!(
        conn.call("GET", "/health", &[], "").json(),
        json!({"ok": true})
    );
    assert!(started.elapsed() >= Duration::from_millis(300));

    let started = Instant::now();
    conn.send("GET", "/health", &[], "");
    let head = conn.read_head().unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "headers come at once"
    );
    let body = conn
        .read_exact(head.header("content-length").unwrap().parse().unwrap())
        .unwrap();
    assert_eq!(body, br#"{"ok":true}"#);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "11 bytes, 30 ms apart"
    );

    // The connection is still usable afterwards.
    assert_eq!(conn.call("GET", "/health", &[], "").status, 200);
}

#[test]
fn a_slow_fault_does_not_block_other_clients() {
    let fake = FakeSeam::start().unwrap();
    add_fault(
        fake.url(),
        r#"{"route": "/health", "mode": "silent", "delay_ms": 5000}"#,
    );
    let mut stuck = Conn::open(fake.url());
    stuck.send("GET", "/health", &[], "");
    std::thread::sleep(Duration::from_millis(100));

    let started = Instant::now();
    for _ in 0..20 {
        assert_eq!(call(fake.url(), "GET", "/health", &[], "").status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(2));

    // Dropping the server cuts the silent fault short instead of waiting it out.
    let started = Instant::now();
    drop(fake);
    assert_eq!(stuck.read_rest().unwrap(), b"");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn in_process_controls_match_the_http_ones() {
    let fake = FakeSeam::start().unwrap();
    fake.add_fault(json!({"route": "/health", "status": 418}))
        .unwrap();
    assert!(fake
        .add_fault(json!({"route": "/health", "bogus": 1}))
        .is_err());
    assert_eq!(call(fake.url(), "GET", "/health", &[], "").status, 418);
    assert_eq!(fake.requests()["counts"], json!({"GET /health": 1}));
    fake.reset();
    assert_eq!(fake.requests()["counts"], json!({}));
}
