// Test support code outside #[test] fns: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Events: recorded by changes, listed newest first with their filters, and delivered to
//! webhooks signed the Svix way (checked here against a signature the test computes itself).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::*;
use fake_seam::ids::*;
use fake_seam::FakeSeam;
use serde_json::{json, Value};

fn types(list: &Value) -> Vec<&str> {
    list["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect()
}

#[test]
fn changes_record_events_listed_newest_first_with_filters() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    let list = |params: Value| sdk_ok(url, "GET", "/events/list", &params);
    assert_eq!(list(json!({}))["events"], json!([]));
    let start = fake_now();
    let user = sdk_ok(url, "POST", "/acs/users/create",
        &json!({"acs_system_id": ANNEX_ACS_SYSTEM, "full_name": "Jane at the annex", "user_identity_id": USER_IDENTITY}))["acs_user"].clone();
    std::thread::sleep(Duration::from_millis(5));
    let middle = fake_now();
    std::thread::sleep(Duration::from_millis(5));
    sdk_ok(
        url,
        "DELETE",
        "/acs/credentials/delete",
        &json!({"acs_credential_id": CLOUD_KEY_CREDENTIAL}),
    );
    sdk_ok(
        url,
        "DELETE",
        "/acs/access_groups/delete",
        &json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
    );

    let all = list(json!({}));
    models::Models::load().check("events", &all["events"], "/events/list");
    assert_eq!(
        types(&all),
        [
            "acs_access_group.deleted",
            "acs_credential.deleted",
            "acs_user.created"
        ]
    );
    let created = &all["events"][2];
    assert_eq!(created["acs_user_id"], user["acs_user_id"]);
    assert_eq!(created["acs_system_id"], ANNEX_ACS_SYSTEM);
    assert_eq!(created["workspace_id"], WORKSPACE);
    assert!(created["created_at"].is_string() && created["occurred_at"].is_string());
    assert_eq!(all["events"][1]["acs_credential_id"], CLOUD_KEY_CREDENTIAL);

    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"event_type": "acs_user.created"}),
            vec!["acs_user.created"],
        ),
        (
            json!({"event_types": ["acs_user.created", "acs_credential.deleted"]}),
            vec!["acs_credential.deleted", "acs_user.created"],
        ),
        (
            json!({"acs_user_id": user["acs_user_id"]}),
            vec!["acs_user.created"],
        ),
        (
            json!({"user_identity_id": USER_IDENTITY}),
            vec!["acs_user.created"],
        ),
        (
            json!({"acs_system_id": ACS_SYSTEM}),
            vec!["acs_access_group.deleted", "acs_credential.deleted"],
        ),
        (
            json!({"acs_system_ids": [ANNEX_ACS_SYSTEM, ACS_SYSTEM]}),
            vec![
                "acs_access_group.deleted",
                "acs_credential.deleted",
                "acs_user.created",
            ],
        ),
        (
            json!({"acs_access_group_id": STAFF_ACCESS_GROUP}),
            vec!["acs_access_group.deleted"],
        ),
        (
            json!({"since": start}),
            vec![
                "acs_access_group.deleted",
                "acs_credential.deleted",
                "acs_user.created",
            ],
        ),
        (
            json!({"since": middle}),
            vec!["acs_access_group.deleted", "acs_credential.deleted"],
        ),
        (json!({"since": "2099-01-01T00:00:00Z"}), vec![]),
        (
            json!({"between": [start, middle]}),
            vec!["acs_user.created"],
        ),
        (json!({"limit": 1}), vec!["acs_access_group.deleted"]),
        (
            json!({"unstable_offset": 1, "limit": 1}),
            vec!["acs_credential.deleted"],
        ),
        (json!({"device_id": MISSING}), vec![]),
        (
            json!({"event_ids": [created["event_id"]]}),
            vec!["acs_user.created"],
        ),
    ];
    for (params, expected) in cases {
        for method in ["GET", "POST"] {
            assert_eq!(
                types(&list(params.clone())).to_vec(),
                expected,
                "{method} {params}"
            );
        }
    }

    let id = created["event_id"].clone();
    assert_eq!(
        sdk_ok(url, "GET", "/events/get", &json!({"event_id": id}))["event"],
        *created
    );
    let newest = sdk_ok(
        url,
        "GET",
        "/events/get",
        &json!({"event_type": "acs_credential.deleted"}),
    );
    assert_eq!(newest["event"]["acs_credential_id"], CLOUD_KEY_CREDENTIAL);
    let missing = send_as(
        url,
        &api_key(),
        "GET",
        "/events/get",
        &json!({"event_id": MISSING}),
    );
    assert_eq!(error_of(&missing).1, "event_not_found");

    // A client session sees the events about its own things.
    let seen = send_as(url, &client_session(), "GET", "/events/list", &json!({})).json();
    assert_eq!(types(&seen), ["acs_user.created"]);
    let other = send_as(
        url,
        &client_session(),
        "GET",
        "/events/get",
        &json!({"event_id": all["events"][0]["event_id"]}),
    );
    assert_eq!(error_of(&other).0, 403);

    fake.reset();
    assert_eq!(list(json!({}))["events"], json!([]));
}

