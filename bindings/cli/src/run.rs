//! Runs a parsed command line: an endpoint's options become its parameters (`generated`), the
//! core checks and sends them by name (`Seam::call_json`, `Seam::pages_json`), and the answer
//! is printed (`output`); or a line per call (`bulk`), `completions`, `webhooks verify`.

use std::io::Write;

use clap::ArgMatches;
use clap_complete::Shell;
use seam_core::{Config, Form, Seam, SeamError, WaitOptions};
use serde_json::Value;

use crate::cli::{self, Global, Parsed};
use crate::failure::Failure;
use crate::generated;
use crate::options::{Answer, Endpoint};
use crate::output::{self, Table};
use crate::{bulk, webhook};

pub fn run(parsed: Parsed, out: &mut impl Write) -> Result<(), Failure> {
    if let Some(option) = parsed.secret_option {
        return Err(Failure::SecretOption(option));
    }
    let matches = &parsed.matches;
    let global = Global::read(matches);
    match matches.subcommand() {
        Some(("completions", sub)) => {
            let Some(shell) = sub.try_get_one::<Shell>("shell").ok().flatten() else {
                return Ok(());
            };
            // Into memory first: clap_complete panics when its writer fails (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cli::command(), "seam-core", &mut script);
            out.write_all(&script)?;
            Ok(())
        }
        Some(("webhooks", sub)) if sub.subcommand_name() == Some(webhook::VERIFY) => {
            webhook::verify(sub, global.table, out)
        }
        _ => match cli::endpoint_of(matches) {
            Some((endpoint, leaf)) => call(endpoint, leaf, &global, out),
            // clap requires a subcommand at every level: nothing else parses.
            None => Ok(()),
        },
    }
}

/// The client, configured by the options and then (in the core) by the environment.
pub fn client(global: &Global) -> Result<Seam, SeamError> {
    let wait = (global.no_wait || global.wait_timeout.is_some()).then_some(WaitOptions {
        wait: !global.no_wait,
        timeout: global.wait_timeout,
        polling_interval: None,
    });
    Seam::from_config(Config {
        endpoint: global.endpoint.clone(),
        timeout: global.timeout,
        max_retries: global.max_retries,
        workspace_id: global.workspace_id.clone(),
        wait_for_action_attempt: wait,
        ..Config::default()
    })
}

fn call(
    endpoint: &Endpoint,
    matches: &ArgMatches,
    global: &Global,
    out: &mut impl Write,
) -> Result<(), Failure> {
    // Local text first: a timestamp that does not read needs no client and sends nothing.
    let params = generated::params(endpoint.operation, matches)?;
    if let Some(options) = bulk::Options::read(matches)? {
        if global.table {
            return Err(Failure::Usage(
                "--format table does not apply to --input: each line's result is JSON".to_owned(),
            ));
        }
        let seam = client(global)?;
        return bulk::run(&seam, endpoint, params, &options, out);
    }
    let seam = client(global)?;
    let params = Value::Object(params).to_string();
    let all = matches.try_get_one::<bool>("all").ok().flatten() == Some(&true);
    match endpoint.answer {
        Answer::Page { items, record } if all => list_all(
            &seam,
            endpoint.operation,
            &params,
            (items, record),
            global,
            out,
        ),
        answer => {
            let text = seam.call_json(endpoint.operation, &params, Form::Api)?;
            Ok(output::answer(out, answer, &text, global.table)?)
        }
    }
}

/// Every page: JSON Lines written (and flushed) page by page as they come; a table once the
/// last page is in, since its columns are as wide as their widest cell.
fn list_all(
    seam: &Seam,
    operation: &str,
    params: &str,
    (items, record): (&str, &str),
    global: &Global,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut pages = seam.pages_json(operation, params)?;
    let mut rows = Vec::new();
    while let Some(text) = pages.next_page(Form::Api)? {
        let page = output::page(&text, items)?;
        if global.table {
            rows.extend(output::values(&page.items)?);
        } else {
            for item in &page.items {
                output::json_line(out, item.get())?;
            }
            out.flush()?;
        }
    }
    if global.table {
        Table::new(record, &rows).write(out)?;
    }
    Ok(())
}
