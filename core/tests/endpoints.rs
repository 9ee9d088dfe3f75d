//! Every endpoint, from the generated table (`tests/endpoints.json`): its bad input is refused
//! naming the parameter, with nothing sent; a call naming an object nobody has answers the
//! API's not-found error; and each call is one request with the method the official SDKs send.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use seam_core::{Form, Seam, SeamError};
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[allow(dead_code)]
    generated: String,
    #[allow(dead_code)]
    unknown_id: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    operation: String,
    path: String,
    method: String,
    params: Map<String, Value>,
    bad: Option<Bad>,
    not_found: bool,
    paginated: bool,
    action_attempt: bool,
    #[allow(dead_code)]
    retry: String,
    #[allow(dead_code)]
    answers: String,
    #[allow(dead_code)]
    answer: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bad {
    parameter: String,
    value: Value,
}

fn table() -> Table {
    let text = include_str!("../../tests/endpoints.json");
    serde_json::from_str(text).expect("tests/endpoints.json reads")
}

fn call(seam: &Seam, case: &Case, params: &Map<String, Value>) -> Result<String, SeamError> {
    seam.call_json(
        &case.operation,
        &Value::Object(params.clone()).to_string(),
        Form::Api,
    )
}

#[test]
fn the_table_covers_every_operation() {
    let table = table();
    let operations: Vec<&str> = Seam::operations().iter().map(|(name, ..)| *name).collect();
    let cased: Vec<&str> = table.cases.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(operations, cased);
    for (name, paginated, action_attempt) in Seam::operations() {
        let case = table.cases.iter().find(|c| c.operation == *name).unwrap();
        assert_eq!(
            (case.paginated, case.action_attempt),
            (*paginated, *action_attempt),
            "{name}"
        );
    }
}

#[test]
fn bad_input_of_every_endpoint_names_the_parameter_and_sends_nothing() {
    let fake = fake();
    let seam = client(&fake);
    let mut checked = 0;
    for case in table().cases {
        let Some(bad) = &case.bad else { continue };
        let mut params = case.params.clone();
        params.insert(bad.parameter.clone(), bad.value.clone());
        let (parameter, reason) = invalid_input(call(&seam, &case, &params));
        assert_eq!(parameter, bad.parameter, "{}: {reason}", case.operation);
        if case.paginated {
            let pages = seam.pages_json(&case.operation, &Value::Object(params).to_string());
            assert_eq!(
                invalid_input(pages.map(drop)).0,
                bad.parameter,
                "{}",
                case.operation
            );
        }
        checked += 1;
    }
    assert_eq!(total(&fake), 0, "bad input reached the server");
    assert!(
        checked >= 85,
        "only {checked} endpoints have a bad-input case"
    );
}

#[test]
fn every_endpoint_naming_an_unknown_object_answers_not_found() {
    let fake = fake();
    let seam = client(&fake);
    let mut checked = 0;
    for case in table().cases.iter().filter(|c| c.not_found) {
        let before = count(&fake, &case.path);
        match call(&seam, case, &case.params) {
            Err(SeamError::Api {
                status_code: 404,
                code,
                ..
            }) => assert!(code.ends_with("_not_found"), "{}: {code}", case.operation),
            other => panic!(
                "{}: expected a not-found error, got {other:?}",
                case.operation
            ),
        }
        assert_eq!(
            count(&fake, &case.path),
            before + 1,
            "{}: one request",
            case.operation
        );
        assert_eq!(
            requests(&fake)["last"]["method"],
            case.method,
            "{}",
            case.operation
        );
        checked += 1;
    }
    assert!(
        checked >= 65,
        "only {checked} endpoints have a not-found case"
    );
}
