//! The one error type of the SDK. Its variants and fields are the cross-language contract
//! (see `udl/seam_core.udl`); its `Display` is the message every language shows.

use std::collections::HashMap;
use std::fmt;

/// Every error a Seam call can return.
///
/// No variant ever holds the API key or the personal access token.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
// UniFFI 0.32's UDL scaffolding skips `[Traits=(Display)]` on `[Error]` enums, yet the
// generated bindings call the Display function it would export: export it here, as the
// scaffolding does for records and enums.
#[uniffi::export_for_udl_derive(Display)]
// The action attempt is carried whole, as in every language: errors are the rare path.
#[allow(clippy::large_enum_variant)]
pub enum SeamError {
    /// An argument was rejected before anything was sent.
    #[error("invalid {parameter}: {reason}")]
    InvalidInput {
        /// The parameter, as the API names it.
        parameter: String,
        /// What is wrong with its value.
        reason: String,
    },

    /// Missing or conflicting credentials, or a bad endpoint.
    #[error("configuration error: {reason}")]
    Config {
        /// What is wrong, and which environment variables were read.
        reason: String,
    },

    /// HTTP 401: the credentials were not accepted.
    #[error(
        "unauthorized: Seam did not accept the client's API key, personal access token or \
         client session token (HTTP 401){}",
        RequestId(request_id)
    )]
    Unauthorized {
        /// The server's `seam-request-id`.
        request_id: Option<String>,
    },

    /// Any other error response from the API.
    #[error(
        "Seam API error {code} (HTTP {status_code}): {reason}{}",
        RequestId(request_id)
    )]
    Api {
        /// The HTTP status.
        status_code: u16,
        /// The API's error type, for example `acs_user_not_found`.
        code: String,
        /// The API's message.
        reason: String,
        /// The server's `seam-request-id`.
        request_id: Option<String>,
        /// For `invalid_input`: each rejected parameter and its messages.
        validation_errors: HashMap<String, Vec<String>>,
    },

    /// The server's answer is not what the API promises.
    #[error(
        "invalid response from Seam (HTTP {status_code}): {reason}{}",
        RequestId(request_id)
    )]
    InvalidResponse {
        /// The HTTP status.
        status_code: u16,
        /// What is wrong with the answer.
        reason: String,
        /// The server's `seam-request-id`.
        request_id: Option<String>,
    },

    /// The call did not complete within the client's timeout.
    #[error("timed out: {reason}")]
    Timeout {
        /// How long the client waited, and for what.
        reason: String,
    },

    /// The server could not be reached or the connection failed.
    #[error("network error: {reason}")]
    Network {
        /// What failed: refused, DNS, TLS, reset.
        reason: String,
    },

    /// An action attempt the call waited for ended in failure.
    #[error(
        "action attempt {} ({}) failed: {code}: {reason}",
        action_attempt.action_attempt_id,
        action_attempt.action_type
    )]
    ActionAttemptFailed {
        /// The attempt as it ended.
        action_attempt: crate::models::ActionAttempt,
        /// The attempt's `error.type` (`no_credential_on_encoder`, …).
        code: String,
        /// The attempt's error message.
        reason: String,
    },

    /// An action attempt the call waited for had not ended when the wait's timeout came.
    #[error(
        "timed out waiting for action attempt {} ({}): {reason}",
        action_attempt.action_attempt_id,
        action_attempt.action_type
    )]
    ActionAttemptTimeout {
        /// The attempt as last seen (still pending; it may yet end).
        action_attempt: crate::models::ActionAttempt,
        /// How long the wait lasted.
        reason: String,
    },
}

impl SeamError {
    pub(crate) fn invalid_input(parameter: &str, reason: impl Into<String>) -> Self {
        Self::InvalidInput {
            parameter: parameter.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn config(reason: impl Into<String>) -> Self {
        Self::Config {
            reason: reason.into(),
        }
    }
}

// For the bindings whose generator skips `Display` on errors (Python): the same sentence as
// a method. The other languages use their generated `Display` (see core/uniffi.toml).
#[uniffi::export]
impl SeamError {
    /// The error's sentence: what went wrong, with the request id when the server sent one.
    pub fn display(&self) -> String {
        self.to_string()
    }
}

/// Renders `" (request id: …)"` when the server sent one, nothing otherwise.
struct RequestId<'a>(&'a Option<String>);

impl fmt::Display for RequestId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id: {id})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_reads_as_a_sentence_with_the_request_id() {
        let e = SeamError::Api {
            status_code: 404,
            code: "acs_user_not_found".into(),
            reason: "acs_user not found".into(),
            request_id: Some("request7".into()),
            validation_errors: HashMap::new(),
        };
        assert_eq!(
            e.to_string(),
            "Seam API error acs_user_not_found (HTTP 404): acs_user not found (request id: request7)"
        );
        let e = SeamError::Unauthorized { request_id: None };
        assert_eq!(
            e.to_string(),
            "unauthorized: Seam did not accept the client's API key, personal access token or \
             client session token (HTTP 401)"
        );
    }
}
