//! A small, stateful stand-in for the Seam Connect API's access-control workflow (every route
//! of `routes.json`: credentials, users, systems, entrances, access groups, encoders, action
//! attempts, user identities, client sessions, access grants and methods, events, webhooks),
//! real enough for the official SDKs, with fault injection so that every language's client
//! can be tested against the same misbehaviour.
//!
//! Use it from Rust tests with [`FakeSeam::start`]; other languages run the `fake-seam` binary,
//! which prints its base URL alone on the first line of stdout.
//!
//! The HTTP/1.1 layer is our own (see `http.rs`) rather than a server crate: faults have to
//! close a connection without answering, cut a body short, or send it a byte at a time, and
//! off-the-shelf servers hide the socket needed for that.

mod api;
mod attempts;
mod auth;
mod catalog;
mod control;
mod credential_store;
mod delivery;
mod error;
mod faults;
mod http;
mod pagination;
mod params;
mod random;
mod ratelimit;
mod routes;
mod scope;
mod seed;
mod server;
mod state;
mod time;
mod tls;
mod validate;
mod workspace;

pub use server::FakeSeam;

/// The seed fixture every server starts from (and `POST /_fake/reset` restores).
pub const SEED_JSON: &str = include_str!("seed.json");

/// The routes served and what each takes, generated from the API's facts.
pub const ROUTES_JSON: &str = include_str!("routes.json");

/// Svix's signature of a webhook delivery (`v1,<base64>`), as the fake signs them; exposed so
/// tests can tell a signer's bugs from a verifier's.
pub use delivery::sign as sign_webhook;

