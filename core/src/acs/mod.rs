//! Access control systems (`/acs/*`).

mod credentials;

pub use credentials::AcsCredentials;

use crate::client::Seam;

/// The `/acs` namespace of a [`Seam`] client: `seam.acs().credentials()`.
#[derive(Debug, Clone, Copy)]
pub struct Acs<'a> {
    seam: &'a Seam,
}

impl<'a> Acs<'a> {
    pub(crate) fn new(seam: &'a Seam) -> Self {
        Self { seam }
    }

    /// Credentials (`/acs/credentials/*`).
    pub fn credentials(&self) -> AcsCredentials<'a> {
        AcsCredentials::new(self.seam)
    }
}
