//! The failure matrix (`tests/matrix.json`), every case on every endpoint of its table, run
//! against fake-seam, and kept in step with the tables published in `docs/reliability.md` and
//! with the endpoints' facts in `tests/endpoints.json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;
use fake_seam::FakeSeam;
use seam_core::{Config, Form, Seam, SeamError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// `tests/matrix.json`, typed: a key the runner does not know is an error, never a check
/// silently skipped.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Matrix {
    #[allow(dead_code)]
    about: String,
    endpoints: Vec<Endpoint>,
    cases: Vec<Case>,
}

/// The retry class of an endpoint (docs/reliability.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Retry {
    Read,
    Repeatable,
    Create,
}

impl Retry {
    fn name(self) -> &'static str {
        match self {
            Retry::Read => "read",
            Retry::Repeatable => "repeatable",
            Retry::Create => "create",
        }
    }
}

/// One call of each kind, with the facts the cases' expectations depend on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Endpoint {
    name: String,
    operation: String,
    retry: Retry,
    /// The call's arguments: seeded ids (and a name).
    params: BTreeMap<String, String>,
    /// The parameter a case's `id` replaces.
    id: String,
    /// The member of the answer that carries the result; `None` for a call that answers `ok`.
    answer: Option<String>,
    /// The id member of the answered object.
    answer_id: Option<String>,
    wait: Option<Wait>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wait {
    timeout_ms: u64,
    polling_interval_ms: u64,
}

impl Endpoint {
    fn route(&self) -> String {
        format!("/{}", self.operation.replace('.', "/"))
    }

    /// The parameters of a call by name: the table's, the case's id, the wait options.
    fn params_json(&self, id: Option<&str>) -> String {
        let mut params: Map<String, Value> = self
            .params
            .iter()
            .map(|(name, value)| (name.clone(), json!(value)))
            .collect();
        if let Some(id) = id {
            params.insert(self.id.clone(), json!(id));
        }
        if let Some(wait) = &self.wait {
            params.insert(
                "wait_for_action_attempt".to_owned(),
                json!({
                    "timeout": wait.timeout_ms as f64 / 1000.0,
                    "polling_interval": wait.polling_interval_ms as f64 / 1000.0,
                }),
            );
        }
        Value::Object(params).to_string()
    }

    /// `text` with the endpoint's placeholders filled in; an error names one the endpoint
    /// has no value for.
    fn fill(&self, text: &str) -> Result<String, String> {
        let object = self.id.strip_suffix("_id").unwrap_or(&self.id);
        let values = [
            ("{answer}", self.answer.as_deref()),
            ("{answer_id}", self.answer_id.as_deref()),
            ("{id}", Some(self.id.as_str())),
            ("{object}", Some(object)),
        ];
        let mut filled = text.to_owned();
        for (placeholder, value) in values {
            if filled.contains(placeholder) {
                let value = value.ok_or_else(|| {
                    format!("{placeholder} in {text:?}, but {} has none", self.name)
                })?;
                filled = filled.replace(placeholder, value);
            }
        }
        Ok(filled)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    description: String,
    /// `"rust"`: only this runner can run it (a TLS server of its own).
    scope: Option<String>,
    #[serde(default)]
    faults: Vec<Fault>,
    #[serde(default)]
    client: ClientOptions,
    /// `"closed"`: a loopback port nothing listens on; `"tls"`: a fake-seam with TLS.
    endpoint: Option<String>,
    /// The value of the endpoint's `id` parameter.
    id: Option<Text>,
    expect: Expect,
    requests: u64,
    min_seconds: Option<f64>,
    max_seconds: f64,
    #[serde(default)]
    then: Then,
    #[serde(default)]
    by_retry: BTreeMap<Retry, Override>,
    #[serde(default)]
    by_endpoint: BTreeMap<String, Override>,
}

/// What a second call on the same client gives, once fake-seam is reset.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Then {
    #[default]
    Ok,
    Same,
}

/// What a case says differently for a retry class or an endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Override {
    faults: Option<Vec<Fault>>,
    expect: Option<Expect>,
    requests: Option<u64>,
}

