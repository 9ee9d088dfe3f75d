//! `seam-core`: the Seam Connect access-control API from the shell, over the Rust core.
//!
//! `seam-core acs credentials assign --acs-user-id … --acs-credential-id …` prints the
//! credential the API returned as JSON; errors are one line on stderr and an exit code per
//! kind (see `failure::code` and `--help`). Credentials come from the environment only.
//!
//! Every endpoint's command, options and help are generated (`generated.rs`, by
//! `seam-core-generator` from the API's facts); the rest is written here: running a call by
//! name through the core, printing, bulk mode, errors, `completions`, `webhooks verify`. The
//! library is the binary's, and [`command`] gives the man page its text.

mod bulk;
mod cli;
mod failure;
mod generated;
mod options;
mod output;
mod run;
mod timestamp;
mod webhook;

use std::io::{self, Write};
use std::process::ExitCode;

/// The whole command line, as `--help`, the completions and the man page show it.
pub fn command() -> clap::Command {
    cli::command()
}

/// Runs the process's command line.
pub fn main() -> ExitCode {
    // Usage errors, --help and --version end here, with clap's exit codes (2, 0).
    let parsed = cli::parse();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = run::run(parsed, &mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of stdout went away (`… | head`): nothing is left to say.
        Err(failure) if failure.is_closed_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            // What was printed before the failure (lines of `list --all`) is kept.
            let _ = out.flush();
            let _ = writeln!(io::stderr(), "seam-core: {failure}");
            failure.exit_code()
        }
    }
}