/// Now, as the API writes times (to the millisecond).
fn fake_now() -> String {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let secs = ms / 1000;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms % 1000
    )
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// One request a webhook receiver got: its headers (lower-case names) and body.
struct Received {
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {name} header"))
    }
}

/// A receiver that answers each request with the next status of `statuses`.
fn receiver(statuses: Vec<u16>) -> (String, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks/seam", listener.local_addr().unwrap());
    let (sender, received) = mpsc::channel();
    std::thread::spawn(move || {
        for status in statuses {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            assert!(line.starts_with("POST /hooks/seam "), "{line}");
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
            let length: usize = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .unwrap()
                .1
                .parse()
                .unwrap();
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut stream = reader.into_inner();
            write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            )
            .unwrap();
            sender
                .send(Received {
                    headers,
                    body: String::from_utf8(body).unwrap(),
                })
                .unwrap();
        }
    });
    (url, received)
}

/// The Svix signature, computed here from its definition.
fn expected_signature(secret: &str, id: &str, timestamp: &str, body: &str) -> String {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let tag = ring::hmac::sign(&key, format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(tag.as_ref()))
}

#[test]
fn webhooks_get_signed_deliveries_retried_until_accepted() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    let (hook_url, received) = receiver(vec![500, 204]);
    let webhook = sdk_ok(
        url,
        "POST",
        "/webhooks/create",
        &json!({"url": hook_url, "event_types": ["acs_user.created"]}),
    )["webhook"]
        .clone();
    let secret = webhook["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(STANDARD.decode(&secret[6..]).unwrap().len(), 24);
    assert_eq!(
        sdk_ok(
            url,
            "GET",
            "/webhooks/get",
            &json!({"webhook_id": webhook["webhook_id"]})
        )["webhook"],
        webhook
    );

    // Not subscribed: no delivery. Subscribed: one, retried after the 500.
    sdk_ok(
        url,
        "DELETE",
        "/acs/credentials/delete",
        &json!({"acs_credential_id": PIN_CREDENTIAL}),
    );
    sdk_ok(
        url,
        "POST",
        "/acs/users/create",
        &json!({"acs_system_id": ACS_SYSTEM, "full_name": "Ada"}),
    );
    let first = received.recv_timeout(Duration::from_secs(5)).unwrap();
    let second = received.recv_timeout(Duration::from_secs(5)).unwrap();
    for delivery in [&first, &second] {
        let (id, timestamp) = (
            delivery.header("svix-id"),
            delivery.header("svix-timestamp"),
        );
        assert!(id.starts_with("msg_"), "{id}");
        assert_eq!(
            delivery.header("svix-signature"),
            expected_signature(&secret, id, timestamp, &delivery.body)
        );
        assert_eq!(
            delivery.header("svix-signature"),
            fake_seam::sign_webhook(&secret, id, timestamp.parse().unwrap(), &delivery.body)
                .unwrap()
        );
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(now.abs_diff(timestamp.parse().unwrap()) < 300);
        assert_eq!(delivery.header("content-type"), "application/json");
    }
    assert_eq!(
        (first.header("svix-id"), &first.body),
        (second.header("svix-id"), &second.body)
    );
    let event: Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(event["event_type"], "acs_user.created");
    let listed = sdk_ok(
        url,
        "GET",
        "/events/list",
        &json!({"event_type": "acs_user.created"}),
    );
    assert_eq!(listed["events"][0], event);

    // What was sent, and each answer.
    let deadline = Instant::now() + Duration::from_secs(5);
    let deliveries = loop {
        let log = control(url, "GET", "/_fake/webhook_deliveries", &json!({}));
        if log["deliveries"][0]["done"] == true || Instant::now() > deadline {
            break log["deliveries"].clone();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(deliveries.as_array().unwrap().len(), 1);
    assert_eq!(
        deliveries[0]["attempts"],
        json!([{"status": 500}, {"status": 204}])
    );
    assert_eq!(deliveries[0]["event_id"], event["event_id"]);
    assert_eq!(deliveries[0]["svix_id"], first.header("svix-id"));

    // Updated to every type (an empty list), listed, deleted.
    sdk_ok(
        url,
        "PUT",
        "/webhooks/update",
        &json!({"webhook_id": webhook["webhook_id"], "event_types": []}),
    );
    let all = sdk_ok(url, "GET", "/webhooks/list", &json!({}));
    assert_eq!(all["webhooks"][0]["event_types"], json!([]));
    sdk_ok(
        url,
        "DELETE",
        "/webhooks/delete",
        &json!({"webhook_id": webhook["webhook_id"]}),
    );
    assert_eq!(
        sdk_ok(url, "GET", "/webhooks/list", &json!({}))["webhooks"],
        json!([])
    );
}

#[test]
fn only_loopback_http_receivers_are_delivered_to() {
    let fake = FakeSeam::start().unwrap();
    let url = fake.url();
    sdk_ok(
        url,
        "POST",
        "/webhooks/create",
        &json!({"url": "https://example.com/hook"}),
    );
    sdk_ok(
        url,
        "POST",
        "/acs/users/create",
        &json!({"acs_system_id": ACS_SYSTEM, "full_name": "Ada"}),
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let log = control(url, "GET", "/_fake/webhook_deliveries", &json!({}));
        let attempts = &log["deliveries"][0]["attempts"];
        if !attempts[0].is_null() {
            assert!(
                attempts[0]["skipped"].as_str().unwrap().contains("http://"),
                "{log}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "{log}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sign_webhook_signs_any_payload_at_any_time() {
    let fake = FakeSeam::start().unwrap();
    // Svix's published test vector: its secret, id, time and payload give its signature.
    let spec = json!({
        "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "payload": "{\"test\": 2432232314}",
        "msg_id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "timestamp": 1614265330,
    });
    let reply = call(
        fake.url(),
        "POST",
        "/_fake/sign_webhook",
        &[],
        &spec.to_string(),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        json!({
            "svix-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "svix-timestamp": "1614265330",
            "svix-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        })
    );
    // Without a time: now.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let spec = json!({"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "payload": "x"});
    let headers = call(
        fake.url(),
        "POST",
        "/_fake/sign_webhook",
        &[],
        &spec.to_string(),
    )
    .json();
    let stamped: u64 = headers["svix-timestamp"].as_str().unwrap().parse().unwrap();
    assert!(stamped.abs_diff(now) <= 2, "{stamped} against {now}");
    let bad = call(
        fake.url(),
        "POST",
        "/_fake/sign_webhook",
        &[],
        &json!({"secret": "nope", "payload": "x"}).to_string(),
    );
    assert_eq!(bad.status, 400);
}
