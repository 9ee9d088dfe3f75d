//! seam-core: a client of the Seam Connect access-control API, written once in Rust and
//! exposed to Python, Kotlin and Swift through UniFFI (`udl/seam_core.udl`).
//!
//! ```no_run
//! let seam = seam_core::Seam::from_config(seam_core::Config::default())?; // reads SEAM_API_KEY
//! let credential = seam.acs().credentials().assign(
//!     "33333333-3333-3333-3333-333333333333",
//!     "66666666-6666-6666-6666-666666666666",
//! )?;
//! # Ok::<(), seam_core::SeamError>(())
//! ```

mod acs;
mod client;
mod config;
mod error;
mod models;
mod resolver;
pub mod response;
mod validation;

pub use acs::{Acs, AcsCredentials};
pub use client::{Seam, MAX_RESPONSE_BYTES};
pub use config::{
    Config, DEFAULT_ENDPOINT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, MAX_RETRIES_LIMIT,
};
pub use error::SeamError;
pub use models::{
    AccessMethod, AcsCredential, AcsCredentialError, AcsCredentialWarning,
    AcsCredentialWarningCode, AssaAbloyVostioMetadata, ExternalType, VisionlineCardFunctionType,
    VisionlineMetadata,
};

uniffi::include_scaffolding!("seam_core");
