//! The command line: every command and option, each option named after the API parameter it
//! sets (kebab-case). Only the shape of the command line is checked here; the values go to
//! the core, which checks them before anything is sent.

use std::time::Duration;

use clap::{
    Arg, ArgGroup, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum,
};
use clap_complete::Shell;

const ABOUT: &str = "The Seam Connect access-control API (/acs/credentials/*) from the shell.";

const LONG_ABOUT: &str = "\
The Seam Connect access-control API (/acs/credentials/*) from the shell.

Each command prints what the API returned as JSON on stdout, with the API's own field names
(so it pipes into jq), or a table with --format table. Errors are one line on stderr and an
exit code per kind of error (see EXIT CODES below).";

/// Appended to `--help`: where the credentials come from, and why not from a flag.
const AFTER_LONG_HELP: &str = "\
CONFIGURATION:
  SEAM_API_KEY                 API key (seam_…)
  SEAM_PERSONAL_ACCESS_TOKEN   personal access token (seam_at…), with a workspace:
  SEAM_WORKSPACE_ID            the workspace it acts in (or --workspace-id)
  SEAM_ENDPOINT                API base URL (or --endpoint; default https://connect.getseam.com)

  There is no --api-key option, on purpose: a key given on a command line lands in the shell
  history and in process lists (ps) that other users can read. Set SEAM_API_KEY (or
  SEAM_PERSONAL_ACCESS_TOKEN with SEAM_WORKSPACE_ID) in the environment instead, for example
  from a secret store. Client session tokens are for apps, not the shell: none is read.

EXIT CODES:
  0  success
  1  the output could not be written
  2  usage: the command line does not parse (unknown option, missing option, a number
     or true/false that does not read)
  3  invalid input: a value was rejected before anything was sent (an id that is not a
     UUID, a timestamp that does not read, a code that is not digits, …)
  4  configuration: missing or conflicting credentials, a bad endpoint, timeout or retries
  5  unauthorized: the credentials were refused (HTTP 401)
  6  API error: any other error answer (for example 404 acs_credential_not_found)
  7  invalid response: the answer is not what the API promises
  8  timeout: no complete answer within --timeout (retries included)
  9  network: refused, DNS, TLS, reset";

/// Options that would put a secret on the command line. The parser accepts them only to
/// refuse them with an explanation (never echoing the value); they are absent from the
/// help and from the completion scripts, which are made from [`Cli`] alone.
const SECRET_OPTIONS: [&str; 3] = ["api-key", "personal-access-token", "client-session-token"];

/// The parsed command line, and the secret option it tried to use, if any.
pub struct Parsed {
    pub cli: Cli,
    pub secret_option: Option<&'static str>,
}

/// Parses the process's arguments; usage errors, `--help` and `--version` exit here with
/// clap's codes (2, 0).
pub fn parse() -> Parsed {
    let command = SECRET_OPTIONS.iter().fold(Cli::command(), |command, name| {
        command.arg(
            Arg::new(*name)
                .long(*name)
                .global(true)
                .hide(true)
                .num_args(0..=1)
                .value_name("SECRET"),
        )
    });
    let matches = command.get_matches();
    let secret_option = SECRET_OPTIONS
        .into_iter()
        .find(|name| given(&matches, name));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    Parsed { cli, secret_option }
}

/// Whether option `id` was given at any level of the command line.
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.contains_id(id) || matches.subcommand().is_some_and(|(_, sub)| given(sub, id))
}