/// Well-known ids and tokens of the seed, so tests need not repeat the literals.
pub mod ids {
    pub const WORKSPACE: &str = "00000000-0000-0000-0000-000000000000";
    pub const API_KEY: &str = "seam_apikey1_token";
    /// Valid only together with the header `seam-workspace: WORKSPACE`.
    pub const PERSONAL_ACCESS_TOKEN: &str = "seam_at1_token";
    /// Sent as `Authorization: Bearer …` and as `client-session-token: …`; scoped to
    /// [`USER_IDENTITY`] (so to [`ACS_USER`]); may call only the routes the document lets a
    /// client session call.
    pub const CLIENT_SESSION_TOKEN: &str = "seam_cst1_token";
    /// The seeded client session whose token is [`CLIENT_SESSION_TOKEN`] (user identifier
    /// key `jane`).
    pub const CLIENT_SESSION: &str = "c5c5c5c5-c5c5-c5c5-c5c5-c5c5c5c5c5c5";
    /// Sent as `seam-publishable-key: …`; may only make client sessions.
    pub const PUBLISHABLE_KEY: &str = "seam_pk1_token";
    pub const ACS_SYSTEM: &str = "11111111-1111-1111-1111-111111111111";
    /// A second system of the workspace, with no users, entrances or credentials.
    pub const ANNEX_ACS_SYSTEM: &str = "12121212-1212-1212-1212-121212121212";
    /// A credential manager (`is_credential_manager: true`), with no users or entrances.
    pub const CREDENTIAL_MANAGER_ACS_SYSTEM: &str = "14141414-1414-1414-1414-141414141414";
    pub const CONNECTED_ACCOUNT: &str = "22222222-2222-2222-2222-222222222222";
    /// The user of the docs' example; linked to [`USER_IDENTITY`].
    pub const ACS_USER: &str = "33333333-3333-3333-3333-333333333333";
    pub const OTHER_ACS_USER: &str = "44444444-4444-4444-4444-444444444444";
    /// Jane, linked to [`ACS_USER`] in [`ACS_SYSTEM`].
    pub const USER_IDENTITY: &str = "55555555-5555-5555-5555-555555555555";
    /// Sam, with no ACS user anywhere.
    pub const UNLINKED_USER_IDENTITY: &str = "56565656-5656-5656-5656-565656565656";
    /// Uma, an unmanaged user identity (only `/user_identities/unmanaged/*` see her).
    pub const UNMANAGED_USER_IDENTITY: &str = "57575757-5757-5757-5757-575757575757";
    /// "Staff" in [`ACS_SYSTEM`]: it opens the lobby and the gym, and has no members (so that
    /// every seeded user opens nothing and the credentials' entrances stay as seeded).
    pub const STAFF_ACCESS_GROUP: &str = "abababab-abab-abab-abab-abababababab";
    /// "Front Desk Encoder" in [`ACS_SYSTEM`].
    pub const ACS_ENCODER: &str = "ecececec-ecec-ecec-ecec-ecececececec";
    /// An unmanaged access grant of [`UNLINKED_USER_IDENTITY`] to the lobby.
    pub const UNMANAGED_ACCESS_GRANT: &str = "a6a6a6a6-a6a6-a6a6-a6a6-a6a6a6a6a6a6";
    /// Its one (unmanaged, issued) PIN code access method.
    pub const UNMANAGED_ACCESS_METHOD: &str = "a3a3a3a3-a3a3-a3a3-a3a3-a3a3a3a3a3a3";
    pub const LOBBY_ENTRANCE: &str = "aaaaaaaa-0000-0000-0000-000000000001";
    /// Carries a `privacy_mode` warning.
    pub const ROOM_101_ENTRANCE: &str = "aaaaaaaa-0000-0000-0000-000000000002";
    /// Carries an unknown field.
    pub const GYM_ENTRANCE: &str = "aaaaaaaa-0000-0000-0000-000000000003";
    /// The docs' multi-phone-sync mobile key; opens the lobby and room 101.
    pub const MOBILE_KEY_CREDENTIAL: &str = "66666666-6666-6666-6666-666666666666";
    /// Access method (`quantum_link`) and external type unknown to the SDKs, plus unknown
    /// fields and an unknown warning.
    pub const FUTURE_CREDENTIAL: &str = "77777777-7777-7777-7777-777777777777";
    /// Held by [`ACS_USER`]; opens room 101.
    pub const PIN_CREDENTIAL: &str = "88888888-8888-8888-8888-888888888888";
    /// Opens the lobby and room 101.
    pub const VISIONLINE_CREDENTIAL: &str = "99999999-9999-9999-9999-999999999999";
    pub const VOSTIO_CREDENTIAL: &str = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    /// Held by [`ACS_USER`]: one warning of each of the seven kinds, and two errors.
    pub const WARNINGS_CREDENTIAL: &str = "b1b1b1b1-b1b1-b1b1-b1b1-b1b1b1b1b1b1";
    /// `access_method: cloud_key`, held by [`OTHER_ACS_USER`].
    pub const CLOUD_KEY_CREDENTIAL: &str = "c1c1c1c1-c1c1-c1c1-c1c1-c1c1c1c1c1c1";
    /// `akiles_metadata`; held by [`USER_IDENTITY`] (no `acs_user_id`).
    pub const AKILES_CREDENTIAL: &str = "a1a1a1a1-a1a1-a1a1-a1a1-a1a1a1a1a1a1";
    /// Values a lenient reader must survive, answered byte for byte as seeded: non-RFC 3339
    /// times, metadata without its usual keys, unknown keys, `18446744073709551615`.
    pub const ODD_VALUES_CREDENTIAL: &str = "d1d1d1d1-d1d1-d1d1-d1d1-d1d1d1d1d1d1";
    pub const ASSIGN_ROUTE: &str = "/acs/credentials/assign";
    pub const UNASSIGN_ROUTE: &str = "/acs/credentials/unassign";
    pub const CREATE_ROUTE: &str = "/acs/credentials/create";
    pub const GET_ROUTE: &str = "/acs/credentials/get";
    pub const LIST_ROUTE: &str = "/acs/credentials/list";
    pub const LIST_ACCESSIBLE_ENTRANCES_ROUTE: &str = "/acs/credentials/list_accessible_entrances";
    pub const UPDATE_ROUTE: &str = "/acs/credentials/update";
    pub const DELETE_ROUTE: &str = "/acs/credentials/delete";
}
