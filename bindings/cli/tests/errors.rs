//! Every kind of failure: its exit code, its one line on stderr, nothing on stdout, no secret
//! anywhere, and nothing sent when the fault is local. One table drives them all.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::net::TcpListener;
use std::process::{Command, Stdio};

use common::*;
use fake_seam::FakeSeam;
use serde_json::{json, Value};

const USAGE: i32 = 2;
const INVALID_INPUT: i32 = 3;
const CONFIG: i32 = 4;
const UNAUTHORIZED: i32 = 5;
const API: i32 = 6;
const INVALID_RESPONSE: i32 = 7;
const TIMEOUT: i32 = 8;
const NETWORK: i32 = 9;

/// Where the credentials of a case come from.
#[derive(Clone, Copy)]
enum Env {
    /// SEAM_API_KEY and SEAM_ENDPOINT (the fake).
    Key,
    /// Only SEAM_ENDPOINT.
    NoCredentials,
    /// SEAM_API_KEY with a key the fake does not know.
    WrongKey,
    /// The key, and SEAM_ENDPOINT set to this instead of the fake.
    KeyAndEndpoint(&'static str),
    /// A personal access token without a workspace.
    TokenWithoutWorkspace,
    /// Both an API key and a personal access token.
    KeyAndToken,
}

struct Case {
    name: &'static str,
    env: Env,
    args: Vec<String>,
    /// Queued on the fake before the run.
    fault: Option<Value>,
    code: i32,
    /// Part of the message on stderr.
    message: &'static str,
    /// The failure is local: the fake must see no request.
    sends_nothing: bool,
}

fn args(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

fn get(id: &str) -> Vec<String> {
    args(&["acs", "credentials", "get", "--acs-credential-id", id])
}

/// A loopback port nobody listens on.
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn cases(closed: &str) -> Vec<Case> {
    let local = |name, env, argv: Vec<String>, code, message| Case {
        name,
        env,
        args: argv,
        fault: None,
        code,
        message,
        sends_nothing: true,
    };
    let remote = |name, env, argv: Vec<String>, fault, code, message| Case {
        name,
        env,
        args: argv,
        fault,
        code,
        message,
        sends_nothing: false,
    };
    let mut truncated = args(DOCS_ASSIGN);
    if let Some(last) = truncated.last_mut() {
        *last = "66666666-6666-6666-6666-66666666".to_owned();
    }
    let with_get = |extra: &[&str]| {
        let mut a = args(extra);
        a.extend(get(PIN_CREDENTIAL));
        a
    };
    vec![
        // Usage: clap's own errors (and the refused secret options).
        local(
            "unknown option",
            Env::Key,
            with_get(&["--bogus"]),
            USAGE,
            "unexpected argument '--bogus'",
        ),
        local(
            "no holder",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "assign",
                "--acs-credential-id",
                MOBILE_KEY_CREDENTIAL,
            ]),
            USAGE,
            "required arguments were not provided",
        ),
        local(
            "two holders",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "assign",
                "--acs-user-id",
                ACS_USER,
                "--user-identity-id",
                USER_IDENTITY,
                "--acs-credential-id",
                MOBILE_KEY_CREDENTIAL,
            ]),
            USAGE,
            "cannot be used with",
        ),
        local(
            "limit not a number",
            Env::Key,
            args(&["acs", "credentials", "list", "--limit", "ten"]),
            USAGE,
            "invalid value 'ten' for '--limit <N>'",
        ),
        local(
            "timeout not a number",
            Env::Key,
            with_get(&["--timeout", "soon"]),
            USAGE,
            "expected a number of seconds",
        ),
        local(
            "--api-key",
            Env::NoCredentials,
            with_get(&["--api-key", WRONG_API_KEY]),
            USAGE,
            "--api-key is not offered",
        ),
        local(
            "--api-key=",
            Env::NoCredentials,
            with_get(&[&format!("--api-key={WRONG_API_KEY}")]),
            USAGE,
            "shell history",
        ),
        local(
            "--personal-access-token",
            Env::NoCredentials,
            with_get(&["--personal-access-token", PERSONAL_ACCESS_TOKEN]),
            USAGE,
            "SEAM_PERSONAL_ACCESS_TOKEN",
        ),
        local(
            "--client-session-token",
            Env::NoCredentials,
            with_get(&["--client-session-token", CLIENT_SESSION_TOKEN]),
            USAGE,
            "--client-session-token is not offered",
        ),
        // Invalid input: refused before sending, by the core or (timestamps) by the CLI.
        local(
            "the docs' truncated id",
            Env::Key,
            truncated,
            INVALID_INPUT,
            "invalid acs_credential_id: ",
        ),
        local(
            "a time that does not read",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "update",
                "--acs-credential-id",
                PIN_CREDENTIAL,
                "--ends-at",
                "next tuesday",
            ]),
            INVALID_INPUT,
            "invalid --ends-at: \"next tuesday\" is not an RFC 3339",
        ),
        local(
            "a date without a time",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "create",
                "--access-method",
                "code",
                "--acs-user-id",
                ACS_USER,
                "--starts-at",
                "2030-01-01",
            ]),
            INVALID_INPUT,
            "invalid --starts-at: \"2030-01-01\" is a date without a time",
        ),
        local(
            "a time without an offset",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "list",
                "--created-before",
                "2030-01-01T10:00:00",
            ]),
            INVALID_INPUT,
            "invalid --created-before: \"2030-01-01T10:00:00\" has no UTC offset",
        ),
        local(
            "a code that is not digits",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "update",
                "--acs-credential-id",
                PIN_CREDENTIAL,
                "--code",
                "12a4",
            ]),
            INVALID_INPUT,
            "invalid code",
        ),
        local(
            "limit 0",
            Env::Key,
            args(&["acs", "credentials", "list", "--limit", "0"]),
            INVALID_INPUT,
            "invalid limit",
        ),
        local(
            "an identity without its system",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "create",
                "--access-method",
                "code",
                "--user-identity-id",
                USER_IDENTITY,
            ]),
            INVALID_INPUT,
            "invalid acs_system_id",
        ),
        local(
            "ends before it starts",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "create",
                "--access-method",
                "code",
                "--acs-user-id",
                ACS_USER,
                "--starts-at",
                "2030-01-02T00:00:00Z",
                "--ends-at",
                "2030-01-01T00:00:00Z",
            ]),
            INVALID_INPUT,
            "invalid ends_at",
        ),
        // Configuration.
        local(
            "no credentials",
            Env::NoCredentials,
            get(PIN_CREDENTIAL),
            CONFIG,
            "SEAM_API_KEY",
        ),
        local(
            "plain http elsewhere",
            Env::KeyAndEndpoint("http://example.com"),
            get(PIN_CREDENTIAL),
            CONFIG,
            "endpoint",
        ),
        local(
            "too many retries",
            Env::Key,
            with_get(&["--max-retries", "11"]),
            CONFIG,
            "max_retries",
        ),
        local(
            "zero timeout",
            Env::Key,
            with_get(&["--timeout", "0"]),
            CONFIG,
            "timeout",
        ),
        local(
            "a token without a workspace",
            Env::TokenWithoutWorkspace,
            get(PIN_CREDENTIAL),
            CONFIG,
            "SEAM_WORKSPACE_ID",
        ),
        local(
            "a key and a token",
            Env::KeyAndToken,
            get(PIN_CREDENTIAL),
            CONFIG,
            "SEAM_PERSONAL_ACCESS_TOKEN",
        ),
        local(
            "a bad workspace",
            Env::TokenWithoutWorkspace,
            with_get(&["--workspace-id", "ws"]),
            CONFIG,
            "workspace_id",
        ),
        // Answers.
        remote(
            "a key Seam refuses",
            Env::WrongKey,
            get(PIN_CREDENTIAL),
            None,
            UNAUTHORIZED,
            "HTTP 401",
        ),
        remote(
            "an unknown credential",
            Env::Key,
            get("88888888-8888-8888-8888-888888888881"),
            None,
            API,
            "acs_credential_not_found (HTTP 404)",
        ),
        remote(
            "an unknown user",
            Env::Key,
            args(&[
                "acs",
                "credentials",
                "assign",
                "--acs-user-id",
                "33333333-3333-3333-3333-333333333334",
                "--acs-credential-id",
                MOBILE_KEY_CREDENTIAL,
            ]),
            None,
            API,
            "acs_user_not_found",
        ),
        remote(
            "an answer that is not JSON",
            Env::Key,
            get(PIN_CREDENTIAL),
            Some(json!({"route": GET_ROUTE, "status": 200, "body": "<html>not json"})),
            INVALID_RESPONSE,
            "(HTTP 200)",
        ),
        remote(
            "an answer too late",
            Env::Key,
            with_get(&["--timeout", "0.3", "--max-retries", "0"]),
            Some(json!({"route": GET_ROUTE, "delay_ms": 3000})),
            TIMEOUT,
            "timed out",
        ),
        Case {
            sends_nothing: true,
            ..remote(
                "nobody listening",
                Env::KeyAndEndpoint(leak(closed)),
                with_get(&["--max-retries", "0"]),
                None,
                NETWORK,
                "network error",
            )
        },
    ]
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn env_of(case_env: Env, fake: &FakeSeam) -> Vec<(&'static str, String)> {
    let url = fake.url().to_owned();
    match case_env {
        Env::Key => vec![("SEAM_API_KEY", API_KEY.into()), ("SEAM_ENDPOINT", url)],
        Env::NoCredentials => vec![("SEAM_ENDPOINT", url)],
        Env::WrongKey => vec![
            ("SEAM_API_KEY", WRONG_API_KEY.into()),
            ("SEAM_ENDPOINT", url),
        ],
        Env::KeyAndEndpoint(endpoint) => vec![
            ("SEAM_API_KEY", API_KEY.into()),
            ("SEAM_ENDPOINT", endpoint.into()),
        ],
        Env::TokenWithoutWorkspace => vec![
            ("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN.into()),
            ("SEAM_ENDPOINT", url),
        ],
        Env::KeyAndToken => vec![
            ("SEAM_API_KEY", API_KEY.into()),
            ("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN.into()),
            ("SEAM_ENDPOINT", url),
        ],
    }
}

#[test]
fn every_kind_of_failure_has_its_exit_code_and_one_line() {
    let closed = closed_port();
    let cases = cases(&closed);
    let mut codes_seen = std::collections::BTreeSet::new();
    for case in cases {
        let fake = fake();
        if let Some(fault) = &case.fault {
            fake.add_fault(fault.clone()).unwrap();
        }
        let env = env_of(case.env, &fake);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let run = run(&env, &args);
        let name = case.name;
        assert_eq!(run.code, case.code, "{name}: {run:?}");
        assert_eq!(run.stdout, "", "{name}: nothing on stdout");
        assert!(run.stderr.contains(case.message), "{name}: {}", run.stderr);
        let clap_usage = case.code == USAGE && !run.stderr.contains("is not offered");
        if clap_usage {
            assert!(run.stderr.starts_with("error: "), "{name}: {}", run.stderr);
        } else {
            assert!(
                run.stderr.starts_with("seam-core: "),
                "{name}: {}",
                run.stderr
            );
            assert_eq!(
                run.stderr.lines().count(),
                1,
                "{name}: one line: {}",
                run.stderr
            );
        }
        if case.sends_nothing {
            assert_eq!(counts(&fake), json!({}), "{name}: nothing may be sent");
        } else if case.code != NETWORK {
            assert!(
                counts(&fake).as_object().is_some_and(|c| !c.is_empty()),
                "{name}"
            );
        }
        codes_seen.insert(case.code);
    }
    assert_eq!(
        codes_seen.into_iter().collect::<Vec<_>>(),
        [
            USAGE,
            INVALID_INPUT,
            CONFIG,
            UNAUTHORIZED,
            API,
            INVALID_RESPONSE,
            TIMEOUT,
            NETWORK
        ]
    );
}

#[test]
fn the_docs_truncated_id_is_refused_before_anything_is_sent() {
    let fake = fake();
    let mut call = DOCS_ASSIGN.to_vec();
    *call.last_mut().unwrap() = "66666666-6666-6666-6666-66666666";
    let run = run_with_key(&fake, &call);
    assert_eq!(run.code, INVALID_INPUT, "{run:?}");
    // Word for word the core's sentence (asked of the core itself: the text lives there).
    let core = seam_core::Seam::from_config(seam_core::Config {
        api_key: Some(API_KEY.into()),
        endpoint: Some(fake.url().into()),
        ..seam_core::Config::default()
    })
    .unwrap()
    .acs()
    .credentials()
    .assign(ACS_USER, "66666666-6666-6666-6666-66666666")
    .unwrap_err();
    assert!(matches!(core, seam_core::SeamError::InvalidInput { .. }));
    assert_eq!(run.stderr, format!("seam-core: {core}\n"));
    assert!(run.stderr.contains("acs_credential_id") && run.stderr.contains("truncated"));
    assert_eq!(count(&fake, ASSIGN_ROUTE), 0);
    assert_eq!(counts(&fake), json!({}));
}

#[test]
fn a_reader_that_goes_away_ends_the_walk_quietly() {
    let fake = fake();
    let mut child = Command::new(env!("CARGO_BIN_EXE_seam-core"))
        .env_clear()
        .envs([("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", fake.url())])
        .args(["acs", "credentials", "list", "--all", "--limit", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    // It stopped at the first page it could not print, instead of walking them all.
    assert!(count(&fake, LIST_ROUTE) < 3, "{}", counts(&fake));
}