/// `seam-core`: the root of the command line.
#[derive(Debug, Parser)]
#[command(
    name = "seam-core",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = "Credentials come from SEAM_API_KEY (or SEAM_PERSONAL_ACCESS_TOKEN with \
                  SEAM_WORKSPACE_ID), never from an option: see --help.",
    after_long_help = AFTER_LONG_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command: the client's configuration and the output format.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// API base URL [default: SEAM_ENDPOINT, then https://connect.getseam.com]; plain
    /// http:// only for loopback hosts.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Bound on one call, retries included, in seconds [default: 30].
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Option<Duration>,

    /// Retries of rate-limited or unavailable answers [default: 2, at most 10].
    #[arg(long, global = true, value_name = "N")]
    pub max_retries: Option<u32>,

    /// The workspace a personal access token acts in [default: SEAM_WORKSPACE_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub workspace_id: Option<String>,

    /// json: the API's objects (list --all: one object per line); table: for people.
    #[arg(long, global = true, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The API's JSON objects.
    Json,
    /// An aligned table of the main fields.
    Table,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Access control systems.
    Acs {
        #[command(subcommand)]
        command: AcsCommand,
    },
    /// Prints a completion script for a shell.
    ///
    /// For example `seam-core completions bash >
    /// ~/.local/share/bash-completion/completions/seam-core`, `seam-core completions zsh >
    /// "${fpath[1]}/_seam-core"`, `seam-core completions fish >
    /// ~/.config/fish/completions/seam-core.fish`.
    Completions {
        /// The shell.
        shell: Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum AcsCommand {
    /// Credentials: cards, PIN codes, mobile keys and cloud keys (/acs/credentials/*).
    Credentials {
        #[command(subcommand)]
        command: CredentialsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum CredentialsCommand {
    /// Assigns a credential to an ACS user (PATCH /acs/credentials/assign) and prints it.
    Assign(Assignment),
    /// Takes a credential back from an ACS user (PATCH /acs/credentials/unassign) and prints it.
    Unassign(Assignment),
    /// Creates a credential (POST /acs/credentials/create) and prints it.
    Create(Box<Create>),
    /// Prints one credential (GET /acs/credentials/get).
    Get(ById),
    /// Prints one page of credentials (GET /acs/credentials/list), or every page with --all.
    List(List),
    /// Changes a credential's code or end (PATCH /acs/credentials/update) and prints it.
    Update(Update),
    /// Deletes a credential (DELETE /acs/credentials/delete); prints nothing.
    Delete(ById),
    /// Prints the entrances a credential opens (GET /acs/credentials/list_accessible_entrances).
    ListAccessibleEntrances(ById),
}

/// Whose credential: exactly one of an ACS user or a user identity.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("holder").required(true).args(["acs_user_id", "user_identity_id"])))]
pub struct Assignment {
    /// The ACS user.
    #[arg(long, value_name = "ID")]
    pub acs_user_id: Option<String>,
    /// The user identity (instead of --acs-user-id): its ACS user in the credential's system.
    #[arg(long, value_name = "ID")]
    pub user_identity_id: Option<String>,
    /// The credential.
    #[arg(long, value_name = "ID")]
    pub acs_credential_id: String,
}

#[derive(Debug, Args)]
pub struct ById {
    /// The credential.
    #[arg(long, value_name = "ID")]
    pub acs_credential_id: String,
}

/// Every parameter of the API's create body.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("holder").required(true).args(["acs_user_id", "user_identity_id"])))]
pub struct Create {
    /// code, card, mobile_key or cloud_key (a value newer than this tool is sent as given).
    #[arg(long, value_name = "METHOD")]
    pub access_method: String,
    /// The ACS user the credential is for.
    #[arg(long, value_name = "ID")]
    pub acs_user_id: Option<String>,
    /// The user identity the credential is for (instead of --acs-user-id); needs
    /// --acs-system-id.
    #[arg(long, value_name = "ID")]
    pub user_identity_id: Option<String>,
    /// The access control system of the credential.
    #[arg(long, value_name = "ID")]
    pub acs_system_id: Option<String>,
    /// An entrance the credential opens (repeat for several: allowed_acs_entrance_ids).
    #[arg(long = "allowed-acs-entrance-id", value_name = "ID")]
    pub allowed_acs_entrance_ids: Vec<String>,
    /// The PIN code (digits).
    #[arg(long)]
    pub code: Option<String>,
    /// When the credential starts to open doors (RFC 3339, e.g. 2024-04-12T03:56:22Z).
    #[arg(long, value_name = "TIME")]
    pub starts_at: Option<String>,
    /// When the credential stops opening doors (RFC 3339); after --starts-at.
    #[arg(long, value_name = "TIME")]
    pub ends_at: Option<String>,
    /// Whether the credential is a multi-phone sync credential (alone: true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub is_multi_phone_sync_credential: Option<bool>,
    /// The ACS system of the credential manager.
    #[arg(long, value_name = "ID")]
    pub credential_manager_acs_system_id: Option<String>,
    #[command(flatten)]
    pub visionline: Visionline,
    #[command(flatten)]
    pub vostio: Vostio,
    #[command(flatten)]
    pub salto_space: SaltoSpace,
}

/// `visionline_metadata` of create.
#[derive(Debug, Args)]
#[command(next_help_heading = "Visionline (visionline_metadata)")]
pub struct Visionline {
    /// Whether the card joins the entrances of other cards (alone: true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub visionline_auto_join: Option<bool>,
    /// TLCode or rfid48.
    #[arg(long, value_name = "FORMAT")]
    pub visionline_card_format: Option<String>,
    /// guest (the API's default) or staff.
    #[arg(long, value_name = "TYPE")]
    pub visionline_card_function_type: Option<String>,
    /// A credential the card joins (repeat for several).
    #[arg(long, value_name = "ID")]
    pub visionline_joiner_acs_credential_id: Vec<String>,
    /// Whether the card overrides the cards it joins (the API's `override`; alone: true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub visionline_override: Option<bool>,
}

/// `assa_abloy_vostio_metadata` of create.
#[derive(Debug, Args)]
#[command(next_help_heading = "ASSA ABLOY Vostio (assa_abloy_vostio_metadata)")]
pub struct Vostio {
    /// Whether the key joins the entrances of other keys (alone: true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub assa_abloy_vostio_auto_join: Option<bool>,
    /// Whether the key opens every guest entrance (alone: true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub assa_abloy_vostio_join_all_guest_acs_entrances: Option<bool>,
    /// Whether the key overrides every guest entrance (alone: true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub assa_abloy_vostio_override_all_guest_acs_entrances: Option<bool>,
    /// A guest entrance the key overrides (repeat for several).
    #[arg(long, value_name = "ID")]
    pub assa_abloy_vostio_override_guest_acs_entrance_id: Vec<String>,
}

/// `salto_space_metadata` of create.
#[derive(Debug, Args)]
#[command(next_help_heading = "Salto Space (salto_space_metadata)")]
pub struct SaltoSpace {
    /// Whether to assign a first, new card to the user (alone: true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub salto_space_assign_new_key: Option<bool>,
}

/// The filters of list, and how much of it to print.
#[derive(Debug, Args)]
pub struct List {
    /// Only the credentials of this ACS user.
    #[arg(long, value_name = "ID")]
    pub acs_user_id: Option<String>,
    /// Only the credentials of this access control system.
    #[arg(long, value_name = "ID")]
    pub acs_system_id: Option<String>,
    /// Only the credentials of this user identity.
    #[arg(long, value_name = "ID")]
    pub user_identity_id: Option<String>,
    /// Only multi-phone sync credentials (true, or alone) or only the others (false).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub is_multi_phone_sync_credential: Option<bool>,
    /// Only the credentials created before this moment (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub created_before: Option<String>,
    /// Only the credentials whose name, code or id contains this text.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Credentials per page [API default: 500].
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
    /// Where the page starts: a previous page's pagination.next_page_cursor.
    #[arg(long, value_name = "CURSOR")]
    pub page_cursor: Option<String>,
    /// Every page, one after the other: one credential per line (JSON Lines), as they come.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct Update {
    /// The credential.
    #[arg(long, value_name = "ID")]
    pub acs_credential_id: String,
    /// The new PIN code (digits).
    #[arg(long)]
    pub code: Option<String>,
    /// The new end (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub ends_at: Option<String>,
}

/// `--timeout`: a number of seconds, fractions allowed (`0` is the core's to refuse).
fn seconds(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| "expected a number of seconds, such as 30 or 2.5".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn timeouts_read_as_seconds() {
        assert_eq!(seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(seconds("0"), Ok(Duration::ZERO));
        assert!(seconds("-1").is_err());
        assert!(seconds("soon").is_err());
        assert!(seconds("inf").is_err());
    }
}
