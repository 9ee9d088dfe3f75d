//! Helpers of the CLI tests: the built `seam-core` binary run with a clean environment
//! against an in-process fake-seam, and the fake's own answers fetched raw over HTTP.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use fake_seam::FakeSeam;
use serde_json::Value;
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime, PrimitiveDateTime};

pub use fake_seam::ids::*;

/// A key the fake does not know: it must never be echoed either.
pub const WRONG_API_KEY: &str = "seam_wrongkey9_token";

/// Every secret a test hands the binary: none may appear in its stdout or stderr.
const SECRETS: &[&str] = &[
    API_KEY,
    PERSONAL_ACCESS_TOKEN,
    CLIENT_SESSION_TOKEN,
    WRONG_API_KEY,
];

/// The docs' call, as the CLI spells it.
pub const DOCS_ASSIGN: &[&str] = &[
    "acs",
    "credentials",
    "assign",
    "--acs-user-id",
    ACS_USER,
    "--acs-credential-id",
    MOBILE_KEY_CREDENTIAL,
];

pub fn fake() -> FakeSeam {
    FakeSeam::start().expect("fake-seam starts")
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The output of a successful run, as JSON.
    pub fn json(&self) -> Value {
        assert_eq!(self.code, 0, "{self:?}");
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {self:?}"))
    }

    /// The output of a successful `list --all`: one JSON object per line.
    pub fn json_lines(&self) -> Vec<Value> {
        assert_eq!(self.code, 0, "{self:?}");
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }
}

/// Runs `seam-core args…` with only `env` in its environment, and checks that no secret
/// reached its output whatever happened.
pub fn run(env: &[(&str, &str)], args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_seam-core"))
        .env_clear()
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("seam-core runs");
    let run = Run {
        code: output.status.code().expect("seam-core exits (no signal)"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    for secret in SECRETS {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret was printed: {run:?}"
        );
    }
    run
}

/// Runs `seam-core args…` against `fake` with the API key in SEAM_API_KEY.
pub fn run_with_key(fake: &FakeSeam, args: &[&str]) -> Run {
    run(&key_env(fake), args)
}

pub fn key_env(fake: &FakeSeam) -> Vec<(&'static str, &str)> {
    vec![("SEAM_API_KEY", API_KEY), ("SEAM_ENDPOINT", fake.url())]
}

/// `["acs", "credentials", command, args…]`.
pub fn credentials<'a>(command: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["acs", "credentials", command];
    all.extend_from_slice(args);
    all
}

/// A plain `GET target` to the fake with the API key, over a socket of its own: the fake's
/// own answer, for comparing what the CLI printed with what the fake holds.
pub fn raw_get(fake: &FakeSeam, target: &str) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", fake.port())).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {API_KEY}\r\n\
         Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{body}");
    serde_json::from_str(body).unwrap()
}

/// The credential as the fake holds it.
pub fn raw_credential(fake: &FakeSeam, id: &str) -> Value {
    raw_get(fake, &format!("{GET_ROUTE}?acs_credential_id={id}"))["acs_credential"].clone()
}

/// Every credential the fake holds, in its order.
pub fn raw_credentials(fake: &FakeSeam) -> Vec<Value> {
    let page = raw_get(fake, &format!("{LIST_ROUTE}?limit=1000"));
    assert_eq!(page["pagination"]["has_next_page"], false);
    page["acs_credentials"].as_array().unwrap().clone()
}

/// A JSON value compared by meaning: the model leaves out absent optionals (null) and
/// empty lists, and writes timestamps back in one form (RFC 3339, UTC, milliseconds), so
/// null members and empty lists are dropped and every `*_at` that reads as a moment is
/// written in that one form, on both sides.
pub fn normalized(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(_, v)| !v.is_null() && !v.as_array().is_some_and(Vec::is_empty))
                .map(|(k, v)| {
                    let v = match v.as_str().and_then(moment).filter(|_| k.ends_with("_at")) {
                        Some(canonical) => Value::String(canonical),
                        None => normalized(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        other => other.clone(),
    }
}

/// The moment `text` names, as RFC 3339 in UTC, if it reads as one.
fn moment(text: &str) -> Option<String> {
    let iso = &Iso8601::PARSING;
    let utc = OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(text, iso))
        .or_else(|_| PrimitiveDateTime::parse(text, iso).map(PrimitiveDateTime::assume_utc))
        .or_else(|_| Date::parse(text, iso).map(|d| d.midnight().assume_utc()))
        .ok()?;
    utc.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok()
}

/// Asserts that the CLI's JSON and the fake's are the same object.
pub fn assert_same(printed: &Value, held: &Value) {
    assert_eq!(
        normalized(printed),
        normalized(held),
        "\nprinted: {printed:#}\nheld:    {held:#}"
    );
}

/// The fake's request counts (`{"GET /acs/credentials/get": 1, …}`).
pub fn counts(fake: &FakeSeam) -> Value {
    fake.requests()["counts"].clone()
}

/// Requests (any method) that reached `route`.
pub fn count(fake: &FakeSeam, route: &str) -> u64 {
    counts(fake)
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, _)| key.split_once(' ').is_some_and(|(_, path)| path == route))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

/// The body of the last request the fake received, as JSON.
pub fn last_body(fake: &FakeSeam) -> Value {
    let last = fake.requests()["last"].clone();
    serde_json::from_str(last["body"].as_str().unwrap()).unwrap()
}
