//! The command line around the generated endpoints (`generated.rs`): the root command, the
//! options every command has, the options of bulk mode, `completions` and `webhooks verify`.
//! Only the shape of the command line is checked here; the values go to the core, which
//! checks them before anything is sent.

use std::time::Duration;

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use clap_complete::Shell;

use crate::bulk;
use crate::generated;
use crate::options::{Answer, Endpoint};
use crate::webhook;

const ABOUT: &str = "The Seam Connect access-control API from the shell.";

const LONG_ABOUT: &str = "\
The Seam Connect access-control API from the shell: every call of the API as a command in its
namespace (seam-core acs users create, seam-core user-identities list, …), each option named
after the API parameter it sets.

Each command prints what the API returned as JSON on stdout, with the API's own field names
(so it pipes into jq), or a table with --format table. Errors are one line on stderr and an
exit code per kind of error (see EXIT CODES below). With --input, a command makes one call per
line of a JSON Lines file (bulk mode: see seam-core <command> --help).";

/// Appended to `--help`: where the credentials come from, and why not from a flag.
const AFTER_LONG_HELP: &str = "\
CONFIGURATION:
  SEAM_API_KEY                 API key (seam_…)
  SEAM_PERSONAL_ACCESS_TOKEN   personal access token (seam_at…), with a workspace:
  SEAM_WORKSPACE_ID            the workspace it acts in (or --workspace-id)
  SEAM_ENDPOINT                API base URL (or --endpoint; default https://connect.getseam.com)
  SEAM_WEBHOOK_SECRET          the webhook's secret (whsec_…), for seam-core webhooks verify

  There is no --api-key option, on purpose: a key given on a command line lands in the shell
  history and in process lists (ps) that other users can read. Set SEAM_API_KEY (or
  SEAM_PERSONAL_ACCESS_TOKEN with SEAM_WORKSPACE_ID) in the environment instead, for example
  from a secret store. Client session tokens are for apps, not the shell: none is read.

VALUES:
  Times are RFC 3339 with an offset (2024-04-12T03:56:22Z). Yes/no options take true or false
  (alone: true). An enum value newer than this tool is sent as given. Options that take JSON
  say so.

EXIT CODES:
  0   success
  1   the output could not be written
  2   usage: the command line does not parse (unknown option, missing option, a number
      or true/false that does not read)
  3   invalid input: a value was rejected before anything was sent (an id that is not a
      UUID, a timestamp that does not read, a code that is not digits, …)
  4   configuration: missing or conflicting credentials, a bad endpoint, timeout or retries
  5   unauthorized: the credentials were refused (HTTP 401)
  6   API error: any other error answer (for example 404 acs_credential_not_found)
  7   invalid response: the answer is not what the API promises
  8   timeout: no complete answer within --timeout (retries included)
  9   network: refused, DNS, TLS, reset
  10  action attempt failed: the attempt the call waited for ended in error
  11  action attempt timeout: the attempt had not ended within --wait-timeout
  12  webhook not genuine: webhooks verify refused the delivery (answer it 400/401)
  13  webhook not an event: signed by Seam but not an event (acknowledge it, drop it)
  14  bulk mode: at least one line failed (its result says why)
  130 bulk mode interrupted (SIGINT or SIGTERM): finish with --resume";

/// Options that would put a secret on the command line. The parser accepts them only to
/// refuse them with an explanation (never echoing the value); they are absent from the
/// help and from the completion scripts, which are made from [`command`] alone.
const SECRET_OPTIONS: [&str; 3] = ["api-key", "personal-access-token", "client-session-token"];

/// The command line: every command and option, as the help and the completions show it.
pub fn command() -> Command {
    let root = Command::new("seam-core")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .long_about(LONG_ABOUT)
        .after_help(
            "Credentials come from SEAM_API_KEY (or SEAM_PERSONAL_ACCESS_TOKEN with \
             SEAM_WORKSPACE_ID), never from an option: see --help.",
        )
        .after_long_help(AFTER_LONG_HELP)
        .propagate_version(true)
        .subcommand_required(true)
        .next_help_heading("Global options")
        .args(global_options())
        .subcommands(generated::commands())
        .subcommand(completions());
    root.mut_subcommand("webhooks", |webhooks| {
        webhooks.subcommand(webhook::command())
    })
}

fn global_options() -> [Arg; 7] {
    [
        Arg::new("endpoint")
            .long("endpoint")
            .global(true)
            .value_name("URL")
            .help(
                "API base URL [default: SEAM_ENDPOINT, then https://connect.getseam.com]; plain \
                 http:// only for loopback hosts",
            ),
        Arg::new("timeout")
            .long("timeout")
            .global(true)
            .value_name("SECONDS")
            .value_parser(seconds)
            .help("Bound on one call, retries included, in seconds [default: 30]"),
        Arg::new("max_retries")
            .long("max-retries")
            .global(true)
            .value_name("N")
            .value_parser(value_parser!(u32))
            .help("Retries of rate-limited or unavailable answers [default: 2, at most 10]"),
        Arg::new("workspace_id")
            .long("workspace-id")
            .global(true)
            .value_name("ID")
            .help("The workspace a personal access token acts in [default: SEAM_WORKSPACE_ID]"),
        Arg::new("format")
            .long("format")
            .global(true)
            .value_name("FORMAT")
            .value_parser(["json", "table"])
            .default_value("json")
            .help("json: the API's objects (--all: one per line); table: for people"),
        Arg::new("no_wait")
            .long("no-wait")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Calls that start an action attempt print it pending instead of waiting for it"),
        Arg::new("wait_timeout")
            .long("wait-timeout")
            .global(true)
            .value_name("SECONDS")
            .value_parser(seconds)
            .conflicts_with("no_wait")
            .help("How long a call waits for its action attempt [default: 10]"),
    ]
}

fn completions() -> Command {
    Command::new("completions")
        .about("Prints a completion script for a shell")
        .long_about(
            "Prints a completion script for a shell.\n\nFor example `seam-core completions bash > \
             ~/.local/share/bash-completion/completions/seam-core`, `seam-core completions zsh > \
             \"${fpath[1]}/_seam-core\"`, `seam-core completions fish > \
             ~/.config/fish/completions/seam-core.fish`.",
        )
        .arg(
            Arg::new("shell")
                .required(true)
                .value_parser(value_parser!(Shell))
                .help("The shell"),
        )
}

/// An endpoint's command with the options every endpoint has: `--all` for a paginated list,
/// and bulk mode's.
pub fn endpoint(command: Command, answer: Answer) -> Command {
    let command = match answer {
        Answer::Page { .. } => command.arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["page_cursor", bulk::INPUT])
                .help(
                    "Every page, one after the other: one object per line (JSON Lines), as \
                     they come (--limit sets the page size)",
                ),
        ),
        _ => command,
    };
    command.args(bulk::options())
}

