//! `seam-core webhooks verify`: checks one webhook delivery (its body on stdin, its headers
//! as `--header 'name: value'`) with the webhook's secret, from `SEAM_WEBHOOK_SECRET` only,
//! and prints the event. A delivery that is not genuine exits 12 (answer it 400 or 401); one
//! Seam signed that is not an event exits 13 (acknowledge it and drop it). The secret is never
//! printed, nor taken from an option.

use std::io::{self, Read, Write};

use clap::{Arg, ArgAction, ArgMatches, Command};
use seam_core::{SeamError, SeamWebhook};

use crate::failure::Failure;
use crate::options::Answer;
use crate::output;

pub const VERIFY: &str = "verify";

const SECRET: &str = "SEAM_WEBHOOK_SECRET";

pub fn command() -> Command {
    Command::new(VERIFY)
        .about("Checks a webhook delivery (body on stdin) and prints its event")
        .long_about(
            "Checks that a webhook delivery comes from Seam and carries an event, and prints the \
             event as JSON.\n\nThe body is read from stdin exactly as received; the headers \
             (svix-id, svix-timestamp, svix-signature) are given with --header. The webhook's \
             secret (whsec_…) is read from SEAM_WEBHOOK_SECRET, never from an option.\n\nExit \
             codes: 0 genuine (the event is printed); 12 not genuine (answer 400 or 401, act on \
             nothing); 13 signed by Seam but not an event (acknowledge it, drop it); 4 no or a \
             malformed secret.",
        )
        .arg(
            Arg::new("header")
                .long("header")
                .short('H')
                .value_name("NAME: VALUE")
                .action(ArgAction::Append)
                .help("A header of the delivery, as `name: value` (repeat for each)"),
        )
}

pub fn verify(matches: &ArgMatches, table: bool, out: &mut impl Write) -> Result<(), Failure> {
    let Some((_, matches)) = matches.subcommand() else {
        return Ok(());
    };
    let mut headers = Vec::new();
    for header in matches
        .try_get_many::<String>("header")
        .ok()
        .flatten()
        .into_iter()
        .flatten()
    {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Failure::from(SeamError::InvalidInput {
                parameter: "--header".to_owned(),
                reason: format!("{header:?} is not `name: value`"),
            }));
        };
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let secret = std::env::var(SECRET).map_err(|_| SeamError::Config {
        reason: format!("{SECRET} is not set: it holds the webhook's secret (whsec_…)"),
    })?;
    let webhook = SeamWebhook::new(&secret)?;
    let mut body = Vec::new();
    io::stdin()
        .read_to_end(&mut body)
        .map_err(|e| SeamError::InvalidInput {
            parameter: "stdin".to_owned(),
            reason: format!("cannot read the body: {e}"),
        })?;
    let event = webhook
        .verify_event(&body, &headers)
        .map_err(Failure::Webhook)?;
    let json = serde_json::to_string(&event).map_err(io::Error::other)?;
    Ok(output::answer(out, Answer::One("Event"), &json, table)?)
}
