//! `/acs/credentials/*`.

use crate::client::Seam;
use crate::error::SeamError;
use crate::models::AcsCredential;
use crate::response;
use crate::validation::check_uuid;

/// The `/acs/credentials` namespace: `seam.acs().credentials()`.
#[derive(Debug, Clone, Copy)]
pub struct AcsCredentials<'a> {
    seam: &'a Seam,
}

impl<'a> AcsCredentials<'a> {
    pub(crate) fn new(seam: &'a Seam) -> Self {
        Self { seam }
    }

    /// Assigns a credential to an ACS user (`POST /acs/credentials/assign`) and returns the
    /// credential as the API now has it.
    ///
    /// Both ids must be UUIDs in the canonical 8-4-4-4-12 form; anything else is
    /// [`SeamError::InvalidInput`] and nothing is sent.
    pub fn assign(
        &self,
        acs_user_id: &str,
        acs_credential_id: &str,
    ) -> Result<AcsCredential, SeamError> {
        for (parameter, value) in [
            ("acs_user_id", acs_user_id),
            ("acs_credential_id", acs_credential_id),
        ] {
            check_uuid(value).map_err(|reason| SeamError::invalid_input(parameter, reason))?;
        }
        // Both ids were just checked to be hexadecimal digits and hyphens: nothing to escape.
        // Same bytes as serde_json's (keys in sorted order).
        let body = format!(
            r#"{{"acs_credential_id":"{acs_credential_id}","acs_user_id":"{acs_user_id}"}}"#
        );
        self.seam
            .post("/acs/credentials/assign", &body, response::acs_credential)
    }
}
