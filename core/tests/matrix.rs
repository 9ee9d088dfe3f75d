//! The failure matrix (`tests/matrix.json`), run case by case against fake-seam, and kept
//! in step with the table published in `docs/reliability.md`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::HashMap;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;
use fake_seam::FakeSeam;
use seam_core::{Config, Seam, SeamError};
use serde::Deserialize;
use serde_json::Value;

/// `tests/matrix.json`, typed: a key the runner does not know is an error, never a check
/// silently skipped.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Matrix {
    #[allow(dead_code)]
    about: String,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    description: String,
    /// `"rust"`: only this runner can run it (a TLS server of its own).
    scope: Option<String>,
    #[serde(default)]
    faults: Vec<Value>,
    #[serde(default)]
    client: ClientOptions,
    /// `"closed"`: a loopback port nothing listens on; `"tls"`: a fake-seam with TLS.
    endpoint: Option<String>,
    #[serde(default)]
    call: CallArguments,
    expect: Expect,
    requests: u64,
    min_seconds: Option<f64>,
    max_seconds: f64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientOptions {
    timeout_ms: Option<u64>,
    max_retries: Option<u32>,
    api_key: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CallArguments {
    acs_user_id: Option<Text>,
    acs_credential_id: Option<Text>,
}

/// A string, or `{"repeat": s, "times": n}` for a long one.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Text {
    Plain(String),
    Repeated(Repeated),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Repeated {
    repeat: String,
    times: usize,
}

impl Text {
    fn value(&self) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Repeated(r) => r.repeat.repeat(r.times),
        }
    }
}

/// `"ok"`, or the error and the fields to check.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Expect {
    Ok(OkWord),
    Error(ExpectedError),
}

#[derive(Debug, Deserialize)]
enum OkWord {
    #[serde(rename = "ok")]
    Ok,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedError {
    error: String,
    status_code: Option<u16>,
    code: Option<String>,
    parameter: Option<String>,
    reason_contains: Option<String>,
    #[serde(default)]
    request_id: bool,
    validation_errors: Option<HashMap<String, Vec<String>>>,
}

fn matrix() -> Vec<Case> {
    let text = include_str!("../../tests/matrix.json");
    serde_json::from_str::<Matrix>(text)
        .unwrap_or_else(|e| panic!("tests/matrix.json does not match the runner: {e}"))
        .cases
}

fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn error_name(e: &SeamError) -> &'static str {
    match e {
        SeamError::InvalidInput { .. } => "InvalidInput",
        SeamError::Config { .. } => "Config",
        SeamError::Unauthorized { .. } => "Unauthorized",
        SeamError::Api { .. } => "Api",
        SeamError::InvalidResponse { .. } => "InvalidResponse",
        SeamError::Timeout { .. } => "Timeout",
        SeamError::Network { .. } => "Network",
        SeamError::ActionAttemptFailed { .. } => "ActionAttemptFailed",
        SeamError::ActionAttemptTimeout { .. } => "ActionAttemptTimeout",
    }
}

/// Checks one error against the case's expectations; returns what differs.
fn check_error(e: &SeamError, expect: &ExpectedError) -> Vec<String> {
    if error_name(e) != expect.error {
        return vec![format!("expected {}, got {e:?}", expect.error)];
    }
    let (status, code, reason, parameter, request_id, validation) = match e {
        SeamError::InvalidInput { parameter, reason } => {
            (None, None, Some(reason), Some(parameter), None, None)
        }
        SeamError::Config { reason }
        | SeamError::Timeout { reason }
        | SeamError::Network { reason }
        | SeamError::ActionAttemptTimeout { reason, .. } => {
            (None, None, Some(reason), None, None, None)
        }
        SeamError::ActionAttemptFailed { code, reason, .. } => {
            (None, Some(code), Some(reason), None, None, None)
        }
        SeamError::Unauthorized { request_id } => (None, None, None, None, Some(request_id), None),
        SeamError::Api {
            status_code,
            code,
            reason,
            request_id,
            validation_errors,
        } => (
            Some(*status_code),
            Some(code),
            Some(reason),
            None,
            Some(request_id),
            Some(validation_errors),
        ),
        SeamError::InvalidResponse {
            status_code,
            reason,
            request_id,
        } => (
            Some(*status_code),
            None,
            Some(reason),
            None,
            Some(request_id),
            None,
        ),
    };
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            problems.push(format!("{what} differs in {e:?}"));
        }
    };
    if let Some(expected) = expect.status_code {
        check(status == Some(expected), "status_code");
    }
    if let Some(expected) = &expect.code {
        check(code == Some(expected), "code");
    }
    if let Some(expected) = &expect.parameter {
        check(parameter == Some(expected), "parameter");
    }
    if let Some(needle) = &expect.reason_contains {
        check(
            reason.is_some_and(|r| r.contains(needle.as_str())),
            "reason",
        );
    }
    if expect.request_id {
        check(request_id.is_some_and(|r| r.is_some()), "request_id");
    }
    if let Some(expected) = &expect.validation_errors {
        check(validation == Some(expected), "validation_errors");
    }
    check(
        !e.to_string().contains(API_KEY) && !format!("{e:?}").contains(API_KEY),
        "secret",
    );
    problems
}