/// A fault for `POST /_fake/faults` (the route is the endpoint's).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Fault {
    count: Option<u32>,
    status: Option<u16>,
    headers: Option<BTreeMap<String, String>>,
    body: Option<String>,
    body_bytes: Option<u64>,
    delay_ms: Option<u64>,
    drip_ms: Option<u64>,
    mode: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientOptions {
    timeout_ms: Option<u64>,
    max_retries: Option<u32>,
    api_key: Option<String>,
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
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Expect {
    Ok(OkWord),
    Error(ExpectedError),
}

#[derive(Debug, Clone, Deserialize)]
enum OkWord {
    #[serde(rename = "ok")]
    Ok,
}

#[derive(Debug, Clone, Deserialize)]
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

/// A case as it runs on one endpoint: overrides applied, placeholders filled in.
struct Run<'a> {
    endpoint: &'a Endpoint,
    case: &'a Case,
    faults: Vec<Fault>,
    expect: Expect,
    requests: u64,
}

impl Case {
    /// The overrides that apply to `endpoint`: its retry class's, then its own.
    fn overrides<'a>(&'a self, endpoint: &Endpoint) -> impl Iterator<Item = &'a Override> {
        self.by_retry
            .get(&endpoint.retry)
            .into_iter()
            .chain(self.by_endpoint.get(&endpoint.name))
    }

    fn on<'a>(&'a self, endpoint: &'a Endpoint) -> Result<Run<'a>, String> {
        let mut faults = self.faults.clone();
        let mut expect = self.expect.clone();
        let mut requests = self.requests;
        for o in self.overrides(endpoint) {
            faults = o.faults.clone().unwrap_or(faults);
            expect = o.expect.clone().unwrap_or(expect);
            requests = o.requests.unwrap_or(requests);
        }
        for fault in &mut faults {
            if let Some(body) = &fault.body {
                fault.body = Some(endpoint.fill(body)?);
            }
        }
        if let Expect::Error(e) = &mut expect {
            for text in [&mut e.code, &mut e.parameter, &mut e.reason_contains]
                .into_iter()
                .flatten()
            {
                *text = endpoint.fill(text)?;
            }
        }
        if self.then == Then::Same && matches!(expect, Expect::Ok(_)) {
            return Err("\"then\": \"same\" needs an error to repeat".to_owned());
        }
        Ok(Run {
            endpoint,
            case: self,
            faults,
            expect,
            requests,
        })
    }
}

fn matrix() -> Matrix {
    let text = include_str!("../../tests/matrix.json");
    serde_json::from_str::<Matrix>(text)
        .unwrap_or_else(|e| panic!("tests/matrix.json does not match the runner: {e}"))
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
fn check_error(e: &SeamError, expect: &ExpectedError, secrets: &[&str]) -> Vec<String> {
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
    for secret in secrets {
        check(
            !e.to_string().contains(secret) && !format!("{e:?}").contains(secret),
            "secret",
        );
    }
    problems
}

fn run_case(run: &Run<'_>) -> Vec<String> {
    let (case, endpoint) = (run.case, run.endpoint);
    let fake = fake();
    let tls;
    let url = match case.endpoint.as_deref() {
        Some("closed") => closed_port_url(),
        Some("tls") => {
            tls = FakeSeam::start_tls().unwrap();
            tls.url().to_owned()
        }
        Some(other) => return vec![format!("unknown endpoint {other:?}")],
        None => fake.url().to_owned(),
    };
    let route = endpoint.route();
    for f in &run.faults {
        fault_on(&fake, &route, serde_json::to_value(f).unwrap());
    }
    let api_key = case.client.api_key.clone().unwrap_or(API_KEY.to_owned());
    let seam = Seam::from_config(Config {
        api_key: Some(api_key.clone()),
        endpoint: Some(url),
        timeout: case.client.timeout_ms.map(Duration::from_millis),
        max_retries: case.client.max_retries,
        ..Config::default()
    })
    .unwrap();
    let id = case.id.as_ref().map(Text::value);
    let params = endpoint.params_json(id.as_deref());

    let started = Instant::now();
    let result = seam.call_json(&endpoint.operation, &params, Form::Api);
    let elapsed = started.elapsed().as_secs_f64();

    let secrets = [API_KEY, api_key.as_str()];
    let mut problems = match (&result, &run.expect) {
        (Ok(answer), Expect::Ok(_)) => match serde_json::from_str::<Value>(answer) {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!("the answer is not JSON ({e}): {answer}")],
        },
        (Ok(answer), Expect::Error(expect)) => {
            vec![format!("expected {}, got {answer}", expect.error)]
        }
        (Err(e), Expect::Ok(_)) => vec![format!("expected success, got {e:?}")],
        (Err(e), Expect::Error(expect)) => check_error(e, expect, &secrets),
    };
    if elapsed > case.max_seconds {
        problems.push(format!("took {elapsed:.2}s, bound {}s", case.max_seconds));
    }
    if let Some(min) = case.min_seconds {
        if elapsed < min {
            problems.push(format!("took {elapsed:.2}s, at least {min}s expected"));
        }
    }
    let got = count(&fake, &route);
    if got != run.requests {
        problems.push(format!(
            "{got} requests reached {route}, expected {}",
            run.requests
        ));
    }

    // The client is usable after: the same call, on a fresh workspace without faults.
    fake.reset();
    let again = seam.call_json(&endpoint.operation, &endpoint.params_json(None), Form::Api);
    match (case.then, &again, &result) {
        (Then::Ok, Ok(_), _) => {}
        (Then::Ok, Err(e), _) => problems.push(format!("then: expected success, got {e:?}")),
        (Then::Same, Err(e), Err(first)) if error_name(e) == error_name(first) => {}
        (Then::Same, again, _) => {
            problems.push(format!("then: expected the same error, got {again:?}"))
        }
    }
    problems
}

