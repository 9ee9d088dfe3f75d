//! seam-core: a client of the Seam Connect access-control API, written once in Rust and
//! exposed to Python, Kotlin and Swift through UniFFI (`udl/seam_core.udl`), and to the shell
//! by the `seam-core` command.
//!
//! ```no_run
//! let seam = seam_core::Seam::from_config(seam_core::Config::default())?; // reads SEAM_API_KEY
//! let credential = seam.acs().credentials().assign(
//!     "33333333-3333-3333-3333-333333333333",
//!     "66666666-6666-6666-6666-666666666666",
//! )?;
//! # Ok::<(), seam_core::SeamError>(())
//! ```
//!
//! Every call of the access-control workflow is here, in the namespaces of the API
//! (`seam.acs().users().create(…)`, `seam.user_identities().list(…)`, …), generated from the
//! API's own description; each namespace is also a module holding its parameter types
//! (`seam_core::acs::users::CreateParams`).
//!
//! The client is blocking; the foreign languages' non-blocking clients run the same calls on
//! a bounded pool of worker threads. Reliability (timeouts, retries, what a response may
//! contain) is described in `docs/reliability.md`.
//!
//! A receiver of Seam's webhooks checks each delivery with [`SeamWebhook::verify_event`] (module
//! [`webhook`]).
#![warn(missing_docs)]

mod api;
mod client;
mod config;
mod error;
mod ffi;
mod models;
mod pool;
mod resolver;
#[doc(hidden)]
pub mod response;
mod timer;
mod transport;
mod validation;
mod wait;
pub mod webhook;

/// The README's Rust samples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeSamples;

pub use api::json::JsonPages;
pub use api::pages::{PageOf, Pages};
pub use api::tree::*;
pub use client::Seam;
pub use config::{
    Config, DEFAULT_ENDPOINT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, MAX_RETRIES_LIMIT,
};
pub use error::SeamError;
pub use models::*;
pub use pool::{WorkerStats, DEFAULT_WORKER_THREADS, MAX_WORKER_THREADS};
pub use transport::MAX_RESPONSE_BYTES;
pub use wait::{WaitOptions, DEFAULT_POLLING_INTERVAL, DEFAULT_WAIT_TIMEOUT};
pub use webhook::{SeamWebhook, WebhookError};

/// The version of seam-core, sent with every request as `seam-sdk-version`.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

// The UDL scaffolding lives in `ffi`, beside the objects it exports; UniFFI's derives find
// the tag at the crate root.
#[doc(hidden)]
pub use ffi::UniFfiTag;
