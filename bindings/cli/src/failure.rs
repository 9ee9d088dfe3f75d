//! Why a command failed, the one line it prints, and its exit code.

use std::fmt;
use std::io;
use std::process::ExitCode;

use seam_core::SeamError;

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
}

#[derive(Debug)]
pub enum Failure {
    /// What the core said; its `Display` is the message.
    Seam(SeamError),
    /// A secret was offered as an option (its name without `--`; never its value).
    SecretOption(&'static str),
    /// stdout could not be written (other than a closed pipe, which ends quietly).
    Output(io::Error),
}

impl From<SeamError> for Failure {
    fn from(e: SeamError) -> Self {
        Self::Seam(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::Seam(e) => match e {
                SeamError::InvalidInput { .. } => code::INVALID_INPUT,
                SeamError::Config { .. } => code::CONFIG,
                SeamError::Unauthorized { .. } => code::UNAUTHORIZED,
                SeamError::Api { .. } => code::API,
                SeamError::InvalidResponse { .. } => code::INVALID_RESPONSE,
                SeamError::Timeout { .. } => code::TIMEOUT,
                SeamError::Network { .. } => code::NETWORK,
            },
            Self::SecretOption(_) => code::USAGE,
            Self::Output(_) => code::OUTPUT,
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
            Self::Output(e) => write!(f, "could not write the output: {e}"),
        }
    }
}
