//! The generated surface beyond /acs/credentials: every endpoint has its command, its options
//! become the API's parameters (fake-seam records the body even of a route it does not
//! serve), and `seam-core webhooks verify`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use common::*;
use fake_seam::FakeSeam;
use serde_json::{json, Value};

#[test]
fn every_namespace_and_endpoint_has_its_command_and_help() {
    let root = run(&[], &["--help"]);
    for namespace in [
        "acs",
        "user-identities",
        "client-sessions",
        "action-attempts",
        "events",
        "webhooks",
        "access-grants",
        "access-methods",
        "completions",
    ] {
        assert!(
            root.stdout.contains(namespace),
            "{namespace}:\n{}",
            root.stdout
        );
    }
    for code in [
        "10  action attempt failed",
        "11  action attempt timeout",
        "14  bulk mode",
    ] {
        assert!(root.stdout.contains(code), "{code}:\n{}", root.stdout);
    }
    let deep = run(
        &[],
        &[
            "acs",
            "encoders",
            "simulate",
            "next-credential-encode-will-fail",
            "--help",
        ],
    );
    assert_eq!(deep.code, 0, "{deep:?}");
    for text in [
        "--acs-encoder-id",
        "--error-code",
        "--input <FILE>",
        "--concurrency <N>",
        "--resume <RESULTS>",
        "/acs/encoders/simulate/next_credential_encode_will_fail",
    ] {
        assert!(deep.stdout.contains(text), "{text}:\n{}", deep.stdout);
    }
    let list = run(&[], &["user-identities", "list", "--help"]);
    assert!(list.stdout.contains("--all"), "{}", list.stdout);
    let verify = run(&[], &["webhooks", "verify", "--help"]);
    assert!(
        verify.stdout.contains("SEAM_WEBHOOK_SECRET"),
        "{}",
        verify.stdout
    );
}

#[test]
fn options_of_new_endpoints_become_the_api_s_parameters() {
    let fake = fake();
    // fake-seam serves only /acs/credentials: a 404 (an API error, exit 6) after recording
    // the body.
    let created = run_with_key(
        &fake,
        &[
            "acs",
            "users",
            "create",
            "--full-name",
            "Jane Doe",
            "--acs-system-id",
            ACS_SYSTEM,
            "--acs-access-group-id",
            LOBBY_ENTRANCE,
            "--acs-access-group-id",
            GYM_ENTRANCE,
            "--access-schedule-starts-at",
            "2030-01-01T02:00:00+02:00",
            "--email-address",
            "jane@example.com",
        ],
    );
    assert_eq!(created.code, 6, "{created:?}");
    assert_eq!(
        last_body(&fake),
        json!({
            "full_name": "Jane Doe",
            "acs_system_id": ACS_SYSTEM,
            "acs_access_group_ids": [LOBBY_ENTRANCE, GYM_ENTRANCE],
            "access_schedule": {"starts_at": "2030-01-01T00:00:00.000Z"},
            "email_address": "jane@example.com",
        })
    );

    // A list of objects is JSON: one object per option, or an array.
    let grant = run_with_key(
        &fake,
        &[
            "access-grants",
            "create",
            "--user-identity-id",
            USER_IDENTITY,
            "--acs-entrance-id",
            LOBBY_ENTRANCE,
            "--requested-access-method",
            r#"{"mode": "code"}"#,
            "--requested-access-method",
            r#"[{"mode": "card"}, {"mode": "mobile_key"}]"#,
        ],
    );
    assert_eq!(grant.code, 0, "{grant:?}");
    let granted: Value = serde_json::from_str(&grant.stdout).unwrap();
    assert_eq!(
        granted["requested_access_methods"].as_array().map(Vec::len),
        Some(3)
    );
    let body = last_body(&fake);
    assert_eq!(
        body["requested_access_methods"],
        json!([{"mode": "code"}, {"mode": "card"}, {"mode": "mobile_key"}]),
        "{body}"
    );

    let bad = run_with_key(
        &fake,
        &[
            "access-grants",
            "create",
            "--user-identity-id",
            USER_IDENTITY,
            "--requested-access-method",
            "{mode",
        ],
    );
    assert_eq!(bad.code, 3, "{bad:?}");
    assert!(bad
        .stderr
        .starts_with("seam-core: invalid --requested-access-method: not JSON"));
}

const SECRET: &str = "whsec_c2VhbS1jb3JlIHdlYmhvb2sgdGVzdCBrZXkh";

