//! Helpers shared by the integration tests: a fake-seam per test, a client for it, and
//! the fake's control endpoints.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use fake_seam::FakeSeam;
use seam_core::{Config, Seam, SeamError};
use serde_json::Value;

pub const API_KEY: &str = "seam_apikey1_token";
pub const PAT: &str = "seam_at1_token";
pub const WORKSPACE: &str = "00000000-0000-0000-0000-000000000000";
pub const USER: &str = "33333333-3333-3333-3333-333333333333";
pub const OTHER_USER: &str = "44444444-4444-4444-4444-444444444444";
pub const CREDENTIAL: &str = "66666666-6666-6666-6666-666666666666";
pub const ASSIGN: &str = "/acs/credentials/assign";

pub fn fake() -> FakeSeam {
    FakeSeam::start().expect("fake-seam starts")
}

pub fn client(fake: &FakeSeam) -> Seam {
    client_with(fake, Config::default())
}

/// A client of `fake` authenticated with the API key; `config` may override anything.
pub fn client_with(fake: &FakeSeam, config: Config) -> Seam {
    Seam::from_config(Config {
        api_key: config.api_key.or_else(|| {
            config
                .personal_access_token
                .is_none()
                .then(|| API_KEY.into())
        }),
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

fn control() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Queues a fault on the assign route.
pub fn fault(fake: &FakeSeam, fault: Value) {
    let mut fault = fault;
    fault["route"] = ASSIGN.into();
    let response = control()
        .post(&format!("{}/_fake/faults", fake.url()))
        .header("content-type", "application/json")
        .send(&fault.to_string())
        .expect("fault accepted");
    assert_eq!(response.status(), 200, "fault {fault} refused");
}

pub fn requests(fake: &FakeSeam) -> Value {
    let text = control()
        .get(&format!("{}/_fake/requests", fake.url()))
        .call()
        .expect("requests readable")
        .body_mut()
        .read_to_string()
        .expect("requests readable");
    serde_json::from_str(&text).expect("requests are JSON")
}

/// How many assign requests (any method) reached the fake.
pub fn assign_count(fake: &FakeSeam) -> u64 {
    let counts = &requests(fake)["counts"];
    ["POST", "PATCH"]
        .iter()
        .map(|m| counts[format!("{m} {ASSIGN}")].as_u64().unwrap_or(0))
        .sum()
}

pub fn assign(
    seam: &Seam,
    user: &str,
    credential: &str,
) -> Result<seam_core::AcsCredential, SeamError> {
    seam.acs().credentials().assign(user, credential)
}
