//! `seam-core`: the Seam Connect access-control API from the shell, over the Rust core.
//!
//! `seam-core acs credentials assign --acs-user-id … --acs-credential-id …` prints the
//! credential the API returned as JSON; errors are one line on stderr and an exit code per
//! kind (see `failure::code` and `--help`). Credentials come from the environment only.

mod cli;
mod failure;
mod output;
mod run;
mod timestamp;

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
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
