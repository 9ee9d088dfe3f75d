//! Configuration from the environment, end to end. One test in its own binary: it changes
//! the process environment, which other tests must not see.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use seam_core::{Config, Seam, SeamError};

#[test]
fn the_environment_configures_a_client() {
    let fake = fake();
    for var in [
        "SEAM_API_KEY",
        "SEAM_PERSONAL_ACCESS_TOKEN",
        "SEAM_WORKSPACE_ID",
        "SEAM_ENDPOINT",
    ] {
        std::env::remove_var(var);
    }
    match Seam::from_config(Config::default()) {
        Err(SeamError::Config { reason }) => assert!(reason.contains("SEAM_API_KEY"), "{reason}"),
        other => panic!("expected a Config error, got {other:?}"),
    }

    std::env::set_var("SEAM_API_KEY", API_KEY);
    std::env::set_var("SEAM_ENDPOINT", fake.url());
    let seam = Seam::from_config(Config::default()).unwrap();
    assert_eq!(seam.endpoint(), fake.url());
    assert!(assign(&seam, ACS_USER, MOBILE_KEY_CREDENTIAL).is_ok());

    std::env::set_var("SEAM_PERSONAL_ACCESS_TOKEN", PERSONAL_ACCESS_TOKEN);
    match Seam::from_config(Config::default()) {
        Err(e @ SeamError::Config { .. }) => assert!(!e.to_string().contains(API_KEY)),
        other => panic!("expected a Config error, got {other:?}"),
    }

    std::env::remove_var("SEAM_API_KEY");
    std::env::set_var("SEAM_WORKSPACE_ID", WORKSPACE);
    let seam = Seam::from_config(Config::default()).unwrap();
    assert!(assign(&seam, ACS_USER, MOBILE_KEY_CREDENTIAL).is_ok());
    assert_eq!(
        requests(&fake)["last"]["headers"]["seam-workspace"],
        WORKSPACE
    );
}
