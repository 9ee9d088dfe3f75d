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
use serde_json::Value;

fn matrix() -> Vec<Value> {
    let text = include_str!("../../tests/matrix.json");
    let matrix: Value = serde_json::from_str(text).unwrap();
    matrix["cases"].as_array().unwrap().clone()
}

fn text_arg(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other["repeat"]
            .as_str()
            .unwrap()
            .repeat(other["times"].as_u64().unwrap() as usize),
    }
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
    }
}

/// Checks one error against the case's expectations; returns what differs.
fn check_error(e: &SeamError, expect: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if error_name(e) != expect["error"] {
        problems.push(format!("expected {}, got {e:?}", expect["error"]));
        return problems;
    }
    let (status, code, reason, parameter, request_id, validation) = match e {
        SeamError::InvalidInput { parameter, reason } => {
            (None, None, Some(reason), Some(parameter), None, None)
        }
        SeamError::Config { reason }
        | SeamError::Timeout { reason }
        | SeamError::Network { reason } => (None, None, Some(reason), None, None, None),
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
    let mut check = |ok: bool, what: &str| {
        if !ok {
            problems.push(format!("{what} differs in {e:?}"));
        }
    };
    if let Some(expected) = expect.get("status_code") {
        check(status.map(u64::from) == expected.as_u64(), "status_code");
    }
    if let Some(expected) = expect.get("code") {
        check(code.map(String::as_str) == expected.as_str(), "code");
    }
    if let Some(expected) = expect.get("parameter") {
        check(
            parameter.map(String::as_str) == expected.as_str(),
            "parameter",
        );
    }
    if let Some(expected) = expect.get("reason_contains") {
        let needle = expected.as_str().unwrap();
        check(reason.is_some_and(|r| r.contains(needle)), "reason");
    }
    if expect.get("request_id") == Some(&Value::Bool(true)) {
        check(request_id.is_some_and(|r| r.is_some()), "request_id");
    }
    if let Some(expected) = expect.get("validation_errors") {
        let expected: HashMap<String, Vec<String>> =
            serde_json::from_value(expected.clone()).unwrap();
        check(validation == Some(&expected), "validation_errors");
    }
    let text = e.to_string();
    check(
        !text.contains(API_KEY) && !format!("{e:?}").contains(API_KEY),
        "secret",
    );
    problems
}

fn run_case(case: &Value) -> Vec<String> {
    let fake = fake();
    let tls;
    let endpoint = match case["endpoint"].as_str() {
        Some("closed") => closed_port_url(),
        Some("tls") => {
            tls = FakeSeam::start_tls().unwrap();
            tls.url().to_owned()
        }
        _ => fake.url().to_owned(),
    };
    for f in case["faults"].as_array().into_iter().flatten() {
        fault(&fake, f.clone());
    }
    let options = &case["client"];
    let seam = Seam::from_config(Config {
        api_key: Some(options["api_key"].as_str().unwrap_or(API_KEY).to_owned()),
        endpoint: Some(endpoint),
        timeout: options["timeout_ms"].as_u64().map(Duration::from_millis),
        max_retries: options["max_retries"].as_u64().map(|n| n as u32),
        ..Config::default()
    })
    .unwrap();
    let call = &case["call"];
    let user = call.get("acs_user_id").map_or(USER.to_owned(), text_arg);
    let credential = call
        .get("acs_credential_id")
        .map_or(CREDENTIAL.to_owned(), text_arg);

    let started = Instant::now();
    let result = seam.acs().credentials().assign(&user, &credential);
    let elapsed = started.elapsed().as_secs_f64();

    let mut problems = match (&result, &case["expect"]) {
        (Ok(_), Value::String(ok)) if ok == "ok" => Vec::new(),
        (Ok(c), expect) => vec![format!("expected {expect}, got {c:?}")],
        (Err(e), Value::String(_)) => vec![format!("expected success, got {e:?}")],
        (Err(e), expect) => check_error(e, expect),
    };
    if let Some(max) = case["max_seconds"].as_f64() {
        if elapsed > max {
            problems.push(format!("took {elapsed:.2}s, bound {max}s"));
        }
    }
    if let Some(min) = case["min_seconds"].as_f64() {
        if elapsed < min {
            problems.push(format!("took {elapsed:.2}s, at least {min}s expected"));
        }
    }
    if let Some(expected) = case["requests"].as_u64() {
        let got = assign_count(&fake);
        if got != expected {
            problems.push(format!(
                "{got} requests reached the server, expected {expected}"
            ));
        }
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
            .map(|case| {
                s.spawn(move || (case["name"].as_str().unwrap().to_owned(), run_case(case)))
            })
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
            "headers": {"Location": format!("{}{ASSIGN}", other.url())}}),
    );
    let result = assign(&client(&fake), USER, CREDENTIAL);
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
        let outcome = match &case["expect"] {
            Value::String(s) => s.clone(),
            expect => {
                let mut details: Vec<String> = Vec::new();
                for key in ["status_code", "code", "parameter"] {
                    if let Some(v) = expect.get(key) {
                        details.push(format!("{key} {}", v.to_string().trim_matches('"')));
                    }
                }
                if details.is_empty() {
                    format!("`{}`", expect["error"].as_str().unwrap())
                } else {
                    format!(
                        "`{}` ({})",
                        expect["error"].as_str().unwrap(),
                        details.join(", ")
                    )
                }
            }
        };
        let scope = if case["scope"] == "rust" {
            " (Rust only)"
        } else {
            ""
        };
        table.push_str(&format!(
            "| `{}`{scope} | {} | {outcome} | {} | ≤ {} s |\n",
            case["name"].as_str().unwrap(),
            case["description"].as_str().unwrap(),
            case["requests"],
            case["max_seconds"],
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
