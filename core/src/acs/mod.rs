//! Access control systems (`/acs/*`).

mod credentials;

pub use credentials::{
    AcsCredentials, CreateParams, ListParams, NewAssaAbloyVostioMetadata, NewSaltoSpaceMetadata,
    NewVisionlineMetadata, Pages, VisionlineCardFormat,
};

use std::sync::Arc;

use crate::transport::HttpTransport;

/// The `/acs` namespace of a [`crate::Seam`] client: `seam.acs().credentials()`.
#[derive(Debug, Clone, Copy)]
pub struct Acs<'a> {
    http: &'a Arc<HttpTransport>,
}

impl<'a> Acs<'a> {
    pub(crate) fn new(http: &'a Arc<HttpTransport>) -> Self {
        Self { http }
    }

    /// Credentials (`/acs/credentials/*`).
    pub fn credentials(&self) -> AcsCredentials<'a> {
        AcsCredentials::new(self.http)
    }
}
