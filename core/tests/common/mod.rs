//! Helpers shared by the integration tests: a fake-seam per test, a client for it, and the
//! fake's control endpoints.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, SystemTime};

use fake_seam::FakeSeam;
use seam_core::{Config, Seam, SeamError};
use serde_json::Value;

pub use fake_seam::ids::*;

pub fn fake() -> FakeSeam {
    FakeSeam::start().expect("fake-seam starts")
}

pub fn client(fake: &FakeSeam) -> Seam {
    client_with(fake, Config::default())
}

/// A client of `fake` authenticated with the API key unless `config` says otherwise.
pub fn client_with(fake: &FakeSeam, config: Config) -> Seam {
    let explicit = config.personal_access_token.is_some() || config.client_session_token.is_some();
    Seam::from_config(Config {
        api_key: config
            .api_key
            .or_else(|| (!explicit).then(|| API_KEY.into())),
        endpoint: config.endpoint.or_else(|| Some(fake.url().to_owned())),
        ..config
    })
    .expect("client builds")
}

pub fn with_timeout(fake: &FakeSeam, timeout: Duration, max_retries: u32) -> Seam {
    client_with(
        fake,
        Config {
            timeout: Some(timeout),
            max_retries: Some(max_retries),
            ..Config::default()
        },
    )
}

/// Queues a fault on `route`.
pub fn fault_on(fake: &FakeSeam, route: &str, fault: Value) {
    let mut fault = fault;
    fault["route"] = route.into();
    fake.add_fault(fault).expect("fault accepted");
}

/// Queues a fault on the assign route.
pub fn fault(fake: &FakeSeam, fault: Value) {
    fault_on(fake, ASSIGN_ROUTE, fault);
}

pub fn requests(fake: &FakeSeam) -> Value {
    fake.requests()
}

/// How many requests (any method) reached `route`.
pub fn count(fake: &FakeSeam, route: &str) -> u64 {
    let counts = requests(fake)["counts"].clone();
    counts
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, _)| key.split_once(' ').is_some_and(|(_, path)| path == route))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

/// How many requests (any route) reached the fake.
pub fn total(fake: &FakeSeam) -> u64 {
    let counts = requests(fake)["counts"].clone();
    counts
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum()
}

pub fn assign_count(fake: &FakeSeam) -> u64 {
    count(fake, ASSIGN_ROUTE)
}

pub fn assign(
    seam: &Seam,
    user: &str,
    credential: &str,
) -> Result<seam_core::AcsCredential, SeamError> {
    seam.acs().credentials().assign(user, credential)
}

pub fn ts(text: &str) -> SystemTime {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .into()
}

/// The `InvalidInput` an expression must give: parameter and reason.
pub fn invalid_input<T: std::fmt::Debug>(result: Result<T, SeamError>) -> (String, String) {
    match result {
        Err(SeamError::InvalidInput { parameter, reason }) => (parameter, reason),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

/// The `Api` error code an expression must give.
pub fn api_code<T: std::fmt::Debug>(result: Result<T, SeamError>) -> (u16, String) {
    match result {
        Err(SeamError::Api {
            status_code, code, ..
        }) => (status_code, code),
        other => panic!("expected Api, got {other:?}"),
    }
}
