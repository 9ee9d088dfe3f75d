//! Nothing done twice. Every endpoint, with its retry class as generated into
//! `tests/endpoints.json` (from `generator/api/selection.toml`), is called against fake-seam
//! under faults that come after the server has read the request (silence beyond the client's
//! timeout, a reset in the middle of the answer, a close without an answer, 500, 502, 503), and
//! the requests that reached the server are counted:
//!
//! - create (every `create`, encode, scan, unlock, …): exactly one, whatever the fault;
//! - repeatable: retried on 502 and 503, never after a timeout, a reset, a close or a 500;
//! - read: retried on every 5xx, a reset and a close, never after a timeout.
//!
//! A 429 (the server refused the request) is retried in every class: it shows the test sees
//! a retry when one happens.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use common::*;
use seam_core::{Config, Form, SeamError};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `tests/endpoints.json`: what this test needs of each endpoint.
#[derive(Deserialize)]
struct Table {
    cases: Vec<Endpoint>,
}

#[derive(Deserialize)]
struct Endpoint {
    operation: String,
    path: String,
    params: Map<String, Value>,
    retry: Retry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Retry {
    Read,
    Repeatable,
    Create,
}

fn endpoints() -> Vec<Endpoint> {
    serde_json::from_str::<Table>(include_str!("../../tests/endpoints.json"))
        .expect("tests/endpoints.json reads")
        .cases
}

/// A fault, queued three times (every try of a call with the default two retries meets it),
/// and what each class does: the requests that reach the server and the error's variant
/// and status.
struct Scenario {
    name: &'static str,
    fault: Value,
    /// The client's timeout.
    timeout: Duration,
    /// (requests, variant, status) for read, repeatable and create.
    expect: [(u64, &'static str, Option<u16>); 3],
}

fn scenarios() -> Vec<Scenario> {
    let long = Duration::from_secs(20);
    vec![
        Scenario {
            name: "silence beyond the client's timeout",
            fault: json!({"mode": "silent", "delay_ms": 3000}),
            timeout: Duration::from_millis(1000),
            expect: [(1, "Timeout", None); 3],
        },
        Scenario {
            name: "reset in the middle of the answer",
            fault: json!({"mode": "reset"}),
            timeout: long,
            expect: [
                (3, "Network", None),
                (1, "Network", None),
                (1, "Network", None),
            ],
        },
        Scenario {
            name: "closed without an answer",
            fault: json!({"mode": "close"}),
            timeout: long,
            expect: [
                (3, "Network", None),
                (1, "Network", None),
                (1, "Network", None),
            ],
        },
        Scenario {
            name: "500",
            fault: json!({"status": 500}),
            timeout: long,
            expect: [
                (3, "Api", Some(500)),
                (1, "Api", Some(500)),
                (1, "Api", Some(500)),
            ],
        },
        Scenario {
            name: "502",
            fault: json!({"status": 502, "body": "<html>Bad Gateway</html>"}),
            timeout: long,
            expect: [
                (3, "Api", Some(502)),
                (3, "Api", Some(502)),
                (1, "Api", Some(502)),
            ],
        },
        Scenario {
            name: "503",
            fault: json!({"status": 503}),
            timeout: long,
            expect: [
                (3, "Api", Some(503)),
                (3, "Api", Some(503)),
                (1, "Api", Some(503)),
            ],
        },
        Scenario {
            name: "429 (refused: retried in every class)",
            fault: json!({"status": 429, "headers": {"Retry-After": "0"}}),
            timeout: long,
            expect: [(3, "Api", Some(429)); 3],
        },
    ]
}

fn variant(e: &SeamError) -> (&'static str, Option<u16>) {
    match e {
        SeamError::Api { status_code, .. } => ("Api", Some(*status_code)),
        SeamError::InvalidResponse { status_code, .. } => ("InvalidResponse", Some(*status_code)),
        SeamError::Timeout { .. } => ("Timeout", None),
        SeamError::Network { .. } => ("Network", None),
        SeamError::InvalidInput { .. } => ("InvalidInput", None),
        SeamError::Config { .. } => ("Config", None),
        SeamError::Unauthorized { .. } => ("Unauthorized", None),
        SeamError::ActionAttemptFailed { .. } => ("ActionAttemptFailed", None),
        SeamError::ActionAttemptTimeout { .. } => ("ActionAttemptTimeout", None),
    }
}

/// Every scenario on one endpoint, one fake-seam for them all; what differs.
fn check(endpoint: &Endpoint) -> Vec<String> {
    let fake = fake();
    let class = match endpoint.retry {
        Retry::Read => 0,
        Retry::Repeatable => 1,
        Retry::Create => 2,
    };
    let params = Value::Object(endpoint.params.clone()).to_string();
    let mut problems = Vec::new();
    for scenario in scenarios() {
        fake.reset();
        let mut fault = scenario.fault.clone();
        fault["count"] = json!(3);
        fault_on(&fake, &endpoint.path, fault);
        let seam = client_with(
            &fake,
            Config {
                timeout: Some(scenario.timeout),
                ..Config::default()
            },
        );
        let result = seam.call_json(&endpoint.operation, &params, Form::Api);
        let (requests, error, status) = scenario.expect[class];
        let got = count(&fake, &endpoint.path);
        if got != requests {
            problems.push(format!(
                "{}: {got} requests reached the server, expected {requests}",
                scenario.name
            ));
        }
        match &result {
            Err(e) if variant(e) == (error, status) => {}
            other => problems.push(format!(
                "{}: expected {error} {status:?}, got {other:?}",
                scenario.name
            )),
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{} ({:?}) {p}", endpoint.operation, endpoint.retry))
        .collect()
}

#[test]
fn nothing_is_done_twice_and_each_class_retries_what_it_may() {
    let endpoints = endpoints();
    assert_eq!(endpoints.len(), 94);
    let creates = endpoints
        .iter()
        .filter(|e| e.retry == Retry::Create)
        .count();
    assert_eq!(
        creates, 16,
        "endpoints of the create class (docs/reliability.md counts them)"
    );
    // Every endpoint, a few at a time (each scenario with silence waits a second).
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..12 {
            s.spawn(|| {
                while let Some(endpoint) = endpoints.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let problems = check(endpoint);
                    failures.lock().unwrap().extend(problems);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "retries that the classes do not allow, or missing:\n{}",
        failures.join("\n")
    );
}

/// The classes themselves: what makes something, or commands a door, is a create. The list
/// here only guards the generated classes; the test above takes its endpoints from them.
#[test]
fn what_creates_or_commands_is_of_the_create_class() {
    let endpoints = endpoints();
    let class = |operation: &str| {
        endpoints
            .iter()
            .find(|e| e.operation == operation)
            .unwrap_or_else(|| panic!("{operation} is no operation"))
            .retry
    };
    for e in &endpoints {
        if e.operation.ends_with(".create") {
            assert_eq!(e.retry, Retry::Create, "{}", e.operation);
        }
    }
    for operation in [
        "acs.credentials.create",
        "acs.users.create",
        "acs.encoders.encode_credential",
        "acs.encoders.scan_credential",
        "acs.encoders.scan_to_assign_credential",
        "acs.entrances.unlock",
        "access_methods.unlock_door",
        "access_methods.encode",
        "user_identities.create",
        "user_identities.generate_instant_key",
        "client_sessions.create",
        "access_grants.create",
        "webhooks.create",
    ] {
        assert_eq!(class(operation), Retry::Create, "{operation}");
    }
    // Reads are exactly the GETs.
    for e in &endpoints {
        assert_eq!(
            e.retry == Retry::Read,
            e.operation
                .rsplit('.')
                .next()
                .is_some_and(|name| { name.starts_with("get") || name.starts_with("list") })
                && e.operation != "client_sessions.get_or_create",
            "{}",
            e.operation
        );
    }
}