/// `seam-core webhooks verify` with `body` on stdin.
fn verify(secret: Option<&str>, headers: &[String], body: &str) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seam-core"));
    command.env_clear().args(["webhooks", "verify"]);
    if let Some(secret) = secret {
        command.env("SEAM_WEBHOOK_SECRET", secret);
    }
    for header in headers {
        command.args(["--header", header]);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refusal before reading (no secret) closes stdin early: a broken pipe is no failure.
    let written = child.stdin.take().unwrap().write_all(body.as_bytes());
    assert!(
        written
            .as_ref()
            .map_or_else(|e| e.kind() == std::io::ErrorKind::BrokenPipe, |()| true),
        "{written:?}"
    );
    let output = child.wait_with_output().unwrap();
    let run = Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(
        !run.stdout.contains("c2VhbS1jb3Jl") && !run.stderr.contains("c2VhbS1jb3Jl"),
        "the secret was printed: {run:?}"
    );
    run
}

fn signed(body: &str) -> Vec<String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signature = seam_core::webhook::sign(SECRET, "msg_1", now, body.as_bytes()).unwrap();
    vec![
        "svix-id: msg_1".to_owned(),
        format!("Svix-Timestamp: {now}"),
        format!("svix-signature:{signature}"),
    ]
}

#[test]
fn webhooks_verify_prints_a_genuine_event_and_refuses_the_rest() {
    let body = r#"{"event_id":"e1e1e1e1-0000-0000-0000-000000000001","event_type":"acs_credential.issued","workspace_id":"00000000-0000-0000-0000-000000000000","created_at":"2030-01-01T00:00:00.000Z","occurred_at":"2030-01-01T00:00:00.000Z","acs_credential_id":"66666666-6666-6666-6666-666666666666","brand_new":{"x":1}}"#;
    let good = verify(Some(SECRET), &signed(body), body);
    assert_eq!(good.code, 0, "{good:?}");
    let event = good.json();
    let sent: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event, sent, "the event as Seam sent it");

    let forged = verify(
        Some(SECRET),
        &signed(body),
        &body.replace("issued", "created"),
    );
    assert_eq!(forged.code, 12, "{forged:?}");
    assert_eq!(forged.stdout, "");
    assert!(forged
        .stderr
        .starts_with("seam-core: webhook delivery refused as not genuine"));

    let unsigned = verify(Some(SECRET), &[], body);
    assert_eq!(unsigned.code, 12, "{unsigned:?}");

    let not_an_event = r#"{"hello":"world"}"#;
    let odd = verify(Some(SECRET), &signed(not_an_event), not_an_event);
    assert_eq!(odd.code, 13, "{odd:?}");
    assert!(odd.stderr.contains("not an event"), "{odd:?}");

    let no_secret = verify(None, &signed(body), body);
    assert_eq!(no_secret.code, 4, "{no_secret:?}");
    assert!(no_secret.stderr.contains("SEAM_WEBHOOK_SECRET is not set"));
    let bad_secret = verify(Some("whsec_c2VhbS1jb3Jl!!!"), &signed(body), body);
    assert_eq!(bad_secret.code, 4, "{bad_secret:?}");

    let bad_header = verify(Some(SECRET), &["svix-id msg_1".to_owned()], body);
    assert_eq!(bad_header.code, 3, "{bad_header:?}");
}

/// A command that starts an action attempt waits for it: the ended attempt on success, exit 10
/// with the attempt's error when it fails, and the pending attempt with `--no-wait`.
#[test]
fn action_attempts_are_waited_for() {
    let fake = FakeSeam::start().unwrap();
    let encode = [
        "acs",
        "encoders",
        "encode-credential",
        "--acs-encoder-id",
        ACS_ENCODER,
        "--acs-credential-id",
        VISIONLINE_CREDENTIAL,
    ];

    let done = run_with_key(&fake, &encode).json();
    assert_eq!(done["action_type"], "ENCODE_CREDENTIAL", "{done}");
    assert_eq!(done["status"], "success", "{done}");
    assert_eq!(done["result"]["acs_credential_id"], VISIONLINE_CREDENTIAL);

    let planned = run_with_key(
        &fake,
        &[
            "acs",
            "encoders",
            "simulate",
            "next-credential-encode-will-fail",
            "--acs-encoder-id",
            ACS_ENCODER,
        ],
    );
    assert_eq!(planned.code, 0, "{planned:?}");
    let failed = run_with_key(&fake, &encode);
    assert_eq!(failed.code, 10, "{failed:?}");
    assert!(
        failed.stderr.contains("no_credential_on_encoder"),
        "{failed:?}"
    );

    let mut no_wait = vec!["--no-wait"];
    no_wait.extend_from_slice(&encode);
    let pending = run_with_key(&fake, &no_wait).json();
    assert_eq!(pending["status"], "pending", "{pending}");
}
