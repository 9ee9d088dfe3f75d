//! A small stand-in for the Seam Connect API, real enough for the official SDKs, with fault
//! injection so that every language's client can be tested against the same misbehaviour.
//!
//! Use it from Rust tests with [`FakeSeam::start`]; other languages run the `fake-seam` binary,
//! which prints its base URL alone on the first line of stdout.
//!
//! The HTTP/1.1 layer is our own (see `http.rs`) rather than a server crate: faults have to
//! close a connection without answering, cut a body short, or send it a byte at a time, and
//! off-the-shelf servers hide the socket needed for that.

mod auth;
mod faults;
mod http;
mod routes;
mod seed;
mod server;
mod state;
mod tls;
mod validate;

pub use server::FakeSeam;

/// The seed fixture every server starts from (and `POST /_fake/reset` restores).
pub const SEED_JSON: &str = include_str!("seed.json");

/// Well-known ids and tokens of the seed, so tests need not repeat the literals.
pub mod ids {
    pub const WORKSPACE: &str = "00000000-0000-0000-0000-000000000000";
    pub const API_KEY: &str = "seam_apikey1_token";
    /// Valid only together with the header `seam-workspace: WORKSPACE`.
    pub const PERSONAL_ACCESS_TOKEN: &str = "seam_at1_token";
    pub const ACS_SYSTEM: &str = "11111111-1111-1111-1111-111111111111";
    pub const CONNECTED_ACCOUNT: &str = "22222222-2222-2222-2222-222222222222";
    /// The user of the docs' example.
    pub const ACS_USER: &str = "33333333-3333-3333-3333-333333333333";
    pub const OTHER_ACS_USER: &str = "44444444-4444-4444-4444-444444444444";
    /// The docs' multi-phone-sync mobile key.
    pub const MOBILE_KEY_CREDENTIAL: &str = "66666666-6666-6666-6666-666666666666";
    /// Access method and external type unknown to today's API, plus unknown fields.
    pub const FUTURE_CREDENTIAL: &str = "77777777-7777-7777-7777-777777777777";
    pub const PIN_CREDENTIAL: &str = "88888888-8888-8888-8888-888888888888";
    pub const VISIONLINE_CREDENTIAL: &str = "99999999-9999-9999-9999-999999999999";
    pub const VOSTIO_CREDENTIAL: &str = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    pub const ASSIGN_ROUTE: &str = "/acs/credentials/assign";
}