/// The runs of the matrix for this runner, endpoint by endpoint.
fn runs(matrix: &Matrix) -> Result<Vec<Vec<Run<'_>>>, String> {
    matrix
        .endpoints
        .iter()
        .map(|endpoint| {
            matrix
                .cases
                .iter()
                .map(|case| {
                    case.on(endpoint)
                        .map_err(|e| format!("{} on {}: {e}", case.name, endpoint.name))
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_case_of_the_matrix_holds_on_every_endpoint() {
    let matrix = matrix();
    let runs = runs(&matrix).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(runs.len(), 6, "one endpoint of each kind");
    let mut failures = Vec::new();
    // Endpoint after endpoint; the cases of one endpoint side by side (they wait on timeouts
    // and retries).
    for runs in &runs {
        failures.extend(std::thread::scope(|s| {
            let handles: Vec<_> = runs
                .iter()
                .map(|run| s.spawn(move || (run, run_case(run))))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    let (run, problems) = h.join().unwrap();
                    problems
                        .into_iter()
                        .map(move |p| format!("{} on {}: {p}", run.case.name, run.endpoint.name))
                })
                .collect::<Vec<_>>()
        }));
    }
    assert!(
        failures.is_empty(),
        "matrix failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_matrix_is_consistent() {
    let matrix = matrix();
    let names: Vec<&str> = matrix.endpoints.iter().map(|e| e.name.as_str()).collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "endpoint names are unique");
    for endpoint in &matrix.endpoints {
        assert!(
            endpoint.params.contains_key(&endpoint.id),
            "{}: its id parameter {} is one of its params",
            endpoint.name,
            endpoint.id
        );
        assert_eq!(
            endpoint.answer.is_some(),
            endpoint.answer_id.is_some(),
            "{}: an answer has an id member",
            endpoint.name
        );
    }
    let mut case_names: Vec<&str> = matrix.cases.iter().map(|c| c.name.as_str()).collect();
    case_names.sort_unstable();
    case_names.dedup();
    assert_eq!(
        case_names.len(),
        matrix.cases.len(),
        "case names are unique"
    );
    for case in &matrix.cases {
        for name in case.by_endpoint.keys() {
            assert!(
                names.contains(&name.as_str()),
                "{}: by_endpoint names {name}, which is no endpoint",
                case.name
            );
        }
    }
    // A typo in a key fails the read; so does a placeholder an endpoint has no value for.
    assert!(serde_json::from_str::<Case>(
        r#"{"name": "n", "description": "d", "expect": "ok", "requests": 0, "max_seconds": 1,
            "by_retry": {"reads": {"requests": 2}}}"#
    )
    .is_err());
    assert!(serde_json::from_str::<Override>(r#"{"request": 2}"#).is_err());
    runs(&matrix).unwrap();
    let delete = matrix
        .endpoints
        .iter()
        .find(|e| e.answer.is_none())
        .unwrap();
    assert!(delete.fill("no \"{answer}\"").is_err());
}

/// `tests/endpoints.json`, as far as the matrix's endpoints need it.
#[derive(Deserialize)]
struct Generated {
    cases: Vec<GeneratedCase>,
}

#[derive(Deserialize)]
struct GeneratedCase {
    operation: String,
    path: String,
    retry: Retry,
    action_attempt: bool,
    answer: Option<GeneratedAnswer>,
}

#[derive(Deserialize)]
struct GeneratedAnswer {
    key: String,
}

#[test]
fn the_endpoints_have_the_generated_facts() {
    let generated: Generated =
        serde_json::from_str(include_str!("../../tests/endpoints.json")).unwrap();
    let matrix = matrix();
    let mut kinds = Vec::new();
    for endpoint in &matrix.endpoints {
        let facts = generated
            .cases
            .iter()
            .find(|c| c.operation == endpoint.operation)
            .unwrap_or_else(|| panic!("{} is no operation", endpoint.operation));
        assert_eq!(endpoint.route(), facts.path, "{}", endpoint.name);
        assert_eq!(endpoint.retry, facts.retry, "{}", endpoint.name);
        assert_eq!(
            endpoint.answer.as_deref(),
            facts.answer.as_ref().map(|a| a.key.as_str()),
            "{}",
            endpoint.name
        );
        assert_eq!(
            endpoint.wait.is_some(),
            facts.action_attempt,
            "{}: wait options exactly for an action attempt",
            endpoint.name
        );
        kinds.push((
            endpoint.retry,
            facts.action_attempt,
            endpoint.answer.is_none(),
        ));
    }
    // One of each kind: a create, a read, a list, an action attempt, a call answering ok.
    assert!(kinds.contains(&(Retry::Create, false, false)));
    assert!(kinds.contains(&(Retry::Read, false, false)));
    assert!(kinds.contains(&(Retry::Create, true, false)));
    assert!(kinds.iter().any(|(_, _, ok_only)| *ok_only));
    assert!(matrix
        .endpoints
        .iter()
        .any(|e| e.operation.ends_with(".list")));
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

fn outcome(expect: &Expect) -> String {
    match expect {
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
    }
}

/// The tables in docs/reliability.md, as the matrix says they must read.
fn published_tables() -> String {
    let matrix = matrix();
    let mut text = String::from(
        "| endpoint | call | arguments | answer | retry class |\n|---|---|---|---|---|\n",
    );
    for e in &matrix.endpoints {
        let arguments: Vec<String> = e
            .params
            .iter()
            .map(|(name, value)| {
                let id = if *name == e.id { " (`id`)" } else { "" };
                format!("{name} {value}{id}")
            })
            .collect();
        text.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} |\n",
            e.name,
            e.operation,
            arguments.join(", "),
            e.answer
                .as_deref()
                .map_or("only `ok`".to_owned(), |a| format!("`{a}`")),
            e.retry.name(),
        ));
    }
    text.push_str(
        "\n| case | what the server or caller does | outcome | requests sent | time bound |\n\
         |---|---|---|---|---|\n",
    );
    for case in &matrix.cases {
        // The base, then what each retry class or endpoint says instead.
        let mut outcomes = vec![outcome(&case.expect)];
        let mut requests = vec![case.requests.to_string()];
        let overrides = case
            .by_retry
            .iter()
            .map(|(class, o)| (format!("{} calls", class.name()), o))
            .chain(
                case.by_endpoint
                    .iter()
                    .map(|(name, o)| (format!("`{name}`"), o)),
            );
        for (which, o) in overrides {
            if let Some(expect) = &o.expect {
                outcomes.push(format!("{which}: {}", outcome(expect)));
            }
            if let Some(n) = o.requests {
                requests.push(format!("{which}: {n}"));
            }
        }
        let scope = if case.scope.as_deref() == Some("rust") {
            " (Rust only)"
        } else {
            ""
        };
        text.push_str(&format!(
            "| `{}`{scope} | {} | {} | {} | ≤ {} s |\n",
            case.name,
            case.description,
            outcomes.join("; "),
            requests.join("; "),
            case.max_seconds,
        ));
    }
    text
}

#[test]
fn the_published_tables_match_the_matrix() {
    let docs = include_str!("../../docs/reliability.md");
    let tables = published_tables();
    assert!(
        docs.contains(&tables),
        "docs/reliability.md is out of date; its matrix tables must read:\n\n{tables}"
    );
}