fn run_case(case: &Case) -> Vec<String> {
    let fake = fake();
    let tls;
    let endpoint = match case.endpoint.as_deref() {
        Some("closed") => closed_port_url(),
        Some("tls") => {
            tls = FakeSeam::start_tls().unwrap();
            tls.url().to_owned()
        }
        Some(other) => return vec![format!("unknown endpoint {other:?}")],
        None => fake.url().to_owned(),
    };
    for f in &case.faults {
        fault(&fake, f.clone());
    }
    let seam = Seam::from_config(Config {
        api_key: Some(case.client.api_key.clone().unwrap_or(API_KEY.to_owned())),
        endpoint: Some(endpoint),
        timeout: case.client.timeout_ms.map(Duration::from_millis),
        max_retries: case.client.max_retries,
        ..Config::default()
    })
    .unwrap();
    let user = case
        .call
        .acs_user_id
        .as_ref()
        .map_or(ACS_USER.to_owned(), Text::value);
    let credential = case
        .call
        .acs_credential_id
        .as_ref()
        .map_or(MOBILE_KEY_CREDENTIAL.to_owned(), Text::value);

    let started = Instant::now();
    let result = seam.acs().credentials().assign(&user, &credential);
    let elapsed = started.elapsed().as_secs_f64();

    let mut problems = match (&result, &case.expect) {
        (Ok(_), Expect::Ok(_)) => Vec::new(),
        (Ok(c), Expect::Error(expect)) => vec![format!("expected {}, got {c:?}", expect.error)],
        (Err(e), Expect::Ok(_)) => vec![format!("expected success, got {e:?}")],
        (Err(e), Expect::Error(expect)) => check_error(e, expect),
    };
    if elapsed > case.max_seconds {
        problems.push(format!("took {elapsed:.2}s, bound {}s", case.max_seconds));
    }
    if let Some(min) = case.min_seconds {
        if elapsed < min {
            problems.push(format!("took {elapsed:.2}s, at least {min}s expected"));
        }
    }
    let got = assign_count(&fake);
    if got != case.requests {
        problems.push(format!(
            "{got} requests reached the server, expected {}",
            case.requests
        ));
    }
    problems
}

#[test]
fn every_case_of_the_matrix_holds() {
    let cases = matrix();
    // Cases wait on timeouts and retries: run them side by side.
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .iter()
            .map(|case| s.spawn(move || (case.name.clone(), run_case(case))))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                let (name, problems) = h.join().unwrap();
                problems.into_iter().map(move |p| format!("{name}: {p}"))
            })
            .collect()
    });
    assert!(
        failures.is_empty(),
        "matrix failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_redirect_sends_nothing_to_the_other_host() {
    let fake = fake();
    let other = common::fake();
    fault(
        &fake,
        serde_json::json!({"status": 307, "body": "",
            "headers": {"Location": format!("{}{ASSIGN_ROUTE}", other.url())}}),
    );
    let result = assign(&client(&fake), ACS_USER, MOBILE_KEY_CREDENTIAL);
    assert!(
        matches!(
            result,
            Err(SeamError::Api {
                status_code: 307,
                ..
            })
        ),
        "{result:?}"
    );
    assert_eq!(assign_count(&other), 0);
    assert!(requests(&other)["last"].is_null());
}

/// The table in docs/reliability.md, as the matrix says it must read.
fn published_table() -> String {
    let mut table = String::from(
        "| case | what the server or caller does | outcome | requests sent | time bound |\n\
         |---|---|---|---|---|\n",
    );
    for case in matrix() {
        let outcome = match &case.expect {
            Expect::Ok(_) => "ok".to_owned(),
            Expect::Error(expect) => {
                let mut details: Vec<String> = Vec::new();
                if let Some(status) = expect.status_code {
                    details.push(format!("status_code {status}"));
                }
                if let Some(code) = &expect.code {
                    details.push(format!("code {code}"));
                }
                if let Some(parameter) = &expect.parameter {
                    details.push(format!("parameter {parameter}"));
                }
                if details.is_empty() {
                    format!("`{}`", expect.error)
                } else {
                    format!("`{}` ({})", expect.error, details.join(", "))
                }
            }
        };
        let scope = if case.scope.as_deref() == Some("rust") {
            " (Rust only)"
        } else {
            ""
        };
        table.push_str(&format!(
            "| `{}`{scope} | {} | {outcome} | {} | ≤ {} s |\n",
            case.name, case.description, case.requests, case.max_seconds,
        ));
    }
    table
}

#[test]
fn the_published_table_matches_the_matrix() {
    let docs = include_str!("../../docs/reliability.md");
    let table = published_table();
    assert!(
        docs.contains(&table),
        "docs/reliability.md is out of date; its matrix table must read:\n\n{table}"
    );
}