/// The parsed command line, and the secret option it tried to use, if any.
pub struct Parsed {
    pub matches: ArgMatches,
    pub secret_option: Option<&'static str>,
}

/// Parses the process's arguments; usage errors, `--help` and `--version` exit here with
/// clap's codes (2, 0).
pub fn parse() -> Parsed {
    let command = SECRET_OPTIONS.iter().fold(command(), |command, name| {
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
    Parsed {
        matches,
        secret_option,
    }
}

/// Whether option `id` was given at any level of the command line.
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.try_contains_id(id).unwrap_or(false)
        || matches.subcommand().is_some_and(|(_, sub)| given(sub, id))
}

/// The options of every command, as given.
#[derive(Debug, Clone)]
pub struct Global {
    pub endpoint: Option<String>,
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub workspace_id: Option<String>,
    pub table: bool,
    pub no_wait: bool,
    pub wait_timeout: Option<Duration>,
}

impl Global {
    /// Global options are read from the innermost command, where clap puts them.
    pub fn read(matches: &ArgMatches) -> Self {
        let mut leaf = matches;
        while let Some((_, sub)) = leaf.subcommand() {
            leaf = sub;
        }
        let one = |id: &str| leaf.try_get_one::<String>(id).ok().flatten().cloned();
        let seconds = |id: &str| leaf.try_get_one::<Duration>(id).ok().flatten().copied();
        Self {
            endpoint: one("endpoint"),
            timeout: seconds("timeout"),
            max_retries: leaf
                .try_get_one::<u32>("max_retries")
                .ok()
                .flatten()
                .copied(),
            workspace_id: one("workspace_id"),
            table: one("format").as_deref() == Some("table"),
            no_wait: leaf.try_get_one::<bool>("no_wait").ok().flatten() == Some(&true),
            wait_timeout: seconds("wait_timeout"),
        }
    }
}

/// The endpoint a command line names, and the matches of its command.
pub fn endpoint_of(matches: &ArgMatches) -> Option<(&'static Endpoint, &ArgMatches)> {
    let mut path = Vec::new();
    let mut leaf = matches;
    while let Some((name, sub)) = leaf.subcommand() {
        path.push(name);
        leaf = sub;
    }
    generated::ENDPOINTS
        .iter()
        .find(|e| e.command == path.as_slice())
        .map(|e| (e, leaf))
}

/// `--timeout` and the like: a number of seconds, fractions allowed (`0` is the core's to
/// refuse).
pub fn seconds(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| "expected a number of seconds, such as 30 or 2.5".to_owned())
}

/// The exit codes, as `--help` lists them (checked by a test against `failure::code`).
#[cfg(test)]
fn listed_codes() -> Vec<u8> {
    AFTER_LONG_HELP
        .split("EXIT CODES:")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_whitespace().next()?.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::code;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_endpoint_has_its_command() {
        let root = command();
        for endpoint in generated::ENDPOINTS {
            let command = endpoint
                .command
                .iter()
                .try_fold(&root, |command, name| command.find_subcommand(name));
            assert!(
                command.is_some_and(|c| c.get_arguments().any(|a| a.get_id() == bulk::INPUT)),
                "{}",
                endpoint.operation
            );
        }
        assert_eq!(
            generated::ENDPOINTS.len(),
            seam_core::Seam::operations().len()
        );
    }

    #[test]
    fn help_lists_every_exit_code() {
        assert_eq!(
            listed_codes(),
            [
                0,
                code::OUTPUT,
                code::USAGE,
                code::INVALID_INPUT,
                code::CONFIG,
                code::UNAUTHORIZED,
                code::API,
                code::INVALID_RESPONSE,
                code::TIMEOUT,
                code::NETWORK,
                code::ACTION_ATTEMPT_FAILED,
                code::ACTION_ATTEMPT_TIMEOUT,
                code::WEBHOOK_NOT_GENUINE,
                code::WEBHOOK_NOT_AN_EVENT,
                code::BULK_FAILED,
                code::INTERRUPTED,
            ]
        );
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
