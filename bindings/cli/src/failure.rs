//! Why a command failed, the one line it prints, and its exit code.

use std::fmt;
use std::io;
use std::process::ExitCode;

use seam_core::{SeamError, WebhookError};

/// Exit codes, one per kind of failure (documented in `--help` and the README).
pub mod code {
    pub const OUTPUT: u8 = 1;
    /// clap's own code for a command line that does not parse.
    pub const USAGE: u8 = 2;
    pub const INVALID_INPUT: u8 = 3;
    pub const CONFIG: u8 = 4;
    pub const UNAUTHORIZED: u8 = 5;
    pub const API: u8 = 6;
    pub const INVALID_RESPONSE: u8 = 7;
    pub const TIMEOUT: u8 = 8;
    pub const NETWORK: u8 = 9;
    pub const ACTION_ATTEMPT_FAILED: u8 = 10;
    pub const ACTION_ATTEMPT_TIMEOUT: u8 = 11;
    pub const WEBHOOK_NOT_GENUINE: u8 = 12;
    pub const WEBHOOK_NOT_AN_EVENT: u8 = 13;
    pub const BULK_FAILED: u8 = 14;
    /// 128 + SIGINT, as shells report an interrupted command.
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Debug)]
pub enum Failure {
    /// What the core said; its `Display` is the message.
    Seam(Box<SeamError>),
    /// A secret was offered as an option (its name without `--`; never its value).
    SecretOption(&'static str),
    /// The command line parses but does not make sense (`--format table` with `--input`).
    Usage(String),
    /// stdout could not be written (other than a closed pipe, which ends quietly).
    Output(io::Error),
    /// `webhooks verify` refused the delivery.
    Webhook(WebhookError),
    /// Bulk mode: some lines failed; the summary says how many.
    Bulk(String),
    /// Bulk mode stopped at a signal, after the calls under way had ended.
    Interrupted(String),
}

impl From<SeamError> for Failure {
    fn from(e: SeamError) -> Self {
        Self::Seam(Box::new(e))
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

/// The exit code of a core error.
pub fn seam_code(e: &SeamError) -> u8 {
    match e {
        SeamError::InvalidInput { .. } => code::INVALID_INPUT,
        SeamError::Config { .. } => code::CONFIG,
        SeamError::Unauthorized { .. } => code::UNAUTHORIZED,
        SeamError::Api { .. } => code::API,
        SeamError::InvalidResponse { .. } => code::INVALID_RESPONSE,
        SeamError::Timeout { .. } => code::TIMEOUT,
        SeamError::Network { .. } => code::NETWORK,
        SeamError::ActionAttemptFailed { .. } => code::ACTION_ATTEMPT_FAILED,
        SeamError::ActionAttemptTimeout { .. } => code::ACTION_ATTEMPT_TIMEOUT,
    }
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::Seam(e) => seam_code(e),
            Self::SecretOption(_) | Self::Usage(_) => code::USAGE,
            Self::Output(_) => code::OUTPUT,
            Self::Webhook(WebhookError::NotGenuine { .. }) => code::WEBHOOK_NOT_GENUINE,
            Self::Webhook(WebhookError::NotAnEvent { .. }) => code::WEBHOOK_NOT_AN_EVENT,
            Self::Bulk(_) => code::BULK_FAILED,
            Self::Interrupted(_) => code::INTERRUPTED,
        })
    }

    /// Whether the reader of stdout went away (`seam-core … | head`): not worth a message.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Seam(e) => e.fmt(f),
            Self::SecretOption(option) => write!(
                f,
                "--{option} is not offered: a secret on a command line lands in the shell history \
                 and in process lists; set SEAM_API_KEY (or SEAM_PERSONAL_ACCESS_TOKEN with \
                 SEAM_WORKSPACE_ID) in the environment instead (see --help)"
            ),
            Self::Usage(text) | Self::Bulk(text) | Self::Interrupted(text) => f.write_str(text),
            Self::Output(e) => write!(f, "could not write the output: {e}"),
            Self::Webhook(e) => e.fmt(f),
        }
    }
}
